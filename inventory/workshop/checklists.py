"""Quality checklists (versioned by admins), the OS installed and the parts used."""
from flask_babel import lazy_gettext as _l

from ..db import database
from ..devices.edit import edit_device
from ..models import CHECK_STATES, OS_LICENCES, Check, ChecklistVersion, Event, PartUsed
from .common import WorkshopError, bump
from ..vocabulary import term

MAX_ITEMS = 60
MAX_NOTE = 500


def all_ok(checklist=None):
    """Results marking every item of the current checklist ok (the one-tap pass)."""
    checklist = checklist or ChecklistVersion.current()
    return {item: {"state": "ok", "note": ""} for item in checklist.items}


def record_check(device, user, results, note="", battery_health=None, os_installed=None,
                 os_licence=None, checklist=None):
    """Record a checklist filled against the current version; passed when nothing failed.

    OS and licence default to the device's record (set by record_os).
    """
    checklist = checklist or ChecklistVersion.current()
    if checklist.id != ChecklistVersion.current().id:
        raise WorkshopError(_l("The checklist was changed meanwhile: fill in the new version."))
    missing = [term("checklist_item", item) for item in checklist.items if item not in results]
    if missing:
        raise WorkshopError(_l("Items not filled in: %(items)s.", items=", ".join(
            str(m) for m in missing)))
    unknown = [item for item in results if item not in checklist.items]
    if unknown:
        raise WorkshopError(_l("Items not on the checklist: %(items)s.", items=", ".join(unknown)))
    for item, value in results.items():
        if value.get("state") not in CHECK_STATES:
            raise WorkshopError(_l("Unknown result for %(item)s.",
                                   item=term("checklist_item", item)))
    if battery_health is not None and not 0 <= battery_health <= 100:
        raise WorkshopError(_l("Battery health is a percentage between 0 and 100."))
    results = {item: {"state": value["state"], "note": (value.get("note") or "").strip()[:MAX_NOTE]}
               for item, value in results.items()}
    failed = [item for item, value in results.items() if value["state"] == "failed"]
    passed = not failed and user is not None
    with database.atomic():
        bump(device)
        check = Check.create(
            device=device.id, cycle=device.cycle, checklist=checklist, results=results,
            passed=passed, technician=user, note=note or "", battery_health=battery_health,
            os_installed=device.os_installed if os_installed is None else os_installed,
            os_licence=device.os_licence if os_licence is None else os_licence)
        Event.create(device=device.id, user=user, kind="check", note=note or "",
                     data={"check": check.id, "version": checklist.version, "passed": passed,
                           "failed": failed})
    return check


def failed_items(check):
    return [item for item, value in (check.results or {}).items() if value.get("state") == "failed"]


def set_checklist(items, user):
    """Save the checklist's items; a change makes a new version. Return the current version."""
    cleaned = []
    for item in items:
        item = " ".join((item or "").split())[:100]
        if item and item not in cleaned:
            cleaned.append(item)
    if not cleaned:
        raise WorkshopError(_l("A checklist needs at least one item."))
    if len(cleaned) > MAX_ITEMS:
        raise WorkshopError(_l("At most %(count)s items.", count=MAX_ITEMS))
    with database.atomic():
        current = ChecklistVersion.current()
        if current is not None and current.items == cleaned:
            return current
        # The unique version number makes a concurrent save fail rather than fork.
        return ChecklistVersion.create(version=(current.version if current else 0) + 1,
                                       items=cleaned, created_by=user)


def record_os(device, user, version, os_installed, os_licence):
    """Record the operating system installed and its licence on the device."""
    if os_licence and os_licence not in OS_LICENCES:
        raise WorkshopError(_l("Unknown licence."))
    if os_licence and os_licence != "none" and not (os_installed or "").strip():
        raise WorkshopError(_l("Name the operating system installed."))
    return edit_device(device, user, version, {"os_installed": (os_installed or "").strip()[:100],
                                               "os_licence": os_licence or ""})


def record_part(device, user, description):
    """Record a part fitted during the repair (RAM added, SSD fitted, battery replaced...)."""
    description = " ".join((description or "").split())[:200]
    if not description:
        raise WorkshopError(_l("Say which part was fitted."))
    with database.atomic():
        bump(device)
        part = PartUsed.create(device=device.id, cycle=device.cycle, description=description,
                               user=user)
        Event.create(device=device.id, user=user, kind="part", note=description,
                     data={"part": part.id})
    return part


def parts_used(device):
    return list(PartUsed.select()
                .where((PartUsed.device == device.id) & (PartUsed.cycle == device.cycle))
                .order_by(PartUsed.at, PartUsed.id))
