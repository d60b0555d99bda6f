"""The one place where a device changes status.

MOVES is the table of allowed moves: the device page's buttons, the API, bulk
scanning and the tests all read it. Every move checks its guards, writes the new
status with a version check and appends an Event, in one transaction.
"""
from flask_babel import lazy_gettext as _l
from peewee import JOIN

from .db import database
from .models import Check, ChecklistVersion, Device, Erasure, ErasureLog, Event, User, now

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

STATUS_LABELS = {
    "received": _l("received"),
    "triage": _l("triage"),
    "refurbishing": _l("refurbishing"),
    "ready": _l("ready"),
    "reserved": _l("reserved"),
    "handed_over": _l("handed over"),
    "returned": _l("returned"),
    "recycled": _l("recycled"),
    "parts": _l("parts"),
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


class MoveRefused(Exception):
    """A move that is not allowed now; reasons are lazy, translated strings."""

    def __init__(self, reasons):
        self.reasons = list(reasons)
        super().__init__("; ".join(str(r) for r in self.reasons))


class StaleVersion(MoveRefused):
    """The device changed since the caller read it."""

    def __init__(self):
        super().__init__([_l("Changed meanwhile by someone else: nothing was saved. "
                             "Here are the current values.")])


def label(status):
    return STATUS_LABELS.get(status, status)


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


def _drive_states(device, erasures=None):
    """Each drive of the current round as (name, state): passed, failed, or missing."""
    erasures = current_erasures(device) if erasures is None else erasures
    drives = [e for e in erasures if not e.no_storage]
    if not drives:
        return None if any(e.no_storage for e in erasures) else []
    by_drive = {}
    for erasure in drives:
        by_drive.setdefault(erasure.drive_serial or "#%d" % erasure.id, []).append(erasure)
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


def storage_problems(device, erasures=None):
    """Say why the device's storage cannot be trusted to hold no donor data.

    erasures: the round's records when the caller has them already.
    """
    states = _drive_states(device, erasures)
    if states is None:  # "no storage present", and no drive recorded since
        return []
    if not states:
        return [_l("No erasure recorded: record each drive's erasure, or that the device has "
                   "no storage.")]
    return [_failed_reason(name) if state == "failed"
            else _l("No passed erasure for drive %(drive)s.", drive=name)
            for name, state in states if state != "passed"]


# "Not read yet", as opposed to None, "read: there is none".
UNREAD = object()


def failed_erasure_problems(device, erasures=None):
    """Say which drives failed their erasure and were not destroyed since."""
    return [_failed_reason(name) for name, state in _drive_states(device, erasures) or ()
            if state == "failed"]


def check_problems(device, latest=UNREAD):
    """Say why the device has no passed quality checklist in this round.

    The latest checklist of the round counts: a failure found after an earlier
    pass is not hidden by it. latest: that checklist (or None), when the caller has read it.
    """
    latest = latest_check(device) if latest is UNREAD else latest
    if latest is None or not latest.passed or latest.technician_id is None:
        return [_l("No passed quality checklist signed by a technician.")]
    return []


def guard_problems(device, to_status, context):
    """List what is missing before device may move to to_status."""
    if to_status == "ready":
        return storage_problems(device) + check_problems(device)
    if to_status == "recycled":
        problems = storage_problems(device)
        reference = context.get("recycler_reference") or device.recycler_reference
        if not (reference or "").strip():
            problems.append(_l("The recycler's reference is missing."))
        return problems
    if to_status in ("refurbishing", "parts"):
        # A drive that failed its erasure may still hold the donor's data: it is
        # destroyed before anyone works on, or harvests, the machine.
        return failed_erasure_problems(device)
    if to_status == "handed_over" and context.get("beneficiary") is None:
        return [_l("No beneficiary given.")]
    return []


def refusals(device, to_status, **context):
    """Return the reasons device cannot move to to_status now (empty when it can)."""
    if to_status not in allowed_moves(device.status):
        return [_l("A device cannot go from “%(from)s” to “%(to)s”.",
                   **{"from": label(device.status), "to": label(to_status)})]
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
            raise MoveRefused(reasons)
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
BUCKET_LABELS = {
    "received": _l("Received, waiting"),
    "refurbishing": _l("In refurbishment"),
    "ready": _l("Ready to give"),
    "given": _l("Given or lent"),
    "recycled": _l("Recycled or parts"),
}


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
