"""Campaign targets (admins) and the dashboard's figures as CSV or XLSX (staff)."""
from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from playhouse.flask_utils import get_object_or_404
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange

from ..dashboard import figures as dashboard, targets as campaign
from .. import export as exporting, localtime
from ..errors import Refused
from ..forms import choices
from ..models import Target
from . import refused
from ..vocabulary import terms

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


class TargetForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    metric = SelectField(_l("What is counted"), choices=choices(terms("metric"), campaign.METRICS))
    goal = IntegerField(_l("Goal"), validators=[
        InputRequired(), NumberRange(min=1, max=campaign.MAX_GOAL)],
        render_kw={"inputmode": "numeric"})
    starts_on = DateField(_l("Start date"), validators=[InputRequired()])
    ends_on = DateField(_l("End date"), validators=[InputRequired()])
    active = BooleanField(_l("Shown on the dashboard"), default=True)


def _save(target, form):
    try:
        return campaign.save(target, form.name.data, form.metric.data, form.goal.data,
                            form.starts_on.data, form.ends_on.data, form.active.data)
    except Refused as error:
        refused(error)
        return None


@bp.route("/targets", methods=["GET", "POST"])
def targets():
    form = TargetForm()
    if form.validate_on_submit() and _save(None, form):
        flash(_("Target saved."), "success")
        return redirect(url_for("dashboard.targets"))
    today = localtime.today()
    rows = [campaign.progress(target, today)
            for target in Target.select().order_by(Target.active.desc(), Target.ends_on.desc())]
    return render_template("dashboard/targets.html", form=form, rows=rows)


@bp.route("/targets/<int:target_id>", methods=["GET", "POST"])
def target(target_id):
    row = get_object_or_404(Target, Target.id == target_id)
    form = TargetForm(obj=row)
    if form.validate_on_submit() and _save(row, form):
        flash(_("Target saved."), "success")
        return redirect(url_for("dashboard.targets"))
    return render_template("dashboard/target.html", form=form, target=row)


HEADERS = (_l("Section"), _l("Item"), _l("Measure"), _l("Value"))


@bp.route("/export.<any(csv, xlsx):format>")
def export(format):
    data = dashboard.figures()
    rows = dashboard.export_rows(data)
    headers = [str(text) for text in HEADERS]
    body, mimetype = exporting.table(headers, rows, format, title=_("Dashboard"))
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": 'attachment; filename="dashboard-%s.%s"'
                               % (data.today.isoformat(), format),
        "Cache-Control": "no-store"})
