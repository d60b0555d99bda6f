"""Filling devices received before their donor's spreadsheet: which row fills which device.

A donation received by count ("receive 100") has devices with tags but no serial number.
When the donor's list comes, its rows fill those devices instead of adding 100 more: a row
goes to the device with the same donor's asset tag when both have one; the other rows go to
the devices left, in tag order. The preview makes the plan and the commit makes it again
under the import's lock: a plan that changed meanwhile (a device edited, or filled by hand)
stops the import, and each device is written from the version the plan read.
"""
import hashlib
from collections import deque
from decimal import Decimal

from ..db import bulk_insert
from ..devices.edit import changes_of, history_of
from ..models import Device, Event
from .receive import EVENT_FIELDS

TEXTS = ("make", "model", "serial", "donor_asset_tag", "cpu", "storage_type")
NUMBERS = ("ram_gb", "storage_gb")


class PlanChanged(Exception):
    """A device to fill changed since the plan was made."""


def _tag_key(text):
    """Donors' asset tags compared as people read them: letters and digits, in any case
    ("IMMO-2019-0412" is the sticker's "immo 2019 0412")."""
    return "".join(char for char in str(text or "") if char.isalnum()).upper()


def unfilled(donation):
    """The donation's devices without a serial number, in tag order (ids follow the tags)."""
    return list(Device.select().where((Device.donation == donation.id) & (Device.serial == ""))
                .order_by(Device.id))


def plan(donation, rows):
    """[(row, device)] for the rows (in file order) that fill a device already received."""
    devices = unfilled(donation)
    by_tag = {}
    for device in devices:
        if device.donor_asset_tag:
            by_tag.setdefault(_tag_key(device.donor_asset_tag), device)
    chosen, taken, rest = {}, set(), []
    for row in rows:
        device = by_tag.get(_tag_key(row.values.get("donor_asset_tag")))
        if device is not None and device.id not in taken:
            chosen[row.line] = device
            taken.add(device.id)
        else:
            rest.append(row)
    untagged = deque(d for d in devices if d.id not in taken and not d.donor_asset_tag)
    tagged = deque(d for d in devices if d.id not in taken and d.donor_asset_tag)
    for row in rest:
        if row.values.get("donor_asset_tag"):
            queue = untagged  # a device with another donor's tag is another machine
        elif untagged and tagged:
            queue = untagged if untagged[0].id < tagged[0].id else tagged
        else:
            queue = untagged or tagged
        if queue:
            chosen[row.line] = queue.popleft()
    return [(row, chosen[row.line]) for row in rows if row.line in chosen]


def plan_key(pairs):
    """A short fingerprint of a plan: which line fills which device, at which version."""
    text = ";".join("%d:%d:%d" % (row.line, device.id, device.version) for row, device in pairs)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def tag_range(pairs):
    """The first and last tags filled, in tag order ("", "" when none)."""
    devices = sorted((device for _row, device in pairs), key=lambda d: d.id)
    return (devices[0].asset_tag, devices[-1].asset_tag) if devices else ("", "")


def _values(row, device):
    """What the row says of the device, for the fields it fills."""
    values = row.values
    found = {name: values[name] for name in TEXTS if values.get(name)}
    found.update({name: values[name] for name in NUMBERS if values.get(name) is not None})
    if values.get("category"):
        found["category"] = values["category"]
    if values.get("screen_inches") is not None:
        found["screen_inches"] = Decimal(str(round(values["screen_inches"], 1)))
    notes = values.get("notes")
    if notes:
        # Notes written on the device since it came are kept, the donor's added after them.
        found["notes"] = notes if not device.notes or notes in device.notes else "%s\n%s" % (
            device.notes, notes)
    return found


def fill(upload, pairs, user, at):
    """Write each row on its device, from the version the plan read, each with an edit event."""
    user_id = getattr(user, "id", user)
    events = []
    for row, device in pairs:
        changed = changes_of(device, _values(row, device))
        updated = (Device.update(version=Device.version + 1, **changed)
                   .where((Device.id == device.id) & (Device.version == device.version))
                   .execute())
        if updated != 1:
            raise PlanChanged()
        data = dict(history_of(device, changed), **{
            "import": upload.id, "file": upload.filename, "line": row.line})
        events.append((device.id, at, user_id, "edit", "", "", "", data))
    bulk_insert(Event, EVENT_FIELDS, events)
