"""What became of each device of a donation, and how its drives were erased, read from the records.

Shared by the donor certificate, the erasure certificate and the donor's link:
the outcome of a device is its progress bucket (lifecycle's one table), the date
is read from its Event history; a given device only ever carries its recipient's
category and town.
"""
from dataclasses import dataclass
from datetime import date
from typing import Optional

from peewee import JOIN, fn

from ..models import RemovedDrive
from .. import lifecycle, localtime
from ..models import Beneficiary, Device, Erasure, Event, Handover, User

VERIFIED = ("sample", "full")


@dataclass(frozen=True)
class DeviceOutcome:
    device: Device
    outcome: str  # the progress bucket: received, refurbishing, ready, given, recycled
    outcome_on: Optional[date]
    recipient_category: str = ""
    recipient_town: str = ""
    erasure: str = "pending"  # clear(_verified), purge(_verified), destroyed, no_storage, ...


def donation_devices(donation):
    return list(Device.select().where(Device.donation == donation.id).order_by(Device.asset_tag))


def _status_dates(donation):
    """Return {device id: local date it entered its current status}."""
    query = (Event.select(Event.device, fn.MAX(Event.at).alias("at"))
             .join(Device, on=(Event.device == Device.id))
             .where((Device.donation == donation.id) & (Event.to_status == Device.status))
             .group_by(Event.device).tuples())
    return {device_id: localtime.local_date(at) for device_id, at in query}


def _recipients(donation):
    """Return {device id: (category, town)} of the current handover; never a name."""
    query = (Handover.select(Handover.device, Handover.id, Beneficiary.category, Beneficiary.town,
                             Beneficiary.erased_at)
             .join(Beneficiary)
             .switch(Handover).join(Device, on=(Handover.device == Device.id))
             .where((Device.donation == donation.id) & Handover.returned_on.is_null())
             .order_by(Handover.id).tuples())
    found = {}
    for device_id, _id, category, town, erased_at in query:
        found[device_id] = ("", "") if erased_at else (category or "", town or "")
    return found


def _erasures(donation):
    """Return {device id: [erasures of its current cycle, oldest first]} with technicians
    (and the admin of an exception, as erasure.exception_admin)."""
    admin = User.alias()
    query = (Erasure.select(Erasure, User, admin)
             .join(Device, on=(Erasure.device == Device.id))
             .switch(Erasure).join(User, JOIN.LEFT_OUTER, on=(Erasure.technician == User.id))
             .switch(Erasure).join(admin, JOIN.LEFT_OUTER, on=(Erasure.exception_by == admin.id),
                                   attr="exception_admin")
             .where((Device.donation == donation.id) & (Erasure.cycle == Device.cycle))
             .order_by(Erasure.created_at, Erasure.id))
    found = {}
    for erasure in query:
        found.setdefault(erasure.device_id, []).append(erasure)
    return found


def _unrecorded_removed(donation, erasures):
    """Return {device id: [drives taken out this round with no erasure record at all]}.

    Such a drive still holds the donor's data away from its machine: the device's erasure
    stays pending until the drive is erased or destroyed.
    """
    query = (RemovedDrive.select(RemovedDrive)
             .join(Device, on=(RemovedDrive.device == Device.id))
             .where((Device.donation == donation.id) & (RemovedDrive.cycle == Device.cycle))
             .order_by(RemovedDrive.id))
    found = {}
    for drive in query:
        serials = {e.drive_serial for e in erasures.get(drive.device_id, [])}
        if drive.drive_serial not in serials:
            found.setdefault(drive.device_id, []).append(drive)
    return found


def deciding_records(erasures):
    """Return, per drive, the record that decides its state (same rule as lifecycle's guard)."""
    by_drive = {}
    for erasure in erasures:
        if not erasure.no_storage:
            by_drive.setdefault(erasure.drive_serial or "#%d" % erasure.id, []).append(erasure)
    deciding = []
    for records in by_drive.values():
        destroyed = [e for e in records if e.method == "destroy" and e.result == "passed"]
        failed = [e for e in records if e.result == "failed"]
        passed = [e for e in records if e.result == "passed"]
        if failed and not (destroyed and destroyed[-1].id > failed[-1].id):
            deciding.append(failed[-1])
        elif destroyed:
            deciding.append(destroyed[-1])
        else:
            deciding.append((passed or records)[-1])
    return deciding


def erasure_summary(erasures, unrecorded=()):
    """Summarise a device's drives in one code: the weakest state of its drives.

    unrecorded: drives taken out of it with no erasure record yet (pending).
    """
    if unrecorded:
        return "pending"
    deciding = deciding_records(erasures)
    if not deciding:
        return "no_storage" if any(e.no_storage for e in erasures) else "pending"
    if any(e.result != "passed" for e in deciding):
        return "failed"
    wiped = [e for e in deciding if e.method != "destroy"]
    if not wiped:
        return "destroyed"
    weakest = "clear" if any(e.method == "clear" for e in wiped) else "purge"
    verified = all(e.verification in VERIFIED for e in wiped)
    return weakest + ("_verified" if verified else "")


def device_outcomes(donation):
    """Return a DeviceOutcome per device of donation, in asset-tag order."""
    devices = donation_devices(donation)
    dates, recipients, erasures = (_status_dates(donation), _recipients(donation),
                                   _erasures(donation))
    unrecorded = _unrecorded_removed(donation, erasures)
    rows = []
    for device in devices:
        outcome = lifecycle.bucket(device.status)
        category, town = recipients.get(device.id, ("", "")) if outcome == "given" else ("", "")
        # A device still waiting has waited since its arrival, which its donation dates.
        since = (localtime.local_date(device.received_at) if device.status == "received"
                 else dates.get(device.id) or localtime.local_date(device.status_changed_at))
        rows.append(DeviceOutcome(
            device=device, outcome=outcome, outcome_on=since,
            recipient_category=category, recipient_town=town,
            erasure=erasure_summary(erasures.get(device.id, []),
                                    unrecorded.get(device.id, ()))))
    return rows


def erasure_records(donation):
    """Return [(device, [deciding erasures], has no_storage record, [drives taken out with no
    record])] in asset-tag order."""
    erasures = _erasures(donation)
    unrecorded = _unrecorded_removed(donation, erasures)
    return [(device, deciding_records(erasures.get(device.id, [])),
             any(e.no_storage for e in erasures.get(device.id, [])),
             unrecorded.get(device.id, []))
            for device in donation_devices(donation)]


def outcome_totals(rows):
    """{bucket: n} for every progress bucket, in lifecycle's order."""
    counts = lifecycle.bucket_counts((row.device.status, 1) for row in rows)
    return {name: counts[name] for name in lifecycle.BUCKETS}
