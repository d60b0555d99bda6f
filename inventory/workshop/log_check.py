"""Check an nwipe log against the device it is imported on, before anything is recorded.

A log attached to the wrong machine would make that machine look erased while its own drive
never was: the log's machine serial, and each drive's serial, model and size, must agree with
what the device's record already says. Only what both sides know is compared: a log without
the machine's serial (older nwipe, or -q), or a device without recorded drives, is checked
on what remains.
"""
import re

from flask_babel import lazy_gettext as _l

from ..lifecycle import current_erasures
from ..models import RemovedDrive
from .common import WorkshopError

# What firmware leaves in the DMI serial when the maker filled nothing in (dmidecode prints
# the string as stored): no serial, as far as a comparison goes.
DMI_PLACEHOLDERS = {
    "to be filled by o.e.m.", "default string", "system serial number", "not specified",
    "not applicable", "none", "n/a", "0", "00000000", "0123456789", "123456789", "invalid",
    "chassis serial number",
}

# Sizes are typed as the label says (decimal GB) or as an operating system shows them
# (binary GiB, 7 % less), and rounded: beyond this gap it is another drive.
SIZE_TOLERANCE = 0.10


class LogMismatch(WorkshopError):
    """The log does not describe this device; reasons: the headline, then each difference."""

    def __init__(self, differences):
        headline = _l("This log does not match the device: nothing was recorded.")
        super().__init__(headline)
        self.reasons = [headline] + list(differences)


def _difference(what, expected, found):
    return _l("%(what)s: expected %(expected)s, found %(found)s.", what=what,
              expected=expected, found=found)


def _same_serial(a, b):
    return "".join(a.split()).upper() == "".join(b.split()).upper()


def _model_numbers(model):
    """The parts of a model name that carry digits ("860", "WD10EZEX"), lower-cased."""
    return {part for part in re.split(r"[^0-9a-z]+", (model or "").lower())
            if any(ch.isdigit() for ch in part)}


def _same_model(typed, logged):
    """Whether two model names may name the same drive.

    The firmware's name (in the log) is longer than what people type ("Samsung SSD 860 EVO
    250GB" for "Samsung 860 EVO"), so they agree when one's model number is part of one of
    the other's; names without a model number are not compared.
    """
    ours, theirs = _model_numbers(typed), _model_numbers(logged)
    if not ours or not theirs:
        return True
    return any(a in b or b in a for a in ours for b in theirs)


def _same_size(size_gb, size_bytes):
    if not size_gb or not size_bytes:
        return True
    found = size_bytes / 10**9
    return abs(found - size_gb) <= SIZE_TOLERANCE * max(found, size_gb)


def _same_family(typed, logged):
    """Spinning disk or flash: people often call an NVMe or eMMC drive "SSD", rightly so."""
    return (typed == "HDD") == (logged == "HDD")


def _gigabytes(size_bytes):
    return _l("%(size)s GB", size=round(size_bytes / 10**9)) if size_bytes else "?"


def _known_drives(device):
    """{serial: (model, size in GB)} of the drives the device's record knows this round."""
    known = {}
    for erasure in current_erasures(device):
        if erasure.drive_serial and not erasure.no_storage:
            model, size = known.get(erasure.drive_serial, ("", None))
            known[erasure.drive_serial] = (erasure.drive_model or model,
                                           erasure.drive_size_gb or size)
    for drive in RemovedDrive.select().where((RemovedDrive.device == device.id)
                                             & (RemovedDrive.cycle == device.cycle)):
        known.setdefault(drive.drive_serial, (drive.drive_model, drive.drive_size_gb))
    return known


def _system_differences(device, drives):
    found = {d.system_serial for d in drives
             if d.system_serial and d.system_serial.lower() not in DMI_PLACEHOLDERS}
    if not device.serial.strip():
        return []
    return [_difference(_l("Machine serial number"), device.serial, serial)
            for serial in sorted(found) if not _same_serial(device.serial, serial)]


def _drive_differences(known, drive):
    model, size_gb = known[drive.serial]
    found = []
    if model and drive.model and not _same_model(model, drive.model):
        found.append(_difference(_l("Model of drive %(drive)s", drive=drive.serial), model,
                                 drive.model))
    if not _same_size(size_gb, drive.size_bytes):
        found.append(_difference(_l("Size of drive %(drive)s", drive=drive.serial),
                                 _l("%(size)s GB", size=size_gb), _gigabytes(drive.size_bytes)))
    return found


def _spec_differences(device, drives):
    """The triage specs (storage type and size) against the log, when no drive is recorded.

    The specs describe the main drive (or all of them together), so one drive of the log, or
    all of them added up, must fit; a drive of unknown type fits any type.
    """
    kind, size_gb = device.storage_type, device.storage_gb
    found = []
    types = {d.drive_type for d in drives}
    if kind and not types & {"unknown", ""} and not any(_same_family(kind, t) for t in types):
        found.append(_difference(_l("Drive type (triage)"), kind, ", ".join(sorted(types))))
    sizes = [d.size_bytes for d in drives if d.size_bytes]
    if size_gb and sizes and not any(_same_size(size_gb, s) for s in sizes + [sum(sizes)]):
        found.append(_difference(_l("Storage size (triage)"), _l("%(size)s GB", size=size_gb),
                                 ", ".join(str(_gigabytes(size)) for size in sizes)))
    return found


def mismatches(device, drives):
    """Each difference between the log's drives (those to record) and the device's record."""
    known = _known_drives(device)
    found = _system_differences(device, drives)
    for drive in drives:
        if drive.serial in known:
            found += _drive_differences(known, drive)
    if not known:
        found += _spec_differences(device, drives)
    return found


def refuse_mismatches(device, drives):
    """Raise LogMismatch listing the differences, if there are any."""
    found = mismatches(device, drives)
    if found:
        raise LogMismatch(found)
