"""Giving a ready device to a beneficiary: reservation, handover, return."""
import datetime
import secrets
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l

from . import lifecycle
from .db import database
from .models import HANDOVER_KINDS, Counter, Handover, Request, TermsText

# Legal caps for selling devices that came from public bodies (euros); configurable.
DEFAULT_SALE_CAPS = {"laptop": Decimal("180"), "desktop": Decimal("150"), "tablet": Decimal("100")}


class HandoverError(Exception):
    """Refused input; the message is for the user."""


def receipt_number(year):
    """Take the next receipt number of year inside the caller's transaction."""
    return "%d-%05d" % (year, Counter.take("receipt-%d" % year))


def current_terms(kind, language="fr"):
    return (TermsText.select().where((TermsText.kind == kind) & (TermsText.language == language))
            .order_by(TermsText.version.desc()).first())


def _sale_cap(device):
    caps = current_app.config.get("SALE_CAPS") or DEFAULT_SALE_CAPS
    return caps.get(device.category)


def reserve(device, request, user):
    """Reserve device for request: both move to reserved, or neither."""
    with database.atomic():
        updated = (Request.update(status="reserved", device=device.id, version=Request.version + 1)
                   .where((Request.id == request.id) & (Request.version == request.version)
                          & (Request.status == "waiting")).execute())
        if updated != 1:
            raise lifecycle.StaleVersion()
        lifecycle.move(device, "reserved", user, kind="assignment",
                       data={"request": request.id})
    request.status, request.device, request.version = "reserved", device.id, request.version + 1


def hand_over(device, beneficiary, user, kind="gift", handed_on=None, due_on=None, price=None,
              accessories="", request=None):
    """Hand device over to beneficiary; the handover and its receipt number, or nothing."""
    if kind not in HANDOVER_KINDS:
        raise HandoverError(_l("Unknown kind of handover."))
    handed_on = handed_on or datetime.date.today()
    if kind == "loan" and (due_on is None or due_on <= handed_on):
        raise HandoverError(_l("A loan needs a return date after the handover date."))
    if kind == "sale":
        if price is None or price < 0:
            raise HandoverError(_l("A sale needs a price."))
        donor = device.donation.donor if device.donation_id else None
        cap = _sale_cap(device)
        if donor is not None and donor.is_public_body and (cap is None or price > cap):
            raise HandoverError(_l(
                "This device came from a public body: it may be sold for at most %(cap)s €.",
                cap=cap if cap is not None else 0))
    if beneficiary.erased_at is not None:
        raise HandoverError(_l("This beneficiary's data was erased."))
    terms = current_terms(kind, beneficiary.language or "fr") or current_terms(kind)
    with database.atomic():
        if device.status == "ready":
            lifecycle.move(device, "reserved", user, kind="assignment")
        number = receipt_number(handed_on.year)
        handover = Handover.create(
            device=device.id, beneficiary=beneficiary, request=request, operator=user,
            handed_on=handed_on, kind=kind, due_on=due_on if kind == "loan" else None,
            price=price if kind == "sale" else None, accessories=accessories or "",
            receipt_number=number, terms=terms, terms_sha256=terms.sha256 if terms else "")
        lifecycle.move(device, "handed_over", user, kind="assignment", beneficiary=beneficiary,
                       data={"handover": handover.id, "receipt": number})
        if request is not None:
            Request.update(status="fulfilled", beneficiary=beneficiary, device=device.id,
                           version=Request.version + 1).where(Request.id == request.id).execute()
    return handover


def new_token():
    return secrets.token_urlsafe(24)
