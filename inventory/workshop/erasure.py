"""Erasure records, one per drive (NIST SP 800-88 Rev. 1), and nwipe log imports."""
from flask_babel import lazy_gettext as _l, to_utc

from . import log_check, nwipe
from .. import lifecycle
from ..lifecycle import current_erasures
from ..db import database
from ..models import (
    ERASURE_METHODS, ERASURE_TECHNIQUES, RESULTS, STORAGE_TYPES, VERIFICATIONS, Erasure,
    ErasureLog, Event, now,
)
from .common import WorkshopError, bump

# While the device is in the workshop; a returned device first goes back to
# triage, which starts the new round its erasures belong to.
ERASURE_STATUSES = ("received", "triage", "refurbishing", "parts")

# Which techniques fit which NIST SP 800-88 method (Appendix A).
TECHNIQUES_BY_METHOD = {
    "clear": ("overwrite",),
    "purge": ("overwrite", "block_erase", "crypto_erase", "sanitize"),
    "destroy": ("shredding", "drilling"),
}

# nwipe's technique names -> ours: the drive's own erase commands are "sanitize"
# unless the log says block or crypto erase.
NWIPE_TECHNIQUES = {
    "overwrite": "overwrite", "block_erase": "block_erase", "crypto_erase": "crypto_erase",
    "secure_erase": "sanitize", "sanitize_overwrite": "sanitize",
}


def _check_fields(method, result, drive_serial, drive_type, technique, verification, passes,
                  started_at, ended_at):
    if method not in ERASURE_METHODS:
        raise WorkshopError(_l("Unknown erasure method."))
    if method == "no_storage":
        return
    if result not in RESULTS:
        raise WorkshopError(_l("Say whether the erasure passed or failed."))
    if not (drive_serial or "").strip():
        raise WorkshopError(_l("The drive's serial number is needed."))
    if technique and technique not in ERASURE_TECHNIQUES:
        raise WorkshopError(_l("Unknown erasure technique."))
    if technique and technique not in TECHNIQUES_BY_METHOD[method]:
        raise WorkshopError(_l("This technique does not fit the method: overwriting is Clear "
                               "(or Purge for a hard disk's own sanitize), the drive's own erase "
                               "commands are Purge, shredding and drilling are Destroy."))
    if drive_type and drive_type not in STORAGE_TYPES:
        raise WorkshopError(_l("Unknown drive type."))
    if verification not in VERIFICATIONS:
        raise WorkshopError(_l("Unknown verification."))
    if passes is not None and not 0 <= passes <= 100:
        raise WorkshopError(_l("The number of passes must be between 0 and 100."))
    if started_at and ended_at and ended_at < started_at:
        raise WorkshopError(_l("The erasure cannot end before it started."))


def record_erasure(device, user, method, result, drive_serial="", drive_model="", drive_type="",
                   drive_size_gb=None, technique="", tool="", tool_version="", passes=None,
                   verification="none", started_at=None, ended_at=None, note="", log=None):
    """Record one drive's erasure (or that there is no storage); return it."""
    verification = verification or "none"
    _check_fields(method, result, drive_serial, drive_type, technique, verification, passes,
                  started_at, ended_at)
    if method == "no_storage":
        result, drive_serial, technique = "passed", "", ""
    if device.status not in ERASURE_STATUSES:
        raise WorkshopError(_l("Erasures are recorded while the device is in the workshop."))
    with database.atomic():
        bump(device)
        erasure = _create(device, user, method=method, result=result,
                          drive_serial=(drive_serial or "").strip(),
                          drive_model=(drive_model or "").strip(), drive_type=drive_type or "",
                          drive_size_gb=drive_size_gb, technique=technique or "",
                          tool=(tool or "").strip(), tool_version=(tool_version or "").strip(),
                          passes=passes, verification=verification, started_at=started_at,
                          ended_at=ended_at or now(), note=note or "", log=log)
    return erasure


def _create(device, user, cycle=None, data=None, **fields):
    """One erasure row and its Event; cycle: the round of a drive taken out (else the device's)."""
    erasure = Erasure.create(device=device.id, cycle=cycle or device.cycle, technician=user,
                             **fields)
    Event.create(device=device.id, user=user, kind="erasure", note=fields.get("note") or "",
                 data={"erasure": erasure.id, "drive": erasure.drive_serial,
                       "method": erasure.method, "result": erasure.result,
                       "log": erasure.log_id, **(data or {})})
    return erasure


def record_no_storage(device, user, note=""):
    """The one-tap record that the device has no drive at all."""
    return record_erasure(device, user, "no_storage", "passed", note=note)


def warnings(device):
    """What to tell the technician once an erasure is recorded: flash drives only overwritten
    (ready is refused until Purge, destruction or an admin's exception)."""
    return lifecycle.flash_problems(device, lifecycle.current_erasures(device),
                                    lifecycle.removed_serials(device))


# nwipe imports -------------------------------------------------------------

def read_log(content, user, filename=""):
    """Parse an uploaded nwipe log and keep it (once per content); return (log, parsed).

    Raises WorkshopError with the parser's reason when the file is not a
    readable nwipe log; nothing is stored then.
    """
    try:
        parsed = nwipe.parse_nwipe_log(content)
    except nwipe.NwipeLogError as error:
        raise WorkshopError(*error.reasons) from error
    return _keep_log(content, filename, parsed.sha256, user), parsed


def _keep_log(content, filename, sha256, user):
    with database.atomic():
        log = ErasureLog.get_or_none(ErasureLog.sha256 == sha256)
        if log is None:
            log = ErasureLog.create(filename=(filename or "")[:200], sha256=sha256,
                                    content=content, uploaded_by=user)
    return log


def receive_log(device, user, content, filename=""):
    """Keep an uploaded log and, when it covers one drive, import it: all or nothing.

    Returns (log, erasures, skipped); erasures is None when the log covers several drives
    and the technician picks this device's (the log is kept for that page).
    """
    with database.atomic():
        log, parsed = read_log(content, user, filename)
        if len(parsed.drives) > 1:
            return log, None, []
        erasures, skipped = import_log(device, user, log)
    return log, erasures, skipped


def parse_kept_log(log):
    return nwipe.parse_nwipe_log(bytes(log.content))


def _drive_fields(drive):
    """An nwipe drive as record_erasure's fields, or (None, reason) when it cannot be one."""
    if drive.method is None:
        return None, _l("%(drive)s: only verified, not erased (nwipe \"Verify\" methods write "
                        "nothing).", drive=drive.serial or drive.device)
    if not drive.serial:
        return None, _l("%(drive)s: the log shows no serial number; record this drive by hand.",
                        drive=drive.device)
    local_start, local_end = drive.started_at, drive.ended_at
    return dict(
        method=drive.method, result=drive.result, drive_serial=drive.serial,
        drive_model=drive.model or "",
        drive_type=drive.drive_type if drive.drive_type in STORAGE_TYPES else "",
        drive_size_gb=round(drive.size_bytes / 10**9) if drive.size_bytes else None,
        technique=NWIPE_TECHNIQUES.get(drive.technique, ""), passes=drive.passes,
        verification=drive.verification,
        # nwipe stamps the machine's clock, taken as the workshop's local time.
        started_at=to_utc(local_start).replace(tzinfo=None) if local_start else None,
        ended_at=to_utc(local_end).replace(tzinfo=None) if local_end else None,
        note=str(drive.note) if drive.note else "",
    ), None


def import_log(device, user, log, serials=None):
    """Record the drives of a kept nwipe log on device; return (erasures, skipped reasons).

    serials: only these drives (a log may cover the drives of several machines).
    A drive already imported from this log on this device is skipped.
    """
    parsed = parse_kept_log(log)
    if device.status not in ERASURE_STATUSES:
        raise WorkshopError(_l("Erasures are recorded while the device is in the workshop."))
    already = {e.drive_serial for e in current_erasures(device) if e.log_id == log.id}
    chosen, skipped = [], []
    for drive in parsed.drives:
        if serials is not None and drive.serial not in serials:
            continue
        fields, reason = _drive_fields(drive)
        if fields is None:
            skipped.append(reason)
        elif fields["drive_serial"] in already:
            skipped.append(_l("%(drive)s: already imported from this log.",
                              drive=fields["drive_serial"]))
        else:
            _check_fields(fields["method"], fields["result"], fields["drive_serial"],
                          fields["drive_type"], fields["technique"], fields["verification"],
                          fields["passes"], fields["started_at"], fields["ended_at"])
            chosen.append(fields)
    if not chosen:
        raise WorkshopError(_l("No drive of this log could be recorded.") if not skipped
                            else skipped[0])
    log_check.refuse_mismatches(device, [d for d in parsed.drives
                                         if d.serial in {f["drive_serial"] for f in chosen}])
    tool = "nwipe" + (" (ShredOS)" if b"shredos" in bytes(log.content).lower() else "")
    with database.atomic():
        bump(device)
        erasures = [_create(device, user, tool=tool, tool_version=parsed.tool_version or "",
                            log=log.id, **fields) for fields in chosen]
    return erasures, skipped


def drives_of(log):
    """The drives a kept log shows, for the page that lets the technician pick some."""
    return parse_kept_log(log).drives

