"""Partner organisations that refer beneficiaries and send requests."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from playhouse.flask_utils import get_object_or_404

from ..errors import Refused
from ..hotline.forms import PartnerForm
from ..models import Partner, Request
from ..hotline.requests import save_partner
from . import refused

bp = Blueprint("partners", __name__, url_prefix="/partners")

FIELDS = ("name", "kind", "contact_name", "contact_email", "contact_phone", "town", "notes")


def _save(partner, form):
    try:
        return save_partner(partner, **{name: getattr(form, name).data for name in FIELDS})
    except Refused as error:
        refused(error)
        return None


@bp.route("/")
def index():
    partners = Partner.by_name()
    return render_template("partners/index.html", partners=partners)


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = PartnerForm()
    if form.validate_on_submit() and (partner := _save(None, form)):
        flash(_("Partner %(name)s added.", name=partner.name), "success")
        return redirect(url_for("partners.index"))
    return render_template("partners/edit.html", form=form, partner=None)


@bp.route("/<int:partner_id>", methods=["GET", "POST"])
def edit(partner_id):
    partner = get_object_or_404(Partner, Partner.id == partner_id)
    form = PartnerForm(obj=partner)
    if form.validate_on_submit() and _save(partner, form):
        flash(_("Saved."), "success")
        return redirect(url_for("partners.edit", partner_id=partner.id))
    requests = Request.of_partner(partner)
    return render_template("partners/edit.html", form=form, partner=partner, requests=requests)
