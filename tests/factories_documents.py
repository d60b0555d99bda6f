"""A known donation for the document, verification and donor-link tests, made through the use cases."""
import datetime
import io
import re
from dataclasses import dataclass, field

import pypdf
from peewee import fn

from inventory import lifecycle
from inventory.hotline.handover import hand_over
from inventory.intake.receive import receive_devices
from inventory.models import Device, Event
from inventory.workshop.checklists import all_ok, record_check
from inventory.workshop.erasure import record_erasure

GIVEN_AT = datetime.datetime(2026, 2, 10, 10, 0)  # stored UTC; 10/02/2026 in Lille
RECYCLED_AT = datetime.datetime(2026, 2, 20, 10, 0)
PARTS_AT = datetime.datetime(2026, 2, 25, 10, 0)
READY_AT = datetime.datetime(2026, 3, 2, 10, 0)
RECEIVED_AT = datetime.datetime(2026, 1, 15, 9, 0)
TOWNS = ("Roubaix", "Tourcoing", "Villeneuve-d'Ascq")


@dataclass
class Known:
    donation: object
    devices: list
    given: list = field(default_factory=list)
    recycled: list = field(default_factory=list)
    parts: list = field(default_factory=list)
    ready: list = field(default_factory=list)
    no_storage: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    beneficiaries: list = field(default_factory=list)

    @property
    def tags(self):
        return [d.asset_tag for d in self.devices]


def _refurbish(device, technician):
    record_erasure(device, technician, "purge", "passed", drive_serial="DRV-%s" % device.asset_tag,
                   drive_model="Samsung PM981", drive_type="NVMe", drive_size_gb=256,
                   technique="sanitize", tool="nwipe", tool_version="0.34", verification="full")
    record_check(device, technician, all_ok())
    for step in ("triage", "refurbishing", "ready"):
        lifecycle.move(device, step, technician)


def known_donation(make, total=12, given=3, recycled=2, parts=1, ready=1, no_storage=1,
                   donor=None, reference="BN-2026-01", partner=None):
    """Receive total devices, then give, recycle, strip, ready and mark some; the rest wait."""
    donor = donor or make.donor(name="Banque du Nord", kind="company", siret="98765432100019",
                                address="1 place du Théâtre", postcode="59000", town="Lille",
                                contact_name="Paul Dupont")
    donation = make.donation(donor, reference=reference, received_on=datetime.date(2026, 1, 15))
    technician = make.technician
    receive_devices(donation, total, technician, make="Dell", model="Latitude 5490")
    # The serials and the donor's own tags follow the asset tags: CC-00007 -> SN-00007, BN-00007.
    prefix = make.app.config["ASSET_TAG_PREFIX"] + "-"
    Device.update(serial=_replace(Device.asset_tag, prefix, "SN-"),
                  donor_asset_tag=_replace(Device.asset_tag, prefix, "BN-"),
                  received_at=RECEIVED_AT).where(Device.donation == donation.id).execute()
    devices = list(Device.select().where(Device.donation == donation.id).order_by(Device.asset_tag))
    known = Known(donation, devices)
    queue = list(devices)
    for index in range(given):
        device = queue.pop(0)
        _refurbish(device, technician)
        person = make.beneficiary(first_name="Zoé", last_name="Secretname%d" % index,
                                  category="pupil", town=TOWNS[index % len(TOWNS)],
                                  **({"partner": partner} if partner else {}))
        hand_over(device, person, technician, handed_on=GIVEN_AT.date())
        known.given.append(device)
        known.beneficiaries.append(person)
    for _ in range(recycled):
        device = queue.pop(0)
        lifecycle.move(device, "triage", technician)
        record_erasure(device, technician, "destroy", "passed",
                       drive_serial="DRV-%s" % device.asset_tag, technique="shredding")
        lifecycle.move(device, "recycled", technician, recycler_reference="BSD-2026-1")
        known.recycled.append(device)
    for _ in range(parts):
        device = queue.pop(0)
        lifecycle.move(device, "triage", technician)
        lifecycle.move(device, "parts", technician)
        known.parts.append(device)
    for _ in range(ready):
        device = queue.pop(0)
        _refurbish(device, technician)
        known.ready.append(device)
    for _ in range(no_storage):
        device = queue.pop(0)
        record_erasure(device, technician, "no_storage", "")
        known.no_storage.append(device)
    known.waiting = queue
    ids = [d.id for d in devices]
    for status, at in (("received", RECEIVED_AT), ("handed_over", GIVEN_AT),
                       ("recycled", RECYCLED_AT), ("parts", PARTS_AT), ("ready", READY_AT)):
        Event.update(at=at).where(Event.device.in_(ids) & (Event.to_status == status)).execute()
    return known


def _replace(column, old, new):
    return fn.REPLACE(column, old, new)


def pages_text(pdf):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [page.extract_text().replace("\u00a0", " ") for page in reader.pages]


def flat(pdf):
    """The whole text on one line, so wrapped cells still match."""
    return re.sub(r"\s+", " ", " ".join(pages_text(pdf)))
