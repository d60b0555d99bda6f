"""Giving a device to a beneficiary: the handover with its receipt, the return, the terms texts."""
import datetime
import hashlib
from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import IntegrityError, fn

from .. import lifecycle
from ..documents import receipts
from ..db import database
from ..errors import Refused
from ..documents.pdf.text import LANGUAGES
from ..models import HANDOVER_KINDS, Counter, Device, Event, Handover, Request, TermsText, User
from .requests import reservation_of

# Legal caps for selling devices that came from public bodies (euros); SALE_CAPS in the settings
# replaces this table. A category missing from it cannot be sold when a public body gave it.
DEFAULT_SALE_CAPS = {"laptop": Decimal("180"), "desktop": Decimal("150"), "tablet": Decimal("100")}

RETURN_REASONS = ("loan_end", "faulty", "not_needed", "other")
# Reasons that mean the device let its beneficiary down: the request it met may wait again.
FAULT_REASONS = ("faulty",)
CONDITIONS = ("good", "worn", "damaged", "not_working")


class HandoverError(Refused):
    """Refused handover, return or terms."""


def receipt_number(year):
    """Take the next receipt number of year inside the caller's transaction."""
    return "%d-%05d" % (year, Counter.take("receipt-%d" % year))


def current_terms(kind, language="fr"):
    return (TermsText.select().where((TermsText.kind == kind) & (TermsText.language == language))
            .order_by(TermsText.version.desc()).first())


def sale_caps():
    """The caps table, as Decimals, from the settings or the default."""
    table = current_app.config.get("SALE_CAPS") or DEFAULT_SALE_CAPS
    return {category: Decimal(str(cap)) for category, cap in table.items()}


def _donor_of(device):
    return device.donation.donor if device.donation_id else None


def _check_terms(kind, handed_on, due_on, price):
    if kind not in HANDOVER_KINDS:
        raise HandoverError(_l("Unknown kind of handover."))
    if kind == "loan" and (due_on is None or due_on <= handed_on):
        raise HandoverError(_l("A loan needs a return date after the handover date."))
    if kind == "sale":
        try:
            price = Decimal(price) if price is not None else None
        except (InvalidOperation, TypeError, ValueError):
            price = None
        if price is None or price < 0 or price != price.quantize(Decimal("0.01")):
            raise HandoverError(_l("A sale needs a price in euros, e.g. 120 or 99.50."))
    return price if kind == "sale" else None


def _check_sale_cap(device, price):
    donor = _donor_of(device)
    if donor is None or not donor.is_public_body:
        return
    cap = sale_caps().get(device.category)
    if cap is None:
        raise HandoverError(_l("This device came from a public body: a device of this category "
                               "may not be sold, only given or lent."))
    if price > cap:
        raise HandoverError(_l("This device came from a public body: it may be sold for at most "
                               "%(cap)s €.", cap=cap))


def _fulfil(request, device, beneficiary):
    """Mark request fulfilled by device, unless it was closed or given another device meanwhile."""
    updated = (Request.update(status="fulfilled", beneficiary=beneficiary.id, device=device.id,
                              version=Request.version + 1)
               .where((Request.id == request.id) & (
                   (Request.status == "waiting")
                   | ((Request.status == "reserved") & (Request.device == device.id))))
               .execute())
    if updated != 1:
        raise HandoverError(_l("This request is no longer open for this device."))


def hand_over(device, beneficiary, user, kind="gift", handed_on=None, due_on=None, price=None,
              accessories="", request=None):
    """Hand a ready or reserved device to beneficiary; return the handover, or change nothing.

    Every check that needs no write comes before the receipt number is taken;
    anything refused later rolls the whole transaction back, number included.
    """
    handed_on = handed_on or datetime.date.today()
    if handed_on > datetime.date.today():
        raise HandoverError(_l("The handover date cannot be in the future."))
    price = _check_terms(kind, handed_on, due_on, price)
    if kind == "sale":
        _check_sale_cap(device, price)
    if beneficiary is None:
        raise HandoverError(_l("Choose the beneficiary."))
    if beneficiary.erased_at is not None:
        raise HandoverError(_l("This beneficiary's data was erased."))
    if device.status not in ("ready", "reserved"):
        raise HandoverError(_l("Only a ready or reserved device can be handed over."))
    language = "en" if beneficiary.language == "en" else "fr"
    terms = current_terms(kind, language) or current_terms(kind)
    if terms is None:
        raise HandoverError(_l("No terms text for this kind of handover: an administrator must "
                               "write one."))
    saved = dict(device.__data__)
    try:
        return _hand_over(device, beneficiary, user, kind, handed_on, due_on, price, accessories,
                          request, terms)
    except BaseException:
        # The transaction rolled back: the caller's device is as it was, not as moved.
        device.__data__ = saved
        raise


def _hand_over(device, beneficiary, user, kind, handed_on, due_on, price, accessories, request,
               terms):
    with database.atomic():
        reserved_for = reservation_of(device) if device.status == "reserved" else None
        if request is None:
            request = reserved_for
        elif reserved_for is not None and reserved_for.id != request.id:
            raise HandoverError(_l("This device is reserved for another request."))
        if device.status == "ready":
            lifecycle.move(device, "reserved", user, kind="assignment",
                           data={"request": request.id} if request else None)
        elif Device.get_by_id(device.id).version != device.version:
            raise lifecycle.StaleVersion()
        if request is not None:
            _fulfil(request, device, beneficiary)
        # Last of the checks, first of the writes that the receipt depends on.
        number = receipt_number(handed_on.year)
        handover = Handover.create(
            device=device.id, beneficiary=beneficiary.id, request=request.id if request else None,
            operator=user, handed_on=handed_on, kind=kind,
            due_on=due_on if kind == "loan" else None,
            price=price, accessories=(accessories or "").strip(), receipt_number=number,
            terms=terms, terms_sha256=terms.sha256)
        lifecycle.move(device, "handed_over", user, kind="assignment", beneficiary=beneficiary,
                       data={"handover": handover.id, "receipt": number})
        receipts.issue(handover, user)
    return handover


def open_handover(device):
    """The handover of device that has not come back, if any."""
    return (Handover.select().where((Handover.device == device.id) & Handover.returned_on.is_null())
            .order_by(Handover.id.desc()).first())


def accessory_items(text):
    """The accessories a handover's text lists, in order: "charger, bag, Housse rouge"."""
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def _missing(handover, came_back):
    """The handover's accessories not in came_back (None: nobody was asked, none missing)."""
    given = accessory_items(handover.accessories)
    if came_back is None:
        return []
    if set(came_back) - set(given):
        raise HandoverError(_l("Only the accessories handed over with the device can come back "
                               "with it."))
    return [item for item in given if item not in came_back]


def record_return(device, user, returned_on=None, reason="", condition="", note="",
                  accessories_back=None):
    """Record that a handed-over device came back: the handover keeps it, the device is returned.

    accessories_back: which of the accessories handed over came back; the others are
    recorded as missing on the handover and in the device's history.
    """
    returned_on = returned_on or datetime.date.today()
    if reason not in RETURN_REASONS:
        raise HandoverError(_l("Say why the device came back."))
    if condition not in CONDITIONS:
        raise HandoverError(_l("Say in what condition the device came back."))
    handover = open_handover(device)
    if device.status != "handed_over" or handover is None:
        raise HandoverError(_l("This device is not handed over: there is nothing to return."))
    if returned_on < handover.handed_on or returned_on > datetime.date.today():
        raise HandoverError(_l("The return date must be between the handover date and today."))
    missing = _missing(handover, accessories_back)
    data = {"handover": handover.id, "receipt": handover.receipt_number, "reason": reason,
            "condition": condition}
    if missing:
        data["missing_accessories"] = missing
    with database.atomic():
        updated = (Handover.update(returned_on=returned_on, return_reason=reason,
                                   return_condition=condition,
                                   missing_accessories=", ".join(missing))
                   .where((Handover.id == handover.id) & Handover.returned_on.is_null()).execute())
        if updated != 1:
            raise lifecycle.StaleVersion()
        lifecycle.move(device, "returned", user, kind="assignment", note=(note or "")[:2000],
                       data=data)
    return Handover.get_by_id(handover.id)


def reopenable(handovers):
    """{handover id: its request} for the returned faulty handovers whose request may wait again.

    A request goes back on the waiting list once: while the handover that came back is
    still the last one that fulfilled it.
    """
    faulty = {h.id: h for h in handovers
              if h.returned_on and h.return_reason in FAULT_REASONS and h.request_id}
    if not faulty:
        return {}
    ids = list({h.request_id for h in faulty.values()})
    last = dict(Handover.select(Handover.request, fn.MAX(Handover.id))
                .where(Handover.request.in_(ids)).group_by(Handover.request).tuples())
    requests = {r.id: r for r in Request.select().where(Request.id.in_(ids)
                                                         & (Request.status == "fulfilled"))}
    return {h.id: requests[h.request_id] for h in faulty.values()
            if last.get(h.request_id) == h.id and h.request_id in requests}


def reopen_request(handover, version, user):
    """Put the request a faulty device met back on the waiting list, from the version seen."""
    with database.atomic():
        request = reopenable([Handover.get_by_id(handover.id)]).get(handover.id)
        if request is None:
            raise HandoverError(_l("This request cannot go back on the waiting list: it already "
                                   "did, or the device did not come back faulty."))
        updated = (Request.update(status="waiting", device=None, version=Request.version + 1)
                   .where((Request.id == request.id) & (Request.version == version)
                          & (Request.status == "fulfilled")).execute())
        if updated != 1:
            raise lifecycle.StaleVersion()
        Event.create(device=handover.device_id, user=user, kind="request",
                     data={"request": request.id, "handover": handover.id, "reopened": True})
    return Request.get_by_id(request.id)


def save_terms(kind, language, body, user):
    """Make body the new version of the terms for kind and language; return it (or the current)."""
    if kind not in HANDOVER_KINDS or language not in LANGUAGES:
        raise HandoverError(_l("Unknown terms."))
    body = (body or "").replace("\r\n", "\n").strip()
    if len(body) < 20:
        raise HandoverError(_l("The terms text is too short."))
    current = current_terms(kind, language)
    if current is not None and current.body == body:
        return current
    try:
        with database.atomic():
            latest = (TermsText.select(fn.MAX(TermsText.version))
                      .where((TermsText.kind == kind) & (TermsText.language == language)).scalar())
            return TermsText.create(kind=kind, language=language, version=(latest or 0) + 1,
                                    body=body, sha256=text_sha256(body),
                                    created_by=user.id if isinstance(user, User) else user)
    except IntegrityError:
        # Another admin saved a version at the same moment.
        raise lifecycle.StaleVersion()


def text_sha256(body):
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
