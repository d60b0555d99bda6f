"""Beneficiaries: search, record, and their rights (export, erasure)."""
import datetime

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404

from .. import export as exporting
from ..hotline import privacy
from ..auth import local_path
from ..errors import Refused
from . import refused
from ..hotline.beneficiaries import save_beneficiary, search
from ..hotline.forms import BeneficiaryForm
from ..models import Beneficiary, Handover, Partner, Request

bp = Blueprint("beneficiaries", __name__, url_prefix="/beneficiaries")


def get_beneficiary(beneficiary_id):
    return get_object_or_404(Beneficiary, Beneficiary.id == beneficiary_id)


def _form(obj=None):
    form = BeneficiaryForm(obj=obj)
    form.fill_choices(Partner.by_name())
    return form


@bp.route("/")
def index():
    q = (request.args.get("q") or "").strip()[:100]
    found = search(q, include_erased=request.args.get("erased") == "1").limit(200)
    return render_template("beneficiaries/index.html", beneficiaries=found, q=q)


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = _form()
    if request.method == "GET":
        form.partner.data = request.args.get("partner", type=int)
    if form.validate_on_submit():
        try:
            person = save_beneficiary(None, **form.values())
        except Refused as error:
            refused(error)
        else:
            flash(_("Beneficiary added."), "success")
            return redirect(local_path(request.args.get("next"))
                            or url_for("beneficiaries.edit", beneficiary_id=person.id))
    return render_template("beneficiaries/edit.html", form=form, person=None)


@bp.route("/<int:beneficiary_id>", methods=["GET", "POST"])
def edit(beneficiary_id):
    person = get_beneficiary(beneficiary_id)
    form = _form(obj=person)
    if request.method == "GET":
        form.partner.data = person.partner_id
    elif form.validate_on_submit():
        try:
            save_beneficiary(person, **form.values())
        except Refused as error:
            refused(error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("beneficiaries.edit", beneficiary_id=person.id))
    handovers = Handover.of_beneficiary(person)
    requests = Request.select().where(Request.beneficiary == person.id).order_by(Request.id.desc())
    return render_template("beneficiaries/edit.html", form=form, person=person,
                           handovers=handovers, requests=requests)


@bp.route("/<int:beneficiary_id>/export.<any(json, csv):format>")
def export(beneficiary_id, format):
    person = get_beneficiary(beneficiary_id)
    if format == "json":
        body, mimetype = privacy.export_json(person), "application/json"
    else:
        body, mimetype = privacy.export_csv(person), exporting.CSV_TYPE
    name = "beneficiary-%d-%s.%s" % (person.id, datetime.date.today().isoformat(), format)
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": 'attachment; filename="%s"' % name,
                             "Cache-Control": "no-store"})


@bp.route("/<int:beneficiary_id>/erase", methods=["POST"])
def erase(beneficiary_id):
    person = get_beneficiary(beneficiary_id)
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm the erasure."), "error")
    else:
        try:
            privacy.erase(person, current_user.id)
        except Refused as error:
            refused(error)
        else:
            flash(_("The personal data is erased; the handovers remain under a pseudonym."),
                  "success")
    return redirect(url_for("beneficiaries.edit", beneficiary_id=person.id))
