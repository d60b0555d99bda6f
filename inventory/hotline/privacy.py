"""Beneficiaries' rights and the retention limit: export, erasure, purge."""
import calendar
import datetime
import json

from flask_babel import lazy_gettext as _l
from peewee import fn

from .. import export
from ..documents import receipts
from ..db import database
from ..errors import Refused
from ..models import Beneficiary, Handover, PurgeRun, Request, now

ERASED_FIELDS = {"guardian_name": "", "contact": "", "proof_note": ""}


class PrivacyError(Refused):
    """Refused erasure or purge of personal data."""


def pseudonym(beneficiary):
    return "ANON-%06d" % beneficiary.id


# -- export --------------------------------------------------------------------

def _iso(value):
    return value.isoformat() if value is not None else None


def export_data(beneficiary):
    """Everything held about one beneficiary, as plain JSON-ready values."""
    person = {
        "id": beneficiary.id, "first_name": beneficiary.first_name,
        "last_name": beneficiary.last_name, "category": beneficiary.category,
        "town": beneficiary.town, "is_minor": beneficiary.is_minor,
        "legal_representative": beneficiary.guardian_name, "contact": beneficiary.contact,
        "proof_seen": beneficiary.proof_note, "language": beneficiary.language,
        "partner": beneficiary.partner.name if beneficiary.partner_id else None,
        "created_at": _iso(beneficiary.created_at), "erased_at": _iso(beneficiary.erased_at),
    }
    requests = [{
        "id": r.id, "partner": r.partner.name, "category": r.category, "status": r.status,
        "note": r.note, "created_at": _iso(r.created_at),
    } for r in Request.select().where(Request.beneficiary == beneficiary.id).order_by(Request.id)]
    handovers = [{
        "receipt_number": h.receipt_number, "handed_on": _iso(h.handed_on), "kind": h.kind,
        "due_on": _iso(h.due_on), "price": str(h.price) if h.price is not None else None,
        "device": h.device.asset_tag, "make": h.device.make, "model": h.device.model,
        "serial": h.device.serial, "accessories": receipts.accessory_items(h.accessories),
        "terms_version": h.terms.version if h.terms_id else None,
        "terms_sha256": h.terms_sha256, "returned_on": _iso(h.returned_on),
        "return_reason": h.return_reason, "return_condition": h.return_condition,
    } for h in Handover.select().where(Handover.beneficiary == beneficiary.id)
        .order_by(Handover.handed_on, Handover.id)]
    return {"beneficiary": person, "requests": requests, "handovers": handovers}


def export_json(beneficiary):
    return json.dumps(export_data(beneficiary), ensure_ascii=False, indent=2).encode("utf-8")


def export_csv(beneficiary):
    """The same as export_data, one value per line: record, number, field, value."""
    data = export_data(beneficiary)
    rows = [("beneficiary", 1, name, value) for name, value in data["beneficiary"].items()]
    for section in ("requests", "handovers"):
        for index, record in enumerate(data[section], start=1):
            rows += [(section[:-1], index, name, ", ".join(value) if isinstance(value, list)
                      else value) for name, value in record.items()]
    return export.to_csv(["record", "number", "field", "value"], rows)


# -- erasure -------------------------------------------------------------------

def erase(beneficiary, user=None, at=None):
    """Replace the beneficiary's identity by a pseudonym; handovers and statistics stay.

    Kept: category, town, partner, minor yes/no, language (statistics and the
    donors' certificates use them). Cleared: names, legal representative,
    contact, proof note, and the notes of their requests. Stored receipts are
    re-rendered with the pseudonym.
    """
    with database.atomic():
        fresh = Beneficiary.get_by_id(beneficiary.id)
        if fresh.erased_at is not None:
            raise PrivacyError(_l("This beneficiary's data was already erased."))
        (Beneficiary.update(first_name="", last_name=pseudonym(fresh), erased_at=at or now(),
                            **ERASED_FIELDS)
         .where((Beneficiary.id == fresh.id) & Beneficiary.erased_at.is_null()).execute())
        Request.update(note="").where(Request.beneficiary == fresh.id).execute()
        for handover in Handover.select().where(Handover.beneficiary == fresh.id):
            receipts.redact(handover)
    return Beneficiary.get_by_id(beneficiary.id)


# -- retention purge -----------------------------------------------------------

def months_before(day, months):
    """The same day of the month, months earlier (the month's last day when it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_activity(beneficiary_ids=None):
    """{beneficiary id: date of the last record about them} (creation, handover, return)."""
    latest = {}
    query = Beneficiary.select(Beneficiary.id, Beneficiary.created_at).where(
        Beneficiary.erased_at.is_null())
    for row in query:
        latest[row.id] = row.created_at.date()
    handovers = (Handover.select(Handover.beneficiary, fn.MAX(Handover.handed_on).alias("given"),
                                 fn.MAX(Handover.returned_on).alias("back"))
                 .group_by(Handover.beneficiary))
    for row in handovers.namedtuples():
        if row.beneficiary in latest:
            dates = [d for d in (row.given, row.back) if d is not None]
            dates = [d if isinstance(d, datetime.date) else datetime.date.fromisoformat(str(d))
                     for d in dates]
            latest[row.beneficiary] = max([latest[row.beneficiary]] + dates)
    return latest


def _still_needed():
    """Beneficiaries with an open request or a loan not yet back: their data is still in use."""
    open_requests = Request.select(Request.beneficiary).where(
        Request.status.in_(("waiting", "reserved")) & Request.beneficiary.is_null(False))
    open_loans = Handover.select(Handover.beneficiary).where(
        (Handover.kind == "loan") & Handover.returned_on.is_null())
    return {row.beneficiary_id for row in open_requests} | {
        row.beneficiary_id for row in open_loans}


def purge_candidates(today, months):
    """[(beneficiary, last activity)] due for pseudonymisation on today, oldest first."""
    cutoff = months_before(today, months)
    keep = _still_needed()
    due = {bid: day for bid, day in last_activity().items() if day < cutoff and bid not in keep}
    people = Beneficiary.select().where(Beneficiary.id.in_(list(due))) if due else []
    return sorted(((b, due[b.id]) for b in people), key=lambda pair: (pair[1], pair[0].id))


def purge(today, months, dry_run=False, user=None):
    """Pseudonymise the beneficiaries inactive for months before today; record the run.

    today is given by the caller (the command passes the real date), so a test
    can fix the clock. Returns (run, [(beneficiary as it was, last activity)]).
    """
    if months < 1:
        raise PrivacyError(_l("The retention period is at least one month."))
    with database.atomic():
        candidates = purge_candidates(today, months)
        if not dry_run:
            for beneficiary, _day in candidates:
                erase(beneficiary, user)
        # Ids and dates only: the log of a purge must not keep what the purge removed.
        run = PurgeRun.create(
            older_than_months=months, dry_run=dry_run, affected=len(candidates), user=user,
            details={"today": today.isoformat(), "cutoff": months_before(today, months).isoformat(),
                     "beneficiaries": [[b.id, day.isoformat()] for b, day in candidates]})
    return run, candidates
