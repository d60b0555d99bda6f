"""Records for tests, made through the use cases where one exists."""
import datetime
import itertools

from inventory import lifecycle
from inventory.accounts import create_user
from inventory.db import connected
from inventory.hotline.handover import hand_over
from inventory.intake.receive import receive_devices
from inventory.models import Beneficiary, Device, Donation, Donor, Partner, Request
from inventory.workshop.checklists import all_ok, record_check
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
            if step == "recycled":
                record_erasure(device, technician, "destroy", "passed",
                               drive_serial="DRV-%s" % device.asset_tag)
                lifecycle.move(device, step, technician, recycler_reference="BSD-1")
            elif step == "handed_over":
                hand_over(device, self.beneficiary(), technician)
            else:
                lifecycle.move(device, step, technician)
