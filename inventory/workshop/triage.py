"""Triage: what the machine is, and what becomes of it (refurbish, parts, recycle)."""

from flask_babel import lazy_gettext as _l

from .. import lifecycle
from ..db import database
from ..devices.edit import changes_of, history_of
from ..models import GRADES, KEYBOARD_LAYOUTS, STORAGE_TYPES, TRIAGE_DECISIONS, Device, Event
from .common import WorkshopError
from ..vocabulary import term

# The specs the triage form records; the cosmetic grade is apart from "working".
SPEC_FIELDS = ("cpu", "ram_gb", "storage_type", "storage_gb", "screen_inches",
               "keyboard_layout", "webcam", "battery_health", "os_found", "grade", "working")
TRIAGE_STATUSES = ("received", "returned", "triage", "refurbishing")
# What a harvested device may give; "other" is said in the note.
COMPONENTS = ("ram", "storage", "battery", "screen", "keyboard", "charger", "motherboard", "cpu",
              "wifi_card", "case", "other")


TEXT_FIELDS = ("cpu", "storage_type", "keyboard_layout", "os_found", "grade")


def _check_specs(specs):
    """Return the specs cleaned (text never None), or refuse out-of-range values."""
    specs = {name: ((value or "").strip() if name in TEXT_FIELDS else value)
             for name, value in specs.items()}
    unknown = set(specs) - set(SPEC_FIELDS)
    if unknown:
        raise ValueError("not a triage field: %s" % ", ".join(sorted(unknown)))
    ranges = {"ram_gb": (0, 4096), "storage_gb": (0, 100000), "battery_health": (0, 100),
              "screen_inches": (0, 100)}
    for name, (low, high) in ranges.items():
        value = specs.get(name)
        if value is not None and not low <= value <= high:
            raise WorkshopError(_l("A value is out of range: %(field)s.", field=name))
    choices = {"storage_type": STORAGE_TYPES, "keyboard_layout": KEYBOARD_LAYOUTS,
               "grade": GRADES}
    for name, allowed in choices.items():
        if specs.get(name) and specs[name] not in allowed:
            raise WorkshopError(_l("Unknown value for %(field)s.", field=name))
    return specs


def record_triage(device, user, version, specs, decision, reason=""):
    """Record the specs and the decision; return the status the device ended in.

    A device still "received" (or "returned") is moved to triage first. A
    "refurbish" decision moves it on to refurbishing when the guards allow it
    (otherwise it stays in triage and the decision is kept).
    """
    specs = _check_specs(specs)
    reason = (reason or "").strip()[:2000]
    if decision not in TRIAGE_DECISIONS:
        raise WorkshopError(_l("Choose what becomes of the device."))
    if decision != "refurbish" and not reason:
        raise WorkshopError(_l("Give the reason for sending it to parts or recycling."))
    with database.atomic():
        current = Device.get_by_id(device.id)
        if current.version != version:
            raise lifecycle.StaleVersion()
        if current.status not in TRIAGE_STATUSES:
            raise WorkshopError(_l("Triage is done while the device is in the workshop."))
        if current.status in ("received", "returned"):
            lifecycle.move(current, "triage", user)
        values = dict(specs, triage_decision=decision, triage_reason=reason)
        changed = changes_of(current, values)
        updated = (Device.update(version=Device.version + 1, **changed)
                   .where((Device.id == current.id) & (Device.version == current.version))
                   .execute())
        if updated != 1:
            raise lifecycle.StaleVersion()
        current.version += 1
        Event.create(device=current.id, user=user, kind="triage", note=reason,
                     data={"decision": decision, **history_of(current, changed)})
        if (decision == "refurbish" and current.status == "triage"
                and not lifecycle.refusals(current, "refurbishing")):
            lifecycle.move(current, "refurbishing", user)
    stored = Device.get_by_id(device.id)
    for name in ("status", "version", "cycle", *values):
        setattr(device, name, getattr(stored, name))
    return stored.status


def mark_for_parts(device, user, components, note=""):
    """Move device to parts, recording the components taken from it."""
    components = [c for c in components if c in COMPONENTS]
    note = (note or "").strip()[:500]
    if not components:
        raise WorkshopError(_l("Tick the components taken from the device."))
    if "other" in components and not note:
        raise WorkshopError(_l("Say which other components were taken."))
    taken = ", ".join(components)
    return lifecycle.move(device, "parts", user, note=note, changes={"parts_taken": taken},
                          data={"components": components})


def components_text(parts_taken):
    """The stored component keys as words for people."""
    keys = [key.strip() for key in (parts_taken or "").split(",") if key.strip()]
    return ", ".join(str(term("component", key)) for key in keys)
