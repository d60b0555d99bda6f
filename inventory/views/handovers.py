"""Handing a device over, its receipt, its return, and the terms texts (admins)."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from peewee import JOIN

from .. import lifecycle, permissions
from ..documents import receipts
from ..hotline.beneficiaries import choices_for_handover
from ..documents.pdf.text import LANGUAGES
from ..hotline.handover import (
    HandoverError, accessory_items, current_terms, hand_over, open_handover, record_return,
    reopen_request, reopenable, save_terms,
)
from ..hotline.forms import (
    ACCESSORY_LABELS, CONDITION_LABELS, HANDOVER_KIND_LABELS, RETURN_REASON_LABELS, HandoverForm,
    ReturnForm, TermsForm,
)
from ..models import HANDOVER_KINDS, Beneficiary, Device, Handover, TermsText, User
from ..hotline.requests import reservation_of
from . import refused

bp = Blueprint("handovers", __name__)


def get_device(tag):
    return Device.by_tag(tag) or abort(404)


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
        device.version = int(form.version.data or 0)
        try:
            handover = hand_over(
                device, Beneficiary.get_or_none(Beneficiary.id == form.beneficiary.data),
                current_user.id, kind=form.kind.data, handed_on=form.handed_on.data,
                due_on=form.due_on.data, price=form.price.data,
                accessories=form.accessories_text())
        except (HandoverError, lifecycle.MoveRefused) as error:
            refused(error)
        else:
            flash(_("Handed over: receipt %(number)s.", number=handover.receipt_number),
                  "success")
            return redirect(url_for("devices.show", tag=device.asset_tag))
    return render_template("handovers/new.html", device=device, form=form,
                           reserved_for=reserved_for, accessories=ACCESSORY_LABELS,
                           can_hand_over=device.status in ("ready", "reserved"))


@bp.route("/handovers/<int:handover_id>/receipt.pdf")
def receipt(handover_id):
    handover = Handover.get_or_none(Handover.id == handover_id) or abort(404)
    document = receipts.receipt_of(handover) or abort(404)
    return Response(bytes(document.pdf), mimetype="application/pdf", headers={
        "Content-Disposition": 'inline; filename="receipt-%s.pdf"' % document.number,
        "Cache-Control": "no-store"})


@bp.route("/d/<tag>/return", methods=["GET", "POST"])
def give_back(tag):
    device = get_device(tag)
    handover = open_handover(device)
    form = ReturnForm()
    came_back = request.form.getlist("accessories_back")
    if request.method == "GET":
        form.version.data = device.version
    elif form.validate_on_submit():
        device.version = int(form.version.data or 0)
        try:
            returned = record_return(device, current_user.id, returned_on=form.returned_on.data,
                                     reason=form.reason.data, condition=form.condition.data,
                                     note=form.note.data, accessories_back=came_back)
        except (HandoverError, lifecycle.MoveRefused) as error:
            refused(error)
        else:
            flash(_("Return recorded: the device goes back to the workshop."), "success")
            if reopenable([returned]):
                flash(_("The device came back faulty: request #%(id)d can go back on the "
                        "waiting list, with the button below.", id=returned.request_id), "info")
            return redirect(url_for("devices.show", tag=device.asset_tag))
    given = accessory_items(handover.accessories) if handover else []
    return render_template("handovers/return.html", device=device, form=form, handover=handover,
                           kinds=HANDOVER_KIND_LABELS, came_back=came_back,
                           accessories=[(item, ACCESSORY_LABELS.get(item, item))
                                        for item in given])


@bp.route("/handovers/<int:handover_id>/reopen", methods=["POST"])
def reopen(handover_id):
    """Put the request a faulty device met back on the waiting list (one button)."""
    handover = Handover.get_or_none(Handover.id == handover_id) or abort(404)
    try:
        reopened = reopen_request(handover, request.form.get("version", type=int),
                                  current_user.id)
    except (HandoverError, lifecycle.MoveRefused) as error:
        refused(error)
    else:
        flash(_("Request #%(id)d is back on the waiting list.", id=reopened.id), "success")
    return redirect(url_for("devices.show", tag=Device.get_by_id(handover.device_id).asset_tag))


@bp.route("/terms")
def terms():
    current = {(kind, lang): current_terms(kind, lang)
               for kind in HANDOVER_KINDS for lang in LANGUAGES}
    return render_template("handovers/terms.html", current=current, kinds=HANDOVER_KIND_LABELS,
                           languages=LANGUAGES)


@bp.route("/terms/<any(gift, loan, sale):kind>/<any(fr, en):language>", methods=["GET", "POST"])
def edit_terms(kind, language):
    current = current_terms(kind, language)
    form = TermsForm(obj=current)
    if form.validate_on_submit():
        try:
            saved = save_terms(kind, language, form.body.data, current_user.id)
        except (HandoverError, lifecycle.MoveRefused) as error:
            refused(error)
        else:
            if current is not None and saved.id == current.id:
                flash(_("Nothing changed."), "success")
            else:
                flash(_("Version %(version)d saved.", version=saved.version), "success")
            return redirect(url_for("handovers.terms"))
    versions = (TermsText.select(TermsText, User.id, User.display_name, User.username)
                .join(User, JOIN.LEFT_OUTER, on=(TermsText.created_by == User.id))
                .where((TermsText.kind == kind) & (TermsText.language == language))
                .order_by(TermsText.version.desc()))
    return render_template("handovers/edit_terms.html", form=form, kind=kind, language=language,
                           current=current, versions=versions, kinds=HANDOVER_KIND_LABELS)


def panel(device):
    """What the device page's hotline panel shows; personal data only for the roles allowed."""
    handovers = list(Handover.select().where(Handover.device == device.id)
                     .order_by(Handover.id.desc()))
    reserved_for = reservation_of(device) if device.status == "reserved" else None
    if not handovers and reserved_for is None:
        return None
    return {"handovers": handovers, "reserved_for": reserved_for,
            "personal": current_user.role in permissions.PERSONAL_DATA,
            "kinds": HANDOVER_KIND_LABELS, "reasons": RETURN_REASON_LABELS,
            "conditions": CONDITION_LABELS, "reopen": reopenable(handovers),
            "missing": {h.id: [ACCESSORY_LABELS.get(item, item)
                               for item in accessory_items(h.missing_accessories)]
                        for h in handovers}}


@bp.app_context_processor
def _panel_helper():
    return {"handover_panel": panel}
