"""Drives on their own: taken out of a device, erased or destroyed out of it, seen on two devices,
and an admin's exception to the flash-memory rule.

A drive is either in a device (its erasures count for that device's guards) or taken out and
tracked as a RemovedDrive until a passed erasure or destruction; either way every step records
an Event on the device it came from.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from peewee import JOIN, fn

from .. import lifecycle
from ..db import database
from ..lifecycle import current_erasures, drive_kind, drive_state
from ..models import STORAGE_TYPES, Device, Erasure, Event, RemovedDrive, User, now
from .common import WorkshopError, bump
from .erasure import ERASURE_STATUSES, _check_fields, _create

MAX_REASON = 2000


@dataclass
class LooseDrive:
    """A removed drive with the device it came from and its state: passed, failed or missing."""

    drive: RemovedDrive
    device: Device
    state: str
    records: list

    @property
    def pending(self):
        return self.state != "passed"


def _clean(text, limit):
    return " ".join((text or "").split())[:limit]


def known_drive(device, serial):
    """What the round's erasure records say of a drive: model, type, size (for the form)."""
    known = {"drive_model": "", "drive_type": "", "drive_size_gb": None}
    for erasure in current_erasures(device):
        if erasure.drive_serial == serial:
            for name in known:
                known[name] = getattr(erasure, name) or known[name]
    return known


def drives_inside(device):
    """The serials of the drives the round's records put in the device, not taken out."""
    return list(lifecycle.drives_of(current_erasures(device), lifecycle.removed_serials(device)))


def remove_drive(device, user, version, drive_serial, drive_model="", drive_type="",
                 drive_size_gb=None, location="", note="", no_storage_left=False):
    """Take a drive out of device (harvested, swapped); return its RemovedDrive.

    From now on the drive is tracked on its own until erased or destroyed, and the device's
    guards no longer count it. no_storage_left also records that no drive is left inside.
    """
    serial = (drive_serial or "").strip()[:100]
    if not serial:
        raise WorkshopError(_l("The drive's serial number is needed."))
    if drive_type and drive_type not in STORAGE_TYPES:
        raise WorkshopError(_l("Unknown drive type."))
    if drive_size_gb is not None and not 0 <= drive_size_gb <= 100000:
        raise WorkshopError(_l("A value is out of range: %(field)s.", field="drive_size_gb"))
    location = _clean(location, 100)
    if not location:
        raise WorkshopError(_l("Say where the drive is kept until it is erased or destroyed."))
    with database.atomic():
        current = Device.get_or_none(Device.id == device.id)
        if current is None or current.version != version:
            raise lifecycle.StaleVersion()
        if current.status not in ERASURE_STATUSES:
            raise WorkshopError(_l("Drives are taken out while the device is in the workshop."))
        if serial in lifecycle.removed_serials(current):
            raise WorkshopError(_l("Drive %(drive)s was already taken out of this device.",
                                   drive=serial))
        known = known_drive(current, serial)
        bump(current)
        drive = RemovedDrive.create(
            device=current.id, cycle=current.cycle, drive_serial=serial,
            drive_model=_clean(drive_model, 200) or known["drive_model"],
            drive_type=drive_type or known["drive_type"],
            drive_size_gb=drive_size_gb if drive_size_gb is not None else known["drive_size_gb"],
            location=location, note=(note or "").strip()[:2000], removed_by=user)
        Event.create(device=current.id, user=user, kind="drive_removed", note=drive.note,
                     data={"removed_drive": drive.id, "drive": serial, "location": location})
        if no_storage_left:
            _create(current, user, method="no_storage", result="passed", note="")
    device.version = current.version
    return drive


def record_loose_erasure(drive, user, method, result, technique="", tool="", tool_version="",
                         passes=None, verification="none", note=""):
    """Record the erasure or destruction of a drive taken out of its device; return it.

    Whatever the device's status now (it may be recycled already): the drive is on its own.
    """
    verification = verification or "none"
    if method == "no_storage":
        raise WorkshopError(_l("Unknown erasure method."))
    _check_fields(method, result, drive.drive_serial, drive.drive_type, technique, verification,
                  passes, None, None)
    with database.atomic():
        device = Device.get_by_id(drive.device_id)
        bump(device)
        return _create(device, user, cycle=drive.cycle, data={"removed_drive": drive.id},
                       method=method, result=result, drive_serial=drive.drive_serial,
                       drive_model=drive.drive_model, drive_type=drive.drive_type,
                       drive_size_gb=drive.drive_size_gb, technique=technique or "",
                       tool=_clean(tool, 100), tool_version=_clean(tool_version, 40),
                       passes=passes, verification=verification, ended_at=now(),
                       note=(note or "").strip()[:2000])


def _loose(drives):
    """LooseDrive rows for RemovedDrive rows (device joined): one query for all their erasures."""
    if not drives:
        return []
    records = {}
    query = (Erasure.select(Erasure, User)
             .join(User, JOIN.LEFT_OUTER, on=(Erasure.technician == User.id))
             .where(Erasure.device.in_(sorted({d.device_id for d in drives}))
                    & Erasure.drive_serial.in_(sorted({d.drive_serial for d in drives})))
             .order_by(Erasure.created_at, Erasure.id))
    for erasure in query:
        records.setdefault((erasure.device_id, erasure.cycle, erasure.drive_serial),
                           []).append(erasure)
    rows = []
    for drive in drives:
        own = records.get((drive.device_id, drive.cycle, drive.drive_serial), [])
        state = drive_state(own) if own else "missing"
        rows.append(LooseDrive(drive=drive, device=drive.device, state=state, records=own))
    return rows


def removed_from(device):
    """Every drive taken out of device, any round, newest first, with its state."""
    drives = list(RemovedDrive.select(RemovedDrive, Device).join(Device)
                  .where(RemovedDrive.device == device.id)
                  .order_by(RemovedDrive.removed_at.desc(), RemovedDrive.id.desc()))
    return _loose(drives)


def get_loose(drive_id):
    drive = (RemovedDrive.select(RemovedDrive, Device).join(Device)
             .where(RemovedDrive.id == drive_id).first())
    return _loose([drive])[0] if drive else None


def pending_drives(limit=500):
    """Drives taken out and not erased or destroyed yet, oldest first: the workshop's list."""
    drives = list(RemovedDrive.select(RemovedDrive, Device).join(Device)
                  .order_by(RemovedDrive.removed_at, RemovedDrive.id))
    return [row for row in _loose(drives) if row.pending][:limit]


# The same serial erased on two devices -------------------------------------------------------
#
# Flagged, never refused: a drive can move between machines (swapped in, or harvested from a
# machine kept for parts and fitted in another), and refusing would stop a real erasure from
# being recorded. But it is also what a log imported on the wrong device looks like, so both
# devices' pages and the drives list show it, for a person to look at.

def _erased(query):
    return query.where((Erasure.result == "passed") & (Erasure.method != "no_storage")
                       & (Erasure.drive_serial != ""))


def erased_elsewhere(device, erasures):
    """{serial: [asset tags]} of this round's erased drives also erased on other devices."""
    serials = {e.drive_serial for e in erasures
               if e.result == "passed" and not e.no_storage and e.drive_serial}
    if not serials:
        return {}
    found = {}
    query = _erased(Erasure.select(Erasure.drive_serial, Device.asset_tag).join(Device)
                    .where(Erasure.drive_serial.in_(sorted(serials))
                           & (Erasure.device != device.id))
                    ).distinct().order_by(Device.asset_tag).tuples()
    for serial, tag in query:
        found.setdefault(serial, []).append(tag)
    return found


def duplicate_warnings(found):
    return [_l("Drive %(drive)s is also recorded as erased on %(tags)s: check that the drive "
               "moved between these machines, or that a log was not imported on the wrong "
               "one.", drive=serial, tags=", ".join(tags)) for serial, tags in found.items()]


def serials_on_several_devices(limit=200):
    """[(serial, [asset tags])] of drive serials recorded as erased on more than one device."""
    several = (_erased(Erasure.select(Erasure.drive_serial))
               .group_by(Erasure.drive_serial)
               .having(fn.COUNT(fn.DISTINCT(Erasure.device)) > 1).limit(limit))
    found = {}
    query = _erased(Erasure.select(Erasure.drive_serial, Device.asset_tag).join(Device)
                    .where(Erasure.drive_serial.in_(several))).distinct().tuples()
    for serial, tag in query:
        found.setdefault(serial, set()).add(tag)
    return sorted((serial, sorted(tags)) for serial, tags in found.items())


# An admin's exception to the flash-memory rule -----------------------------------------------

def may_take_exception(erasure, device):
    """Whether the flash rule applies to this erasure: a passed Clear of a flash drive."""
    return (erasure.method == "clear" and erasure.result == "passed"
            and drive_kind([erasure], device) in lifecycle.FLASH_TYPES)


def record_exception(erasure, user, reason):
    """Let a flash drive only overwritten count for ready, with an admin's reason; return it.

    Admins only, whoever calls (page, command or API): it is the organisation's decision to
    depart from NIST SP 800-88, and the certificate prints it next to the drive.
    """
    reason = (reason or "").strip()[:MAX_REASON]
    if user is None or user.role != "admin":
        raise WorkshopError(_l("Only an admin may record an exception."))
    if not reason:
        raise WorkshopError(_l("Give the reason for the exception."))
    with database.atomic():
        device = Device.get_by_id(erasure.device_id)
        if not may_take_exception(erasure, device):
            raise WorkshopError(_l("An exception is only for a flash drive (SSD, NVMe or eMMC) "
                                   "that was only overwritten (Clear) and passed."))
        at = now()
        updated = (Erasure.update(exception_reason=reason, exception_by=user.id, exception_at=at)
                   .where((Erasure.id == erasure.id) & Erasure.exception_at.is_null()).execute())
        if updated != 1:
            raise WorkshopError(_l("An exception is already recorded for this erasure."))
        bump(device)
        Event.create(device=device.id, user=user.id, kind="exception", note=reason,
                     data={"erasure": erasure.id, "drive": erasure.drive_serial})
    return Erasure.get_by_id(erasure.id)
