"""A donation of 1,000 devices: how long its certificates take to issue, and its public pages."""
import datetime
import time

from .scratch import backend, scratch_app

DEVICES = 1000
GIVEN = 100
RECYCLED = 30


def fill():
    """One donation of DEVICES laptops: some given, some recycled, the rest in the workshop."""
    from inventory import lifecycle
    from inventory.accounts import create_user
    from inventory.cli.defaults import ensure_defaults
    from inventory.hotline.handover import hand_over
    from inventory.intake.receive import receive_devices
    from inventory.models import Beneficiary, Donation, Donor, Partner
    from inventory.workshop.checklists import all_ok, record_check
    from inventory.workshop.erasure import record_erasure

    ensure_defaults()
    user = create_user("bench-operator", "bench password 1", "operator", "Olga Bench")
    donor = Donor.create(name="Banque du Nord", kind="company", town="Lille", postcode="59000")
    donation = Donation.create(donor=donor, reference="BN-2026-01",
                               received_on=datetime.date(2026, 1, 15))
    devices = receive_devices(donation, DEVICES, user, make="Dell", model="Latitude 5490")
    partner = Partner.create(name="Collège Jean Macé", kind="school")
    for index, device in enumerate(devices[:GIVEN]):
        record_erasure(device, user, "purge", "passed", drive_serial="DRV-%d" % index,
                       tool="nwipe", verification="full")
        record_check(device, user, all_ok())
        for step in ("triage", "refurbishing", "ready"):
            lifecycle.move(device, step, user)
        person = Beneficiary.create(first_name="Zoé", last_name="B%d" % index, partner=partner,
                                    category="pupil", town="Roubaix")
        hand_over(device, person, user)
    for index, device in enumerate(devices[GIVEN:GIVEN + RECYCLED]):
        lifecycle.move(device, "triage", user)
        record_erasure(device, user, "destroy", "passed", drive_serial="DST-%d" % index)
        lifecycle.move(device, "recycled", user, recycler_reference="BSD-1")
    return donation, user


def run():
    from inventory.documents import issuing as certificates, donor_links
    from inventory.db import connected

    app = scratch_app()
    rows = []
    with app.test_request_context(), connected():
        started = time.perf_counter()
        donation, user = fill()
        rows.append(("documents: fill 1,000 devices (%s)" % backend(),
                     round(time.perf_counter() - started, 2), "s"))
        for kind in ("donor_certificate", "erasure_certificate", "intake_attestation"):
            started = time.perf_counter()
            document = certificates.issue(kind, donation, user)
            seconds = time.perf_counter() - started
            rows.append(("documents: %s, 1,000 devices (issue)" % kind, round(seconds, 2), "s"))
            rows.append(("documents: %s, 1,000 devices, size" % kind,
                         round(len(document.pdf) / 1024), "KiB"))
        link = donor_links.create(donation, user)
        token = document.token
    client = app.test_client()
    for name, url in (("verify page", "/verify/%s" % token),
                      ("donor link page, 1,000 devices", "/donor/%s" % link.token)):
        started = time.perf_counter()
        for _ in range(5):
            assert client.get(url).status_code == 200
        rows.append(("documents: %s" % name,
                     round((time.perf_counter() - started) / 5 * 1000, 1), "ms"))
    return rows


if __name__ == "__main__":
    for row in run():
        print(*row)
