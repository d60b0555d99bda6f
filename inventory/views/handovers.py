"""Handing a device over, its receipt, its return, and the terms texts (admins)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404

from ..errors import Refused
from .. import vocabulary
from ..documents import receipts
from ..hotline.beneficiaries import choices_for_handover
from ..documents.pdf.text import LANGUAGES
from ..hotline.handover import (
    accessory_items, current_terms, hand_over, open_handover, record_return, reopen_request,
    reopenable,
    save_terms,
)
from ..hotline.forms import HandoverForm, ReturnForm, TermsForm
from ..forms import posted_version
from ..models import HANDOVER_KINDS, Beneficiary, Device, Handover, TermsText
from ..vocabulary import term
from ..hotline.requests import reservation_of
from . import get_device, pdf_response, refused

bp = Blueprint("handovers", __name__)


@bp.route("/d/<tag>/handover", methods=["GET", "POST"])
def new(tag):
    device = get_device(tag)
    reserved_for = reservation_of(device) if device.status == "reserved" else None
    form = HandoverForm()
    form.fill_choices(choices_for_handover())
    if request.method == "GET":
        form.version.data = device.version
        form.beneficiary.data = request.args.get("beneficiary", type=int) or (
            reserved_for.beneficiary_id if reserved_for else None)
    elif form.validate_on_submit():
        try:
            device.version = form.version.seen()
            handover = hand_over(
                device, Beneficiary.get_or_none(Beneficiary.id == form.beneficiary.data),
                current_user.id, kind=form.kind.data, handed_on=form.handed_on.data,
                due_on=form.due_on.data, price=form.price.data,
                accessories=form.accessories_text())
        except Refused as error:
            refused(error)
        else:
            flash(_("Handed over: receipt %(number)s.", number=handover.receipt_number),
                  "success")
            return redirect(url_for("devices.show", tag=device.asset_tag))
    return render_template("handovers/new.html", device=device, form=form,
                           reserved_for=reserved_for, accessories=vocabulary.terms("accessory"),
                           can_hand_over=device.status in ("ready", "reserved"))


@bp.route("/handovers/<int:handover_id>/receipt.pdf")
def receipt(handover_id):
    handover = get_object_or_404(Handover, Handover.id == handover_id)
    document = receipts.receipt_of(handover) or abort(404)
    return pdf_response(bytes(document.pdf), "receipt-%s.pdf" % document.number, inline=True)


@bp.route("/d/<tag>/return", methods=["GET", "POST"])
def give_back(tag):
    device = get_device(tag)
    handover = open_handover(device)
    form = ReturnForm()
    came_back = request.form.getlist("accessories_back")
    if request.method == "GET":
        form.version.data = device.version
    elif form.validate_on_submit():
        try:
            device.version = form.version.seen()
            returned = record_return(device, current_user.id, returned_on=form.returned_on.data,
                                     reason=form.reason.data, condition=form.condition.data,
                                     note=form.note.data, accessories_back=came_back)
        except Refused as error:
            refused(error)
        else:
            flash(_("Return recorded: the device goes back to the workshop."), "success")
            if reopenable([returned]):
                flash(_("The device came back faulty: request #%(id)d can go back on the "
                        "waiting list, with the button below.", id=returned.request_id), "info")
            return redirect(url_for("devices.show", tag=device.asset_tag))
    given = accessory_items(handover.accessories) if handover else []
    return render_template("handovers/return.html", device=device, form=form, handover=handover,
                           came_back=came_back,
                           accessories=[(item, term("accessory", item)) for item in given])


@bp.route("/handovers/<int:handover_id>/reopen", methods=["POST"])
def reopen(handover_id):
    """Put the request a faulty device met back on the waiting list (one button)."""
    handover = get_object_or_404(Handover, Handover.id == handover_id)
    try:
        reopened = reopen_request(handover, posted_version(request.form.get("version")),
                                  current_user.id)
    except Refused as error:
        refused(error)
    else:
        flash(_("Request #%(id)d is back on the waiting list.", id=reopened.id), "success")
    return redirect(url_for("devices.show", tag=Device.get_by_id(handover.device_id).asset_tag))


@bp.route("/terms")
def terms():
    current = {(kind, lang): current_terms(kind, lang)
               for kind in HANDOVER_KINDS for lang in LANGUAGES}
    return render_template("handovers/terms.html", current=current, kinds=HANDOVER_KINDS,
                           languages=LANGUAGES)


@bp.route("/terms/<any(gift, loan, sale):kind>/<any(fr, en):language>", methods=["GET", "POST"])
def edit_terms(kind, language):
    current = current_terms(kind, language)
    form = TermsForm(obj=current)
    if form.validate_on_submit():
        try:
            saved = save_terms(kind, language, form.body.data, current_user.id)
        except Refused as error:
            refused(error)
        else:
            if current is not None and saved.id == current.id:
                flash(_("Nothing changed."), "success")
            else:
                flash(_("Version %(version)d saved.", version=saved.version), "success")
            return redirect(url_for("handovers.terms"))
    return render_template("handovers/edit_terms.html", form=form, kind=kind, language=language,
                           current=current, versions=TermsText.history(kind, language))
