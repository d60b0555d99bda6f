"""Records for tests, made through the use cases where one exists.

Factories is the `make` fixture. Below it: ready devices with specs and handovers for the
hotline's tests, and a known donation for the documents, verification and donor-link tests.
"""
import datetime
import itertools
from dataclasses import dataclass, field

from peewee import fn

from inventory import lifecycle
from inventory.accounts import create_user
from inventory.db import connected
from inventory.hotline.handover import hand_over
from inventory.intake.receive import receive_devices
from inventory.models import Beneficiary, Device, Donation, Donor, Event, Partner, Request
from inventory.workshop.checklists import all_ok, record_check
from inventory.workshop.drives import remove_drive
from inventory.workshop.erasure import record_erasure


class Factories:
    PASSWORD = "correct horse battery"

    def __init__(self, app):
        self.app = app
        self.counter = itertools.count(1)

    @property
    def technician(self):
        """One technician for the test's background work (scrypt makes users slow)."""
        if not hasattr(self, "_technician"):
            self._technician = self.user("technician")
        return self._technician

    def _context(self):
        return self.app.test_request_context()

    def user(self, role="operator", **kwargs):
        with self._context(), connected():
            name = kwargs.pop("username", "%s%d" % (role, next(self.counter)))
            return create_user(name, self.PASSWORD, role, **kwargs)

    def donor(self, **fields):
        fields.setdefault("name", "Donor %d" % next(self.counter))
        fields.setdefault("kind", "company")
        with connected():
            return Donor.create(**fields)

    def donation(self, donor=None, **fields):
        fields.setdefault("received_on", datetime.date(2026, 10, 1))
        fields.setdefault("reference", "REF-%d" % next(self.counter))
        with connected():
            return Donation.create(donor=donor or self.donor(), **fields)

    def devices(self, count=1, donation=None, user=None, **fields):
        with self._context(), connected():
            return receive_devices(donation or self.donation(), count, user, **fields)

    def device(self, status="received", user=None, **fields):
        """A device brought to status through the lifecycle, as the workshop would."""
        device = self.devices(1, **fields)[0]
        with self._context(), connected():
            self._advance(device, status, user)
            return Device.get_by_id(device.id)

    def erase(self, device, user=None, **fields):
        fields.setdefault("method", "purge")
        fields.setdefault("result", "passed")
        fields.setdefault("drive_serial", "DRV-%s" % device.asset_tag)
        with self._context(), connected():
            return record_erasure(device, user, **fields)

    def check(self, device, user=None, results=None):
        with self._context(), connected():
            return record_check(device, user or self.technician, results or all_ok())

    def partner(self, **fields):
        fields.setdefault("name", "Partner %d" % next(self.counter))
        fields.setdefault("kind", "association")
        with connected():
            return Partner.create(**fields)

    def beneficiary(self, **fields):
        fields.setdefault("first_name", "Inès")
        fields.setdefault("last_name", "Martin-%d" % next(self.counter))
        fields.setdefault("category", "student")
        fields.setdefault("town", "Lille")
        with connected():
            fields.setdefault("partner", self.partner())
            return Beneficiary.create(**fields)

    def request(self, **fields):
        fields.setdefault("category", "laptop")
        with connected():
            fields.setdefault("partner", self.partner())
            return Request.create(**fields)

    def _advance(self, device, status, user):
        path = {
            "received": [], "triage": ["triage"], "refurbishing": ["triage", "refurbishing"],
            "ready": ["triage", "refurbishing", "ready"],
            "reserved": ["triage", "refurbishing", "ready", "reserved"],
            "handed_over": ["triage", "refurbishing", "ready", "handed_over"],
            "returned": ["triage", "refurbishing", "ready", "handed_over", "returned"],
            "recycled": ["triage", "recycled"], "parts": ["triage", "parts"],
        }[status]
        technician = user or self.technician
        for step in path:
            if step == "ready":
                record_erasure(device, technician, "purge", "passed",
                               drive_serial="DRV-%s" % device.asset_tag)
                record_check(device, technician, all_ok())
            if step == "parts":  # a machine is stripped with its drive erased
                record_erasure(device, technician, "purge", "passed",
                               drive_serial="DRV-%s" % device.asset_tag)
            if step == "recycled":
                record_erasure(device, technician, "destroy", "passed",
                               drive_serial="DRV-%s" % device.asset_tag)
                lifecycle.move(device, step, technician, recycler_reference="BSD-1")
            elif step == "handed_over":
                hand_over(device, self.beneficiary(), technician)
            else:
                lifecycle.move(device, step, technician)


# -- the hotline: ready devices with specs, handovers -------------------------------------

def ready_device(make, category="laptop", donor_kind="company", received_days_ago=0, **specs):
    """A ready device of category with specs, given by a donor of donor_kind."""
    donation = make.donation(donor=make.donor(kind=donor_kind))
    device = make.device("ready", donation=donation, category=category)
    specs["received_at"] = datetime.datetime(2026, 1, 1) - datetime.timedelta(
        days=received_days_ago)
    with connected():
        Device.update(**specs).where(Device.id == device.id).execute()
        return Device.get_by_id(device.id)


def handed_over(make, app, beneficiary=None, operator=None, **options):
    """A device handed over to beneficiary (a new one by default); returns the handover."""
    device = ready_device(make)
    beneficiary = beneficiary or make.beneficiary()
    operator = operator or make.user("operator")
    with app.test_request_context(), connected():
        return hand_over(Device.get_by_id(device.id), Beneficiary.get_by_id(beneficiary.id),
                         operator, **options)


# -- documents: a known donation ---------------------------------------------------------

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
        # Stripped, its drive taken out and not erased yet: the donor's data is pending.
        device = queue.pop(0)
        lifecycle.move(device, "triage", technician)
        remove_drive(device, technician, device.version, "DRV-%s" % device.asset_tag,
                     location="Bac à effacer", no_storage_left=True)
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
