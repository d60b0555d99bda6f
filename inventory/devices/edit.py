"""Changing a device's record (not its status): version-checked, kept in the history."""
from decimal import Decimal

from ..db import database
from ..lifecycle import StaleVersion
from ..models import Device, Event

# What a person may edit on the device page; status, version and cycle never.
EDITABLE = ("category", "make", "model", "serial", "donor_asset_tag", "cpu", "ram_gb",
            "storage_type", "storage_gb", "screen_inches", "keyboard_layout", "webcam",
            "battery_health", "os_found", "os_installed", "os_licence", "grade", "working",
            "accessories", "location", "notes")


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def changes_of(current, values):
    """Return the values that differ from the device's record."""
    return {name: value for name, value in values.items()
            if _plain(getattr(current, name)) != _plain(value)}


def history_of(current, changed):
    """Return an Event's record of a change: each field before and after."""
    return {"before": {name: _plain(getattr(current, name)) for name in changed},
            "after": {name: _plain(value) for name, value in changed.items()}}


def edit_device(device, user, version, changes, kind="edit", note=""):
    """Apply changes made from version; return what changed. StaleVersion if it moved on."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError("not editable: %s" % ", ".join(sorted(unknown)))
    with database.atomic():
        current = Device.get_by_id(device.id)
        if current.version != version:
            raise StaleVersion()
        changed = changes_of(current, changes)
        if not changed:
            return {}
        updated = (Device.update(version=Device.version + 1, **changed)
                   .where((Device.id == device.id) & (Device.version == version)).execute())
        if updated != 1:
            raise StaleVersion()
        Event.create(device=device.id, user=user, kind=kind, note=note,
                     data=history_of(current, changed))
    for name, value in changed.items():
        setattr(device, name, value)
    device.version = version + 1
    return changed
