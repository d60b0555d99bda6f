"""Read an nwipe / ShredOS erasure log into one erasure record per wiped drive.

nwipe (github.com/martijnvanbrummelen/nwipe, booted by ShredOS) writes lines
``[YYYY/MM/DD HH:MM:SS]   level: message`` (src/logging.c), then two summary
tables without a timestamp: "Error Summary" (pass / verification / fdatasync
error counts per device) and "Drive Status" (Erased, -FAILED-, UABORTED or
INSANITY, throughput, duration, model/serial).  The Drive Status table is
nwipe's own verdict, so it decides which drives were wiped and how it went;
the earlier lines only add detail (full model, serial, exact size, method,
rounds, passes, start time).  Drives that were found but not selected, such as
the ShredOS boot stick, appear only in "Found" lines and are left out.

nwipe 0.35 and later also log the machine's DMI strings at start-up, one
``info: <keyword> = <value>`` line per ``dmidecode -s <keyword>`` (src/logging.c,
nwipe_log_sysinfo): "system-serial-number" is the machine's serial, logged as
"XXXXXXXXXXXXXXX" when the -q (anonymise) option is set.  Each drive carries the
serial of the run that wiped it, so the import can check the log against the device.

Standards used below, NIST SP 800-88 Rev. 1 "Guidelines for Media
Sanitization" (2014):
- §2.5 and Appendix A: overwriting user-addressable storage with standard
  write commands is *Clear*, whatever the number of passes or patterns, so
  every nwipe overwrite method (zeros, ones, PRNG, DoD, Gutmann, OPS-II, ...)
  is classed "clear".
- Appendix A lists the drives' own sanitize commands (ATA SANITIZE block erase
  / crypto scramble / overwrite, ATA SECURITY ERASE UNIT, NVMe Format with
  secure erase and Sanitize, SCSI SANITIZE) under *Purge*, so the firmware
  methods of recent nwipe versions are classed "purge" (they are only as good
  as the drive's firmware, which the log cannot show).
- "Verify Zeros" / "Verify Ones" write nothing: they only prove the drive
  reads back as one value.  They are verification, not sanitization, so their
  ``method`` is None and the caller must not count them as an erasure alone.
- §4.7 (Verification): nwipe's ``--verify=last`` reads back every byte of the
  final pass and ``--verify=all`` every byte of every pass, both are a *full*
  verification of the final state; ``off`` is "none".  nwipe never samples,
  so "sample" is never produced here (it exists for records typed by hand).
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from ..errors import Refused

__all__ = ["DriveErasure", "NwipeLog", "NwipeLogError", "parse_nwipe_log"]

MAX_LOG_BYTES = 20_000_000
NOT_TEXT = _l("The file is not a text log (it contains binary data).")


class NwipeLogError(Refused):
    """A file that cannot be read as an nwipe log."""


@dataclass(frozen=True)
class DriveErasure:
    device: str
    serial: str | None
    model: str | None
    drive_type: str  # HDD, SSD, NVMe, eMMC or unknown
    size_bytes: int | None
    nwipe_method: str | None
    method: str | None  # "clear", "purge", or None for a verification-only run
    # overwrite, secure_erase, block_erase, crypto_erase, sanitize_overwrite,
    # verify_only, or unknown when the log names no method
    technique: str
    passes: int | None  # method passes x rounds, the final blanking pass not counted
    verification: str  # none or full (see the module docstring)
    result: str  # passed or failed
    started_at: datetime | None
    ended_at: datetime | None
    errors: int
    note: object = None  # lazy message saying why a drive failed
    throughput_mb_s: int | None = None
    system_serial: str | None = None  # the machine's DMI serial as logged; None: not logged


@dataclass(frozen=True)
class NwipeLog:
    tool_version: str | None
    drives: list = field(default_factory=list)
    sha256: str = ""


_STAMP = re.compile(r"^\[(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d)\] (?:nwipe: )?\s*(\w+): ?(.*)$")
_VERSION = re.compile(r"^nwipe (?:version )?(\d+\.\d+[\w.\-]*)\s*$")
_FOUND = re.compile(r"^Found (/dev/\S+), (.*?), (.*), \s*(\d+) ([KMGT]?B), S/N=(.*)$")
_SERIAL = re.compile(r"^(/dev/\S+) has serial number (.+)$")
_GEOMETRY = re.compile(r"^(/dev/\S+), sect/blk/dev \d+/\d+/(\d+)$")
_INVOKE = re.compile(r"^Invoking method '(.+)' on (/dev/\S+)$")
_ROUND = re.compile(r"^Starting round \d+ of (\d+) on (/dev/\S+)$")
_PASS = re.compile(r"^Starting pass \d+/(\d+), round \d+/(\d+), on (/dev/\S+)$")
_DEVICE_IN_LINE = re.compile(r"(/dev/[\w\-/]+)")
_SYSTEM_SERIAL = re.compile(r"^system-serial-number = (.*)$")
_OPTION = re.compile(r"^\s+(method|rounds|verify)\s+=\s+(.+?)\s*$")
_ERROR_ROW = re.compile(r"^[! ]\s*(\S+) \|\s*(\d+) \|\s*(\d+)(?: \|\s*(\d+))?\s*$")
_STATUS_ROW = re.compile(
    r"^[! ]\s*(\S+) \|(.{8})\|\s*(\d+) ?([KMGT]?B)/s \| (\d+):(\d\d):(\d\d) \| (.*)$"
)
_FOOTER = re.compile(r"^\[[^\]]+\] Total Throughput .*?, (.+), (\d+)R\+N?B\+(NV|VL|VA)\s*$")

_UNIT = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}
_VERIFY_OPTION = {"off": "none", "last pass": "full", "all passes": "full"}
_VERIFY_FOOTER = {"NV": "none", "VL": "full", "VA": "full"}
_ANONYMISED = re.compile(r"^(X+|\?+)$")

# Passes per round of each method, from src/method.c, used only when the log
# stops before a "Starting pass p/P" line shows the count.
_METHOD_PASSES = {
    "fill with zeros": 1, "zero fill": 1, "quick erase": 1, "fill with ones": 1,
    "prng stream": 1, "dod short": 3, "dod 5220.22-m": 7, "gutmann wipe": 35,
    "rcmp tssit ops-ii": 8, "hmg is5 enhanced": 3, "bruce schneier 7-pass": 7,
}

# Checked in order: the first keyword found in the lower-cased method label wins.
_FIRMWARE_TECHNIQUES = (
    ("crypto", "crypto_erase"),
    ("block erase", "block_erase"),
    ("sanitize overwrite", "sanitize_overwrite"),
    ("secure erase", "secure_erase"),
)


@dataclass
class _Device:
    path: str
    type_text: str = ""
    model: str | None = None
    serial: str | None = None
    size_bytes: int | None = None
    method: str | None = None
    started_at: datetime | None = None
    last_seen: datetime | None = None
    passes: int | None = None
    rounds: int | None = None


def parse_nwipe_log(data: bytes, max_bytes: int = MAX_LOG_BYTES) -> NwipeLog:
    """Parse an nwipe log file into its wiped drives, or raise NwipeLogError."""
    text = _decode(data, max_bytes)
    lines = text.splitlines()
    if not any(_STAMP.match(line) for line in lines):
        raise NwipeLogError(_l("This is not an nwipe log: no nwipe log line was found."))

    runs = [_read_lines(run) for run in _split_runs(lines)]
    wiped = [state for state in runs if state["status_rows"]]
    if not wiped:
        if any(state["wipe_started"] and not state["finished"] for state in runs):
            raise NwipeLogError(
                _l(
                    "The nwipe log stops before its result table: the wipe was "
                    "interrupted or the file is incomplete."
                )
            )
        raise NwipeLogError(_l("The nwipe log does not show any drive being wiped."))

    return NwipeLog(
        tool_version=wiped[-1]["version"],
        drives=[_drive(row, state) for state in wiped for row in state["status_rows"]],
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _split_runs(lines):
    """Cut the log at each "nwipe <version>" banner.

    nwipe opens its log file in append mode, so one file can hold several
    runs, often wiping the same /dev/sda each time.
    """
    runs, current = [], []
    for line in lines:
        stamped = _STAMP.match(line)
        if stamped and _VERSION.match(stamped.group(3).rstrip()) and any(
            _STAMP.match(earlier) for earlier in current
        ):
            runs.append(current)
            current = []
        current.append(line)
    runs.append(current)
    return runs


def _decode(data, max_bytes):
    if not data or not data.strip():
        raise NwipeLogError(_l("The file is empty."))
    if len(data) > max_bytes:
        raise NwipeLogError(
            _l("The file is too large for an nwipe log (limit %(limit)s MB).",
               limit=max_bytes // 1_000_000)
        )
    head = data[:65536]
    if b"\x00" in head:
        raise NwipeLogError(NOT_TEXT)
    # nwipe writes ASCII; model names from odd firmware may hold Latin-1 bytes.
    text = data.decode("utf-8", errors="replace")
    sample = text[:65536]
    odd = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n\x0c"))
    if odd > len(sample) // 20:
        raise NwipeLogError(NOT_TEXT)
    return text


def _read_lines(lines):
    state = {
        "version": None, "devices": {}, "options": {}, "footer": None,
        "errors": {}, "status_rows": [], "smartctl_missing": False,
        "wipe_started": False, "finished": False, "system_serial": None,
    }
    devices = state["devices"]

    def device(path):
        return devices.setdefault(path, _Device(path))

    for line in lines:
        stamped = _STAMP.match(line)
        if not stamped:
            _read_table_line(line, state)
            continue
        when = datetime.strptime(stamped.group(1), "%Y/%m/%d %H:%M:%S")
        message = stamped.group(3).rstrip()
        if match := _VERSION.match(message):
            state["version"] = state["version"] or match.group(1)
        elif match := _FOUND.match(message):
            found = device(match.group(1))
            found.type_text = match.group(2).strip()
            found.model = match.group(3).strip() or None
            # Rounded down to the unit shown; the "sect/blk/dev" line is exact.
            found.size_bytes = found.size_bytes or int(match.group(4)) * _UNIT[match.group(5)]
            found.serial = _clean_serial(match.group(6))
        elif match := _SERIAL.match(message):
            device(match.group(1)).serial = _clean_serial(match.group(2))
        elif match := _GEOMETRY.match(message):
            device(match.group(1)).size_bytes = int(match.group(2))
        elif match := _INVOKE.match(message):
            invoked = device(match.group(2))
            invoked.method = _label(match.group(1))
            invoked.started_at = invoked.started_at or when
            state["wipe_started"] = True
        elif match := _PASS.match(message):
            worked = device(match.group(3))
            worked.passes, worked.rounds = int(match.group(1)), int(match.group(2))
        elif match := _ROUND.match(message):
            device(match.group(2)).rounds = int(match.group(1))
        elif match := _OPTION.match(message):
            state["options"][match.group(1)] = match.group(2)
        elif match := _SYSTEM_SERIAL.match(message):
            state["system_serial"] = _clean_serial(match.group(1))
        elif "Install smartmontools" in message:
            state["smartctl_missing"] = True
        elif message.startswith(("Nwipe successfully completed", "Nwipe exited with errors",
                                 "Nwipe was aborted by the user")):
            state["finished"] = True
        for path in _DEVICE_IN_LINE.findall(message):
            if path in devices:
                devices[path].last_seen = when
    return state


def _read_table_line(line, state):
    if match := _STATUS_ROW.match(line):
        state["status_rows"].append(match)
    elif match := _ERROR_ROW.match(line):
        counts = [int(group or 0) for group in match.group(2, 3, 4)]
        state["errors"][match.group(1)] = sum(counts)
    elif match := _FOOTER.match(line):
        state["footer"] = match


def _drive(row, state):
    short_name, status = row.group(1), row.group(2).strip()
    info = _find_device(short_name, state["devices"])
    table_model, _, table_serial = row.group(8).rstrip().rpartition("/")
    footer = state["footer"]

    label = info.method or _label(state["options"].get("method")) or (
        _label(footer.group(1)) if footer else None
    )
    method, technique = _classify(label)
    rounds = info.rounds or _int(state["options"].get("rounds")) or (
        int(footer.group(2)) if footer else None
    )
    passes = info.passes
    if passes is None and label:
        passes = 0 if technique == "verify_only" else _METHOD_PASSES.get(label.lower())
    if passes is not None and rounds:
        passes *= rounds

    errors = state["errors"].get(short_name, 0)
    result, note = _verdict(status, errors)
    duration = timedelta(
        hours=int(row.group(5)), minutes=int(row.group(6)), seconds=int(row.group(7))
    )
    ended_at = info.started_at + duration if info.started_at else info.last_seen
    return DriveErasure(
        device=info.path,
        serial=info.serial or _clean_serial(table_serial),
        model=info.model or table_model.strip() or None,
        drive_type=_drive_type(info, state["smartctl_missing"]),
        size_bytes=info.size_bytes,
        nwipe_method=label,
        method=method,
        technique=technique,
        passes=passes,
        verification=_verification(state, technique),
        result=result,
        started_at=info.started_at,
        ended_at=ended_at,
        errors=errors,
        note=note,
        throughput_mb_s=int(row.group(3)) * _UNIT[row.group(4)] // 10**6,
        system_serial=state["system_serial"],
    )


def _find_device(short_name, devices):
    for path, info in devices.items():
        if path.rsplit("/", 1)[-1] == short_name:
            return info
    return _Device("/dev/" + short_name)


def _verdict(status, errors):
    if status == "Erased" and errors == 0:
        return "passed", None
    if status == "UABORTED":
        return "failed", _l("Interrupted before the end (stopped by the user).")
    if status == "INSANITY":
        return "failed", _l("nwipe reported an inconsistent state for this drive.")
    if errors:
        return "failed", _l("nwipe reported %(count)s errors (write, verification or sync).",
                            count=errors)
    return "failed", _l("nwipe reported a failure for this drive.")


def _classify(label):
    """Return the NIST SP 800-88 class and the technique for an nwipe method label."""
    if not label:
        return None, "unknown"
    lowered = label.lower()
    if lowered.startswith("verify"):
        return None, "verify_only"
    for keyword, technique in _FIRMWARE_TECHNIQUES:
        if keyword in lowered:
            return "purge", technique
    return "clear", "overwrite"


def _verification(state, technique):
    if technique == "verify_only":
        return "full"
    option = state["options"].get("verify", "")
    if match := re.search(r"\((.+)\)", option):
        return _VERIFY_OPTION.get(match.group(1), "none")
    if state["footer"]:
        return _VERIFY_FOOTER[state["footer"].group(3)]
    return "none"


def _drive_type(info, smartctl_missing):
    kind = info.type_text.upper()
    name = info.path.rsplit("/", 1)[-1]
    if "NVME" in kind or name.startswith("nvme"):
        return "NVMe"
    if name.startswith("mmcblk"):
        return "eMMC"
    if kind.endswith("-SSD") or "SSD" in (info.model or "").upper().split():
        return "SSD"
    # nwipe learns "solid state" from smartctl; without it a spinning-disk
    # guess would be unfounded, and USB bridges hide what is behind them.
    if not smartctl_missing and kind.split("-")[0] in {"ATA", "SCSI", "SAS", "IDE"}:
        return "HDD"
    return "unknown"


def _label(text):
    return " ".join(text.split()) if text and text.strip() else None


def _clean_serial(text):
    text = (text or "").strip()
    if not text or _ANONYMISED.match(text):
        return None
    return text


def _int(text):
    return int(text) if text and text.strip().isdigit() else None
