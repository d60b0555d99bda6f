"""The workshop's records: erasures per drive and quality checklists."""
from flask_babel import lazy_gettext as _l

from .db import database
from .lifecycle import StaleVersion
from .models import (
    CHECK_STATES, ERASURE_METHODS, ERASURE_TECHNIQUES, RESULTS, STORAGE_TYPES, VERIFICATIONS,
    Check, ChecklistVersion, Device, Erasure, Event, now,
)

# Only while the device is in the workshop: a device out of it has no drive to erase.
WORKSHOP_STATUSES = ("received", "triage", "refurbishing", "returned", "parts")


class WorkshopError(Exception):
    """Refused input; the message is for the user."""


def _bump(device):
    """Take the device's version, so a concurrent edit is told it changed."""
    updated = (Device.update(version=Device.version + 1)
               .where((Device.id == device.id) & (Device.version == device.version)).execute())
    if updated != 1:
        raise StaleVersion()
    device.version += 1


def record_erasure(device, user, method, result, drive_serial="", drive_model="", drive_type="",
                   drive_size_gb=None, technique="", tool="", tool_version="", passes=None,
                   verification="none", started_at=None, ended_at=None, note="", log=None):
    """Record one drive's erasure (or that there is no storage); return it."""
    if method not in ERASURE_METHODS:
        raise WorkshopError(_l("Unknown erasure method."))
    if method != "no_storage":
        if result not in RESULTS:
            raise WorkshopError(_l("Say whether the erasure passed or failed."))
        if not (drive_serial or "").strip():
            raise WorkshopError(_l("The drive's serial number is needed."))
        if technique and technique not in ERASURE_TECHNIQUES:
            raise WorkshopError(_l("Unknown erasure technique."))
        if drive_type and drive_type not in STORAGE_TYPES:
            raise WorkshopError(_l("Unknown drive type."))
        if verification not in VERIFICATIONS:
            raise WorkshopError(_l("Unknown verification."))
    else:
        result = "passed"
    if device.status not in WORKSHOP_STATUSES:
        raise WorkshopError(_l("Erasures are recorded while the device is in the workshop."))
    with database.atomic():
        _bump(device)
        erasure = Erasure.create(
            device=device.id, cycle=device.cycle, drive_serial=(drive_serial or "").strip(),
            drive_model=drive_model or "", drive_type=drive_type or "",
            drive_size_gb=drive_size_gb, method=method, technique=technique or "",
            tool=tool or "", tool_version=tool_version or "", passes=passes,
            verification=verification or "none", result=result, started_at=started_at,
            ended_at=ended_at or now(), technician=user, note=note or "", log=log)
        Event.create(device=device.id, user=user, kind="erasure", note=note or "",
                     data={"erasure": erasure.id, "drive": erasure.drive_serial,
                           "method": method, "result": result})
    return erasure


def record_check(device, user, results, note="", battery_health=None, os_installed="",
                 os_licence=""):
    """Record a checklist filled against the current version; passed when nothing failed."""
    checklist = ChecklistVersion.current()
    missing = [item for item in checklist.items if item not in results]
    if missing:
        raise WorkshopError(_l("Items not filled in: %(items)s.", items=", ".join(missing)))
    for item, value in results.items():
        if value.get("state") not in CHECK_STATES:
            raise WorkshopError(_l("Unknown result for %(item)s.", item=item))
    passed = not any(v["state"] == "failed" for v in results.values())
    with database.atomic():
        _bump(device)
        check = Check.create(device=device.id, cycle=device.cycle, checklist=checklist,
                             results=results, passed=passed, technician=user, note=note or "",
                             battery_health=battery_health, os_installed=os_installed or "",
                             os_licence=os_licence or "")
        Event.create(device=device.id, user=user, kind="check", note=note or "",
                     data={"check": check.id, "version": checklist.version, "passed": passed})
    return check


def all_ok(checklist=None):
    """Results marking every item of the current checklist ok (the one-tap pass)."""
    checklist = checklist or ChecklistVersion.current()
    return {item: {"state": "ok", "note": ""} for item in checklist.items}
