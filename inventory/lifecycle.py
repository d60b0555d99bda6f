"""The one place where a device changes status.

MOVES is the table of allowed moves: the device page's buttons, the API, bulk
scanning and the tests all read it. Every move checks its guards, writes the new
status with a version check and appends an Event, in one transaction.
"""
from flask_babel import lazy_gettext as _l
from peewee import JOIN

from .db import database
from .errors import Refused
from .models import (
    Check, ChecklistVersion, Device, Erasure, ErasureLog, Event, RemovedDrive, User, now,
)
from .vocabulary import term, terms

STATES = ("received", "triage", "refurbishing", "ready", "reserved", "handed_over", "returned",
          "recycled", "parts")

MOVES = {
    "received": ("triage", "recycled", "parts"),
    "triage": ("refurbishing", "recycled", "parts"),
    "refurbishing": ("ready", "recycled", "parts"),
    "ready": ("reserved", "recycled", "parts"),
    "reserved": ("ready", "handed_over"),
    "handed_over": ("returned",),
    "returned": ("triage",),
    # A harvested shell still goes to the recycler in the end.
    "parts": ("recycled",),
    "recycled": (),
}

# What the button for each target status says.
MOVE_LABELS = {
    "triage": _l("Start triage"),
    "refurbishing": _l("Start refurbishing"),
    "ready": _l("Mark ready"),
    "reserved": _l("Reserve"),
    "handed_over": _l("Hand over"),
    "returned": _l("Record a return"),
    "recycled": _l("Recycle"),
    "parts": _l("Keep for parts"),
}


class MoveRefused(Refused):
    """A move that is not allowed now."""


class StaleVersion(MoveRefused):
    """The record changed since the caller read it."""

    status = 409
    page_message = None  # the 409 page's own message: it shows no current values

    def __init__(self, *reasons):
        super().__init__(*(reasons or [_l("Changed meanwhile by someone else: nothing was saved. "
                                          "Here are the current values.")]))


def allowed_moves(status):
    return MOVES.get(status, ())


def _drive_name(erasure):
    return erasure.drive_serial or erasure.drive_model or "#%d" % erasure.id


def current_erasures(device):
    """The device's erasure records of this round, oldest first.

    Each comes with its technician and its log's id and hash (not the log itself), which
    the device page shows: one query, whatever the number of drives.
    """
    return list(Erasure.select(Erasure, User, ErasureLog.id, ErasureLog.sha256)
                .join(User, JOIN.LEFT_OUTER, on=(Erasure.technician == User.id))
                .switch(Erasure)
                .join(ErasureLog, JOIN.LEFT_OUTER, on=(Erasure.log == ErasureLog.id))
                .where((Erasure.device == device.id) & (Erasure.cycle == device.cycle))
                .order_by(Erasure.created_at, Erasure.id))


def latest_check(device):
    """The device's latest checklist of this round, with its technician and version, or None."""
    return (Check.select(Check, User, ChecklistVersion)
            .join(User, JOIN.LEFT_OUTER, on=(Check.technician == User.id))
            .switch(Check)
            .join(ChecklistVersion, on=(Check.checklist == ChecklistVersion.id))
            .where((Check.device == device.id) & (Check.cycle == device.cycle))
            .order_by(Check.at.desc(), Check.id.desc()).first())


def removed_serials(device):
    """The serials of the drives taken out of device in this round: they are tracked on their
    own (RemovedDrive) and are no longer the device's drives."""
    return {serial for (serial,) in RemovedDrive.select(RemovedDrive.drive_serial)
            .where((RemovedDrive.device == device.id) & (RemovedDrive.cycle == device.cycle))
            .tuples()}


def drives_of(erasures, removed):
    """The round's records grouped per drive still in the device: {serial: [records]}."""
    by_drive = {}
    for erasure in erasures:
        if not erasure.no_storage and erasure.drive_serial not in removed:
            by_drive.setdefault(erasure.drive_serial or "#%d" % erasure.id, []).append(erasure)
    return by_drive


def _drive_states(erasures, removed):
    """Each drive still in the device, this round, as (name, state): passed, failed, or missing.

    None: "no storage" is recorded and no drive is left in the device.
    """
    by_drive = drives_of(erasures, removed)
    if not by_drive:
        return None if any(e.no_storage for e in erasures) else []
    return [(_drive_name(records[0]), drive_state(records)) for records in by_drive.values()]


def drive_state(records):
    """One drive's state from its erasure records of a round, oldest first.

    passed; failed (and not destroyed since: a failed drive must be destroyed);
    or missing (no record, or none passed).
    """
    destroyed = [e for e in records if e.method == "destroy" and e.result == "passed"]
    failed = [e for e in records if e.result == "failed"]
    if failed and not (destroyed and destroyed[-1].id > failed[-1].id):
        return "failed"
    if any(e.result == "passed" for e in records):
        return "passed"
    return "missing"


def _failed_reason(name):
    return _l("The erasure of drive %(drive)s failed: the drive must be destroyed before the "
              "device can move on.", drive=name)


def storage_problems(erasures, removed):
    """Say why a device whose round has these erasures (and these drives taken out) may still
    hold donor data."""
    states = _drive_states(erasures, removed)
    if states is None:  # "no storage present", and no drive left in the device
        return []
    if not states:
        if removed:
            return [_l("The drives taken out are tracked on their own: record the erasure of "
                       "each drive still in the device, or that it has no storage left.")]
        return [_l("No erasure recorded: record each drive's erasure, or that the device has "
                   "no storage.")]
    return [_failed_reason(name) if state == "failed"
            else _l("No passed erasure for drive %(drive)s.", drive=name)
            for name, state in states if state != "passed"]


# NIST SP 800-88 Rev. 1, Appendix A, Table A-8 (flash memory-based storage devices; NVMe and
# eMMC drives are flash behind another interface): Clear is an overwrite through ordinary
# writes, which the drive's flash translation layer redirects at will, so spare and remapped
# blocks may keep old data and an overwrite is not reliably effective on flash; Purge is the
# drive's own block erase, cryptographic erase or sanitize command, which reaches them.
# An overwrite alone therefore does not let a flash drive leave in a machine, unless an admin
# recorded an exception with its reason (e.g. a drive whose firmware has no working command).
# A Purge recorded as "overwrite" is the drive's own SANITIZE OVERWRITE, run by its firmware.
FLASH_TYPES = ("SSD", "NVMe", "eMMC")


def drive_kind(records, device):
    """The drive's type as recorded with its erasures, else the device's storage type.

    The fallback covers records typed or imported without a type (nwipe cannot tell behind a
    USB bridge or without smartctl); a drive of unknown type is not taken for flash.
    """
    return next((e.drive_type for e in records if e.drive_type), "") or device.storage_type


def overwritten_flash(records, device):
    """Whether a flash drive's passed records are all Clear, none with an admin's exception."""
    passed = [e for e in records if e.result == "passed"]
    return (drive_kind(records, device) in FLASH_TYPES and bool(passed)
            and all(e.method == "clear" for e in passed)
            and not any(e.exception_at for e in passed))


def flash_problems(device, erasures, removed):
    """Say which flash drives still in the device were only overwritten (see FLASH_TYPES)."""
    return [_l("Drive %(drive)s is flash memory (SSD, NVMe or eMMC) and was only overwritten "
               "(Clear): NIST SP 800-88 asks for Purge (block erase, crypto erase or sanitize) "
               "or destruction. An admin may record an exception with its reason.",
               drive=_drive_name(records[0]))
            for records in drives_of(erasures, removed).values()
            if drive_state(records) == "passed" and overwritten_flash(records, device)]


def failed_erasure_problems(erasures, removed):
    """Say which drives of the round's erasures failed and were not destroyed since."""
    return [_failed_reason(name) for name, state in _drive_states(erasures, removed) or ()
            if state == "failed"]


def check_problems(latest):
    """Say why the round has no passed quality checklist, given its latest one (or None).

    The latest checklist of the round counts: a failure found after an earlier
    pass is not hidden by it.
    """
    if latest is None or not latest.passed or latest.technician_id is None:
        return [_l("No passed quality checklist signed by a technician.")]
    return []


def guard_problems(device, to_status, context):
    """List what is missing before device may move to to_status."""
    if to_status in ("ready", "recycled", "parts", "refurbishing"):
        erasures, removed = current_erasures(device), removed_serials(device)
    if to_status == "ready":
        return (storage_problems(erasures, removed) + flash_problems(device, erasures, removed)
                + check_problems(latest_check(device)))
    if to_status == "recycled":
        problems = storage_problems(erasures, removed)
        reference = context.get("recycler_reference") or device.recycler_reference
        if not (reference or "").strip():
            problems.append(_l("The recycler's reference is missing."))
        return problems
    if to_status == "parts":
        # A machine kept for parts is opened and stripped, its drives with it: each drive is
        # erased or destroyed first, or taken out and tracked on its own (RemovedDrive).
        return storage_problems(erasures, removed)
    if to_status == "refurbishing":
        # A drive that failed its erasure may still hold the donor's data: it is
        # destroyed (or taken out) before anyone works on the machine.
        return failed_erasure_problems(erasures, removed)
    if to_status == "handed_over" and context.get("beneficiary") is None:
        return [_l("No beneficiary given.")]
    return []


def refusals(device, to_status, **context):
    """Return the reasons device cannot move to to_status now (empty when it can)."""
    if to_status not in allowed_moves(device.status):
        return [_l("A device cannot go from “%(from)s” to “%(to)s”.",
                   **{"from": term("status", device.status), "to": term("status", to_status)})]
    return guard_problems(device, to_status, context)


def _round_changes(current, to_status):
    """What a move itself changes besides the status (so no caller can forget it)."""
    if current.status == "returned" and to_status == "triage":
        return {"cycle": current.cycle + 1, "triage_decision": "", "triage_reason": ""}
    return {}


def move(device, to_status, user, note="", data=None, changes=None, kind="status", **context):
    """Move device to to_status, from the version the caller saw; return the event.

    changes: other device fields written in the same UPDATE (e.g. the recycling
    batch). context: what guards need (beneficiary, recycler_reference).
    Raises StaleVersion when the device changed since it was read, MoveRefused
    when the move or a guard says no.
    """
    with database.atomic():
        current = Device.get_or_none(Device.id == device.id)
        if current is None or current.version != device.version:
            raise StaleVersion()
        reasons = refusals(current, to_status, **context)
        if reasons:
            raise MoveRefused(*reasons)
        at = now()
        changes = dict(changes or {}, **_round_changes(current, to_status))
        values = dict(changes, status=to_status, status_changed_at=at,
                      version=Device.version + 1)
        updated = (Device.update(**values)
                   .where((Device.id == device.id) & (Device.version == device.version))
                   .execute())
        if updated != 1:
            raise StaleVersion()
        event = Event.create(device=device.id, at=at, user=user, kind=kind,
                             from_status=current.status, to_status=to_status,
                             note=note or "", data=data)
    for name, value in changes.items():
        setattr(device, name, value)
    device.status, device.status_changed_at, device.version = to_status, at, device.version + 1
    return event


# -- progress buckets: what donors' figures count -------------------------------------------
# The donor and donation pages, the donor's link, the donor certificate and the dashboard all
# count devices with this one table, so the figures they show agree.
BUCKETS = ("received", "refurbishing", "ready", "given", "recycled")
BUCKET_OF_STATUS = {
    "received": "received",
    "triage": "refurbishing", "refurbishing": "refurbishing",
    # A returned device is back in the workshop's hands until it is ready again.
    "returned": "refurbishing",
    # A reserved device is still ready: it counts as given only once handed over.
    "ready": "ready", "reserved": "ready",
    "handed_over": "given",
    # A harvested shell ends at the recycler: for the donor it is not reused.
    "recycled": "recycled", "parts": "recycled",
}
assert set(BUCKET_OF_STATUS) == set(STATES) and set(BUCKET_OF_STATUS.values()) == set(BUCKETS)
BUCKET_LABELS = terms("bucket")


def bucket(status):
    """The progress bucket a device in status counts in."""
    return BUCKET_OF_STATUS[status]


def bucket_counts(status_counts):
    """Sum (status, n) pairs into {bucket: n for every bucket, "total": n}."""
    counts = dict.fromkeys(BUCKETS + ("total",), 0)
    for status, n in status_counts:
        counts[bucket(status)] += n
        counts["total"] += n
    return counts
