"""Donors and their donations: create, edit, check the SIRET, count what became of the devices."""
import datetime
import re

from flask_babel import lazy_gettext as _l
from peewee import fn

from . import siret
from ..errors import Refused
from ..db import bulk_insert, database, page_of
from .receive import EVENT_FIELDS, IntakeError, receive_devices, received_at
from .. import lifecycle, localtime
from ..lifecycle import StaleVersion
from ..models import DONOR_KINDS, Counter, Device, Donation, Donor, Event, now

# Column sizes (the models') so PostgreSQL never meets a value too long for its column.
DONOR_TEXT = {"name": 200, "address": 500, "postcode": 10, "town": 100, "contact_name": 120,
              "contact_email": 200, "contact_phone": 40, "notes": 5000}
DONATION_TEXT = {"reference": 100, "notes": 5000}
MAX_EXPECTED = 100_000
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# INSEE, "Numéro Siret" (https://www.insee.fr/fr/metadonnees/definition/c1841): 14 digits, the
# last one a Luhn check digit. La Poste's establishments all share the SIREN 356 000 000 and
# are too many for the Luhn key: for them the sum of the 14 digits is a multiple of 5 (only
# the head office, 356 000 000 00048, passes the Luhn check).


class DonorError(Refused):
    """Refused donor or donation: each reason is about one field."""

    def __init__(self, fields):
        super().__init__(fields=fields)


def normalise_siret(text):
    """Return the SIRET as 14 digits, None when empty; raise DonorError when wrong."""
    digits = siret.normalise(text)
    if not digits:
        return None
    if not digits.isdigit() or len(digits) != 14:
        raise DonorError({"siret": _l("A SIRET has 14 digits.")})
    if not siret.is_valid(digits):
        raise DonorError({"siret": _l("This SIRET is not valid: its check digit is wrong. "
                                      "Check it against the donor's invoice or Kbis.")})
    return digits


def _clean_texts(values, limits, errors):
    cleaned = {}
    for name, limit in limits.items():
        value = values.get(name)
        value = "" if value is None else str(value).strip()
        if len(value) > limit:
            errors[name] = _l("At most %(max)d characters (this has %(n)d).", max=limit,
                              n=len(value))
        cleaned[name] = value
    return cleaned


def _donor_fields(values, donor_id=None):
    errors = {}
    fields = _clean_texts(values, DONOR_TEXT, errors)
    if not fields["name"]:
        errors["name"] = _l("A name is needed.")
    kind = values.get("kind")
    if kind not in DONOR_KINDS:
        errors["kind"] = _l("Choose the kind of donor.")
    fields["kind"] = kind
    try:
        fields["siret"] = normalise_siret(values.get("siret"))
    except DonorError as error:
        errors.update(error.fields)
    else:
        if fields["siret"]:
            other = Donor.get_or_none((Donor.siret == fields["siret"])
                                      & (Donor.id != (donor_id or 0)))
            if other is not None:
                errors["siret"] = _l("This SIRET is already the donor “%(name)s”.", name=other.name)
    if fields["contact_email"] and not EMAIL.match(fields["contact_email"]):
        errors["contact_email"] = _l("This e-mail address is not valid.")
    if errors:
        raise DonorError(errors)
    return fields


def create_donor(values):
    """Create a donor from a dict of field values; raise DonorError on bad input."""
    with database.atomic():
        return Donor.create(**_donor_fields(values))


def update_donor(donor, values, version):
    """Save new values if nobody changed the donor since version; raise StaleVersion if so."""
    with database.atomic():
        fields = _donor_fields(values, donor.id)
        changed = {k: v for k, v in fields.items() if getattr(donor, k) != v}
        if not changed:
            return False
        updated = (Donor.update(version=Donor.version + 1, **changed)
                   .where((Donor.id == donor.id) & (Donor.version == version)).execute())
        if not updated:
            raise StaleVersion()
    return True


def _donation_fields(values):
    errors = {}
    fields = _clean_texts(values, DONATION_TEXT, errors)
    received_on = values.get("received_on")
    if not isinstance(received_on, datetime.date):
        errors["received_on"] = _l("Give the date the devices arrived.")
    elif received_on > datetime.date.today() + datetime.timedelta(days=1):
        errors["received_on"] = _l("This date is in the future.")
    fields["received_on"] = received_on
    expected = values.get("expected_count")
    if expected in ("", None):
        expected = None
    elif not isinstance(expected, int) or not 1 <= expected <= MAX_EXPECTED:
        errors["expected_count"] = _l("Give a number between 1 and %(max)d, or nothing.",
                                      max=MAX_EXPECTED)
    fields["expected_count"] = expected
    fields["wants_erasure_certificate"] = bool(values.get("wants_erasure_certificate"))
    if errors:
        raise DonorError(errors)
    return fields


def create_donation(donor, values, user):
    with database.atomic():
        return Donation.create(donor=donor, created_by=user, **_donation_fields(values))


def update_donation(donation, values, version, user=None):
    """Save new values if nobody changed the donation since version; raise StaleVersion if so.

    A new date received moves the date received of the donation's devices, in the history
    of each.
    """
    with database.atomic():
        fields = _donation_fields(values)
        changed = {k: v for k, v in fields.items() if getattr(donation, k) != v}
        if not changed:
            return False
        updated = (Donation.update(version=Donation.version + 1, **changed)
                   .where((Donation.id == donation.id) & (Donation.version == version))
                   .execute())
        if not updated:
            raise StaleVersion()
        if "received_on" in changed:
            _move_received(donation, changed["received_on"], user)
    return True


def _move_received(donation, day, user):
    """Date the donation's devices by its new date received; refuse a day after work began."""
    arrived = received_at(day)
    # The first thing done to any of its devices after their arrival (record edits aside:
    # they can be typed in later).
    first = (Event.select(Event.at).join(Device, on=(Event.device == Device.id))
             .where((Device.donation == donation.id) & (Event.to_status != "received")
                    & Event.kind.not_in(("edit", "received")))
             .order_by(Event.at).first())
    if first is not None:
        worked_on = localtime.local_date(first.at)
        if worked_on < day:
            raise DonorError({"received_on": _l(
                "The devices of this donation were already worked on on %(date)s: the date "
                "received cannot be later.", date=worked_on.strftime("%d/%m/%Y"))})
        arrived = min(arrived, first.at)
    moved = list(Device.select(Device.id, Device.received_at)
                 .where((Device.donation == donation.id) & (Device.received_at != arrived))
                 .tuples())
    if not moved:
        return
    # The date received is no field of the device's edit form, so no version is bumped:
    # no edit in progress can overwrite it.
    (Device.update(received_at=arrived)
     .where((Device.donation == donation.id) & (Device.received_at != arrived)).execute())
    # A device still waiting has been waiting since its arrival.
    (Device.update(status_changed_at=arrived)
     .where((Device.donation == donation.id) & (Device.status == "received")).execute())
    at, user_id = now(), getattr(user, "id", user)
    bulk_insert(Event, EVENT_FIELDS, [
        (device_id, at, user_id, "received", "", "", "",
         {"before": localtime.local_date(before).isoformat(), "after": day.isoformat(),
          "donation": donation.id})
        for device_id, before in moved])


def lock_tag_counter():
    """Take the asset-tag counter's row lock for the rest of the transaction.

    Receipts and imports that check the donation or the known serials first and
    then take tags queue here, so each sees what the one before committed.
    (SQLite's BEGIN IMMEDIATE already queues them; this is for PostgreSQL.)
    """
    from ..devices.tags import COUNTER
    Counter.insert(name=COUNTER, value=0).on_conflict_ignore().execute()
    Counter.update(value=Counter.value).where(Counter.name == COUNTER).execute()


def device_count(donation):
    return Device.select().where(Device.donation == donation.id).count()


def receive(donation, count, user, seen=None, category="laptop", make="", model=""):
    """Receive count devices into donation; refuse if devices arrived since the form showed seen.

    The seen count makes a double-tapped "Receive 100" create 100 devices, not 200.
    """
    if len(make or "") > 100 or len(model or "") > 200:
        raise IntakeError(_l("The make or model is too long."))
    with database.atomic():
        lock_tag_counter()
        if seen is not None:
            now_count = device_count(donation)
            if now_count != seen:
                raise IntakeError(_l(
                    "Devices were received into this donation meanwhile (it now has %(n)d): "
                    "nothing was added. Check the list before receiving more.", n=now_count))
        return receive_devices(donation, count, user, category=category, make=make or "",
                               model=model or "")


def progress(donation_ids):
    """Count devices per progress bucket of each donation: {id: {bucket: n, "total": n}}."""
    pairs = {donation_id: [] for donation_id in donation_ids}
    if pairs:
        query = (Device.select(Device.donation, Device.status, fn.COUNT(Device.id).alias("n"))
                 .where(Device.donation.in_(list(pairs)))
                 .group_by(Device.donation, Device.status).tuples())
        for donation_id, status, n in query:
            pairs[donation_id].append((status, n))
    return {donation_id: lifecycle.bucket_counts(rows) for donation_id, rows in pairs.items()}


def total(progress_rows):
    """Sum several donations' progress rows."""
    summed = lifecycle.bucket_counts(())
    for row in progress_rows:
        for key, n in row.items():
            summed[key] += n
    return summed


def search_donors(text="", page=1, size=50):
    """Donors matching text in name, town or SIRET, by name; return (rows, more)."""
    query = Donor.select().order_by(fn.LOWER(Donor.name), Donor.id)
    text = (text or "").strip()
    if text:
        pattern = "%" + text.replace("\\", "").replace("%", "").replace("_", "") + "%"
        digits = re.sub(r"\s", "", text)
        condition = Donor.name ** pattern | Donor.town ** pattern
        if digits.isdigit():
            condition |= Donor.siret.startswith(digits)
        query = query.where(condition)
    return page_of(query, page, size)


def donation_counts(donors):
    """Number of donations and of devices per donor id, in two queries."""
    ids = [donor.id for donor in donors]
    if not ids:
        return {}, {}
    donations = dict(Donation.select(Donation.donor, fn.COUNT(Donation.id))
                     .where(Donation.donor.in_(ids)).group_by(Donation.donor).tuples())
    devices = dict(Device.select(Donation.donor, fn.COUNT(Device.id))
                   .join(Donation).where(Donation.donor.in_(ids))
                   .group_by(Donation.donor).tuples())
    return donations, devices
