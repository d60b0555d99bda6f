"""Importing a donor's spreadsheet: upload, column mapping, preview of every row, confirmation."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from ..intake import importing
from ..errors import Refused
from ..intake.forms import ConfirmForm, UploadForm
from ..forms import choices
from ..intake.spreadsheet.reading import FIELD_LABELS, FIELDS
from . import get_donation, refused

bp = Blueprint("imports", __name__)

PREVIEW_PAGE = 500
STATUS_ORDER = ("error", "duplicate", "known", "ok")


def get_upload(token):
    return importing.pending(token) or abort(404)


@bp.route("/donations/<int:donation_id>/import", methods=["GET", "POST"])
def upload(donation_id):
    donation = get_donation(donation_id)
    form = UploadForm()
    if form.validate_on_submit():
        sent = form.file.data
        try:
            kept = importing.start(donation, sent.filename, sent.read(), current_user.id,
                                   category=form.category.data)
        except Refused as error:
            form.file.errors = [str(reason) for reason in error.reasons]
        else:
            if kept.needs_mapping:
                return redirect(url_for("imports.mapping", token=kept.token))
            return redirect(url_for("imports.preview", token=kept.token))
    return render_template("imports/upload.html", form=form, donation=donation,
                           donor=donation.donor, max_mb=_max_mb(),
                           history=importing.history(donation))


def _max_mb():
    return "%g" % (current_app.config.get("IMPORT_MAX_BYTES", 5_000_000) / 1_000_000)


def _field_choices():
    return choices(FIELD_LABELS, FIELDS, blank=_("— ignore this column —"))


@bp.route("/imports/<token>/mapping", methods=["GET", "POST"])
def mapping(token):
    kept = get_upload(token)
    table = importing.table_of(kept)
    width = len(table.headers)
    current = importing.mapping_of(kept)
    if request.method == "POST":
        current = {i: request.form.get("column-%d" % i, "") or None for i in range(width)}
        try:
            importing.set_mapping(kept, current, width)
        except Refused as error:
            refused(error)
        else:
            return redirect(url_for("imports.preview", token=kept.token))
    columns = [(i, header, current.get(i) or "", [cells[i] for _line, cells in table.rows[:3]])
               for i, header in enumerate(table.headers)]
    return render_template("imports/mapping.html", upload=kept, columns=columns,
                           fields=_field_choices(), donation=kept.donation)


@bp.route("/imports/<token>")
def preview(token):
    kept = get_upload(token)
    checked = importing.preview(kept)
    show = request.args.get("show", "problems" if _problems(checked) else "all")
    rows = checked.rows
    if show == "problems":
        rows = [row for row in rows if row.status != "ok"]
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    shown = rows[(page - 1) * PREVIEW_PAGE:page * PREVIEW_PAGE]
    return render_template("imports/preview.html", upload=kept, checked=checked, rows=shown,
                           show=show, page=page, more=len(rows) > page * PREVIEW_PAGE,
                           donation=kept.donation, form=ConfirmForm(),
                           field_labels=FIELD_LABELS)


def _problems(checked):
    return checked.counts["total"] - checked.counts["ok"]


@bp.route("/imports/<token>/confirm", methods=["POST"])
def confirm(token):
    kept = importing.pending(token)
    if kept is None:
        flash(_("This import is finished or has expired: nothing was changed."), "error")
        return redirect(url_for("main.home"))
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        outcome = importing.commit(kept, current_user.id, skip_errors=form.skip_errors.data,
                                   plan=request.form.get("plan"))
    except Refused as error:
        refused(error)
        return redirect(url_for("imports.preview", token=kept.token))
    if outcome.filled:
        flash(ngettext("%(num)d received device filled: %(first)s.",
                       "%(num)d received devices filled: %(first)s to %(last)s.",
                       outcome.filled, first=outcome.first_filled, last=outcome.last_filled),
              "success")
    if not outcome.added:
        if not outcome.filled:
            flash(_("Nothing new to add: every serial number of this file is already in the "
                    "inventory."), "warning")
        return redirect(url_for("donors.donation", donation_id=kept.donation_id))
    flash(ngettext("%(num)d device imported: %(first)s (%(skipped)d rows left out).",
                   "%(num)d devices imported: %(first)s to %(last)s (%(skipped)d rows left out).",
                   outcome.added, first=outcome.first_tag, last=outcome.last_tag,
                   skipped=outcome.skipped), "success")
    return redirect(url_for("donors.received", donation_id=kept.donation_id,
                            first=outcome.first_tag, count=outcome.added))


@bp.route("/imports/<token>/cancel", methods=["POST"])
def cancel(token):
    kept = get_upload(token)
    importing.discard(kept)
    flash(_("Import cancelled: nothing was changed."), "success")
    return redirect(url_for("donors.donation", donation_id=kept.donation_id))
