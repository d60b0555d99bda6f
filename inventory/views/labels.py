"""Label sheets, blank pre-numbered labels and the bulk-scanning action cards."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange

from ..workshop import bulk_scan
from ..errors import Refused
from ..labels import printing as label_printing
from ..forms import choices
from ..labels.sheets import render_action_cards
from . import pdf_response, refused

bp = Blueprint("labels", __name__)


class BlankForm(FlaskForm):
    format = SelectField(_l("Label format"), validators=[InputRequired()])
    start = IntegerField(_l("First label position on the sheet"), default=1,
                         validators=[InputRequired(), NumberRange(min=1)],
                         render_kw={"inputmode": "numeric", "min": 1})
    count = IntegerField(_l("Number of blank labels"), default=24, validators=[
        InputRequired(), NumberRange(min=1, max=label_printing.MAX_BLANK)],
        render_kw={"inputmode": "numeric", "min": 1, "max": label_printing.MAX_BLANK})


def _format_choices(formats):
    return choices({name: f.description for name, f in formats.items()}, sorted(formats))


def _int(value, default=None, invalid=None):
    """A whole number from a form value: default when empty, invalid when not a number."""
    value = (value or "").strip()
    if not value:
        return default
    return int(value) if value.isdigit() else invalid


@bp.route("/labels", methods=["GET", "POST"])
def sheet():
    values = request.values
    source = label_printing.Source.from_args(values)
    formats, errors = label_printing.formats()
    if values.get("format"):
        try:
            label_format = label_printing.get_format(values["format"])
            pdf = label_printing.print_devices(
                label_format, source, start=_int(values.get("start"), 1, invalid=0),
                limit=label_printing.MAX_WEB_LABELS)
        except Refused as error:
            refused(error)
        else:
            return pdf_response(pdf, "labels-%s.pdf" % label_format.name, inline=True)
    count = None
    if source.chosen:
        try:
            count = source.count()
        except Refused as error:
            refused(error)
    blank = BlankForm(formdata=None)
    blank.format.choices = _format_choices(formats)
    return render_template("labels/sheet.html", source=source, count=count, formats=formats,
                           format_errors=errors, chosen_format=values.get("format", ""),
                           start=_int(values.get("start"), 1), blank=blank)


@bp.route("/labels/blank", methods=["POST"])
def blank():
    formats, _errors = label_printing.formats()
    form = BlankForm()
    form.format.choices = _format_choices(formats)
    if not form.validate_on_submit():
        for field_errors in form.errors.values():
            for error in field_errors:
                flash(str(error), "error")
        return redirect(url_for("labels.sheet"))
    try:
        label_format = label_printing.get_format(form.format.data)
        tags, pdf = label_printing.print_blank(label_format, form.count.data,
                                               start=form.start.data)
    except Refused as error:
        refused(error)
        return redirect(url_for("labels.sheet"))
    return pdf_response(pdf, "blank-%s-%s.pdf" % (tags[0], tags[-1]), inline=True)


@bp.route("/labels/cards.pdf")
def cards():
    locations = [" ".join(v.split())[:bulk_scan.MAX_PARAM] for v in request.args.getlist(
        "location") if v.strip()] or bulk_scan.known_locations()
    pdf = render_action_cards(bulk_scan.action_cards(locations))
    return pdf_response(pdf, "action-cards.pdf", inline=True)
