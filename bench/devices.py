"""100,000 devices: how long the list, the searches and the device page take on the server."""
import datetime
import random
import time

from inventory.db import bulk_insert, connected, database
from inventory.models import Counter, Device, Donation, Donor, Event, now

from .scratch import backend, scratch_app, timings

DEVICES = 100_000
SAMPLES = 60
MAKES = (("Lenovo", "ThinkPad T480"), ("Dell", "Latitude 5490"), ("HP", "EliteBook 840 G5"),
         ("Apple", "MacBook Air"), ("Acer", "Aspire 5"), ("Fujitsu", "Lifebook E549"))
STATUSES = ("received", "triage", "refurbishing", "ready", "reserved", "handed_over", "recycled")


COLUMNS = ("asset_tag", "donation", "category", "make", "model", "serial", "grade", "status",
           "received_at", "status_changed_at", "created_at", "location")


def fill(count=DEVICES):
    """Insert count devices (and their first event) in bulk; return the seconds and the rows."""
    rng = random.Random(7)
    started = time.perf_counter()
    at = now()
    with database.atomic():
        Donor.insert_many([("Donateur %d" % i, "company") for i in range(200)],
                          fields=[Donor.name, Donor.kind]).execute()
        donor_ids = [d.id for d in Donor.select(Donor.id).order_by(Donor.id)]
        Donation.insert_many([(donor_ids[i % 200], datetime.date(2026, 9, 1), "D-%d" % i)
                              for i in range(500)],
                             fields=[Donation.donor, Donation.received_on,
                                     Donation.reference]).execute()
        donation_ids = [d.id for d in Donation.select(Donation.id).order_by(Donation.id)]
        rows = []
        for number in range(1, count + 1):
            make, model = MAKES[number % len(MAKES)]
            rows.append(("CC-%06d" % number, donation_ids[number % 500], "laptop", make, model,
                         "SN%08d" % rng.randrange(10**8), "ABC"[number % 3],
                         STATUSES[number % len(STATUSES)], at, at, at,
                         "étagère %d" % (number % 40)))
        bulk_insert(Device, COLUMNS, rows)
        first = Device.select(Device.id).order_by(Device.id).first().id
        bulk_insert(Event, ("device", "at", "kind", "from_status", "to_status", "note"),
                    [(first + i, at, "status", "", "received", "") for i in range(count)])
        Counter.insert(name="asset_tag", value=count).execute()
    picks = [dict(zip(COLUMNS, row)) for row in rows]
    return time.perf_counter() - started, picks


def run():
    app = scratch_app()
    results = []
    with app.app_context(), connected():
        seconds, rows = fill()
        database.execute_sql("ANALYZE")
        results.append(("fill %d devices (%s)" % (DEVICES, backend()), seconds, "s"))
        from inventory.accounts import create_user
        create_user("bench", "bench password", "admin")
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": "bench password"})
    rng = random.Random(11)
    picks = [rows[rng.randrange(len(rows))] for _ in range(SAMPLES)]

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    cases = (
        ("list page (50 devices)", ["/devices?page=%d" % rng.randrange(1, 50)
                                   for _ in range(SAMPLES)]),
        ("list filtered by status and grade", ["/devices?status=%s&grade=B" % p["status"]
                                               for p in picks]),
        ("search by serial", ["/devices?q=%s" % p["serial"] for p in picks]),
        ("search by asset tag", ["/devices?q=%s" % p["asset_tag"].lower() for p in picks]),
        ("search by text (model words)", ["/devices?q=%s" % p["model"].split()[-1]
                                          for p in picks]),
        ("device page", ["/d/%s" % p["asset_tag"] for p in picks]),
    )
    for name, urls in cases:
        get(urls[0])  # warm caches
        median, p95 = timings(get, urls)
        results.append(("%s: median" % name, median, "ms"))
        results.append(("%s: p95 (target <= 30 ms)" % name, p95, "ms"))
    return results
