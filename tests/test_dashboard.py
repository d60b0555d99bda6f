"""The dashboard's figures for a fixed dataset and a fixed clock; targets; CSV and XLSX."""
import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from inventory import lifecycle
from inventory.dashboard import figures as dashboard, targets
from inventory.hotline.handover import hand_over
from inventory.intake.donors import update_donation
from inventory.intake.receive import receive_devices
from inventory.models import Event, Target, clock_at

from .factories import known_donation

TODAY = datetime.date(2026, 3, 18)  # a Wednesday; its week starts on Monday 16/03


def at(day, hour=10, minute=0):
    return datetime.datetime(2026, *day, hour, minute)  # stored UTC


def set_at(device, status, when):
    Event.update(at=when).where((Event.device == device.id) & (Event.to_status == status)).execute()


@pytest.fixture
def dataset(db, make):
    """Banque du Nord gave 10 on 15/01 (3 given, 2 recycled, 1 parts, 1 ready, 3 waiting);
    the Mairie gave 5 on 17/03 and 2 that arrive tomorrow."""
    partner = make.partner(name="Collège Jean Macé")
    known = known_donation(make, total=10, given=3, recycled=2, parts=1, ready=1, no_storage=1,
                           partner=partner)
    first, second, third = known.given
    for device, when in ((first, at((3, 17))), (second, at((3, 5))), (third, at((2, 10)))):
        set_at(device, "handed_over", when)
        set_at(device, "ready", at((3, 2)))
    set_at(known.recycled[0], "recycled", at((3, 16), 8))
    set_at(known.recycled[1], "recycled", at((2, 28), 23, 30))  # 01/03 00:30 in Lille
    set_at(known.ready[0], "ready", at((3, 18)))
    mairie = make.donor(name="Mairie de Lille", kind="public_body")
    for day, count in (((3, 17), 5), ((3, 19), 2)):
        donation = make.donation(mairie, received_on=datetime.date(2026, *day))
        for device in receive_devices(donation, count, None):
            set_at(device, "received", at(day, 9))
    make.request(partner=partner)
    make.request(partner=partner)
    make.request(partner=make.partner(name="Mission locale"))
    return known


def test_counts_flows_and_weeks(dataset):
    data = dashboard.figures(TODAY)
    assert dict(data.status_counts) == {
        "received": 10, "triage": 0, "refurbishing": 0, "ready": 1, "reserved": 0,
        "handed_over": 3, "returned": 0, "recycled": 2, "parts": 1}
    assert data.total == 17
    assert data.week == {"received": 5, "ready": 1, "given": 1, "recycled": 1}
    assert data.month == {"received": 5, "ready": 4, "given": 2, "recycled": 2}
    weeks = {monday: values for monday, values in data.weekly}
    assert list(weeks)[0] == datetime.date(2025, 12, 29) and len(weeks) == 12
    assert list(weeks)[-1] == datetime.date(2026, 3, 16)
    assert weeks[datetime.date(2026, 1, 12)] == {"received": 10, "ready": 0, "given": 0,
                                                 "recycled": 0}
    assert weeks[datetime.date(2026, 2, 23)]["recycled"] == 1
    assert weeks[datetime.date(2026, 3, 2)] == {"received": 0, "ready": 3, "given": 1,
                                                "recycled": 0}
    assert weeks[datetime.date(2026, 3, 16)] == data.week
    assert sum(v["given"] for v in weeks.values()) == 3


def test_tables_and_delay(dataset):
    data = dashboard.figures(TODAY)
    donors = [(r.name, r.donations, r.total) + tuple(r.buckets[b] for b in lifecycle.BUCKETS)
              for r in data.donors]
    # Buckets: received, in refurbishment, ready, given, recycled (or parts).
    assert donors == [("Banque du Nord", 1, 10, 3, 0, 1, 3, 3),
                      ("Mairie de Lille", 2, 7, 7, 0, 0, 0, 0)]
    partners = [(r.name, r.handovers, r.beneficiaries, r.waiting) for r in data.partners]
    assert partners == [("Collège Jean Macé", 3, 3, 2), ("Mission locale", 0, 0, 1)]
    # Received 15/01 09:00; given 61, 49 and 26 days and one hour later.
    assert data.average_days == Decimal("45.4") and data.handovers_timed == 3


def test_the_clock_decides(dataset):
    earlier = dashboard.figures(datetime.date(2026, 3, 4))
    assert earlier.week == {"received": 0, "ready": 3, "given": 0, "recycled": 0}
    assert earlier.handovers_timed == 1
    later = dashboard.figures(datetime.date(2026, 3, 19))
    assert later.week["received"] == 7


def test_receptions_count_on_the_donations_date_even_entered_later_or_corrected(db, make):
    operator = make.user("operator")
    donation = make.donation(received_on=datetime.date(2026, 3, 2))
    with clock_at(at((3, 10), 15)):  # entered eight days after the devices came
        devices = receive_devices(donation, 4, operator)
    device = devices[0]
    make.erase(device)
    make.check(device)
    with clock_at(at((3, 16), 11)):
        for status in ("triage", "refurbishing", "ready"):
            lifecycle.move(device, status, operator)
        hand_over(device, make.beneficiary(), operator, handed_on=datetime.date(2026, 3, 16))
    received = target("Reçus en mars", "devices_received", 10, (3, 1), (3, 31))
    data = dashboard.figures(TODAY)
    weeks = {monday: values["received"] for monday, values in data.weekly}
    assert (weeks[datetime.date(2026, 3, 2)], weeks[datetime.date(2026, 3, 9)]) == (4, 0)
    # Received 02/03 at midday in Lille (11:00 UTC), given 16/03 at 11:00 UTC: 14 days.
    assert (data.average_days, data.handovers_timed) == (Decimal("14.0"), 1)
    assert targets.achieved(Target.get_by_id(received.id), TODAY) == 4

    update_donation(donation, {"received_on": datetime.date(2026, 2, 27),
                               "reference": donation.reference}, donation.version, operator)
    data = dashboard.figures(TODAY)
    weeks = {monday: values["received"] for monday, values in data.weekly}
    assert (weeks[datetime.date(2026, 2, 23)], weeks[datetime.date(2026, 3, 2)]) == (4, 0)
    assert data.average_days == Decimal("17.0")
    assert targets.achieved(Target.get_by_id(received.id), TODAY) == 0  # February's now


def target(name, metric, goal, starts, ends, active=True):
    return targets.save(None, name, metric, goal, datetime.date(2026, *starts),
                        datetime.date(2026, *ends), active)


def test_targets_progress_pace_and_forecast(dataset):
    running = target("Bénéficiaires", "beneficiaries_reached", 6, (2, 1), (4, 30))
    big = target("2 021 ordinateurs", "devices_given", 2021, (1, 1), (6, 30))
    upcoming = target("Avril", "devices_received", 100, (4, 1), (4, 30))
    reached = target("Mars", "devices_received", 5, (3, 1), (3, 31))
    target("Caché", "devices_given", 10, (1, 1), (12, 31), active=False)
    progress = {item.target.id: item for item in dashboard.figures(TODAY).targets}
    assert set(progress) == {running.id, big.id, upcoming.id, reached.id}
    item = progress[running.id]
    # 3 reached in 46 days (01/02 to 18/03); 3 more in the 44 days left (18/03 to 30/04).
    assert (item.state, item.done, item.percent) == ("running", 3, 50)
    assert item.needed_per_week == Decimal("0.5") and item.current_per_week == Decimal("0.5")
    assert item.projected_on == datetime.date(2026, 5, 3) and item.on_track is False
    item = progress[big.id]
    assert (item.done, item.needed_per_week, item.current_per_week) == (
        3, Decimal("134.5"), Decimal("0.3"))
    assert item.projected_on is None and item.on_track is False  # not within ten years
    item = progress[upcoming.id]
    assert (item.state, item.done, item.needed_per_week, item.projected_on) == (
        "upcoming", 0, Decimal("23.3"), None)
    item = progress[reached.id]
    assert (item.state, item.done, item.on_track) == ("reached", 5, True)
    ended = targets.progress(Target.get_by_id(running.id), datetime.date(2026, 5, 2))
    assert (ended.state, ended.done) == ("ended", 3)


@pytest.mark.parametrize("values", [
    dict(name="", metric="devices_given", goal=10),
    dict(name="x", metric="money", goal=10),
    dict(name="x", metric="devices_given", goal=0),
    dict(name="x", metric="devices_given", goal=10, ends=(1, 1)),
])
def test_bad_targets_are_refused(db, values):
    with pytest.raises(targets.TargetError):
        targets.save(None, values["name"], values["metric"], values["goal"],
                     datetime.date(2026, 2, 1), datetime.date(2026, *values.get("ends", (3, 1))))
    assert Target.select().count() == 0


def test_export_csv_and_xlsx(app, client, login, dataset):
    rows = dashboard.export_rows(dashboard.figures(TODAY))
    assert ("this_week", "given", "events", 1) in rows
    assert ("donor", "Banque du Nord", "devices", 10) in rows
    assert ("donor", "Banque du Nord", "recycled", 3) in rows
    login("viewer")
    response = client.get("/dashboard/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(table[0]) == 4
    assert ["donor", "Banque du Nord", "devices", "10"] in table
    assert ["status", "handed_over", "devices", "3"] in table
    response = client.get("/dashboard/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert ("status", "total", "devices", 17) in values


def test_hostile_names_in_export_and_page(app, client, login, db, make):
    donor = make.donor(name="=HYPERLINK(\"http://x\")<script>", kind="company")
    make.devices(1, donation=make.donation(donor))
    target("<b>cible</b>", "devices_given", 10, (1, 1), (12, 31))
    login("viewer")
    page = client.get("/").get_data(as_text=True)
    assert "<script>" not in page and "<b>cible</b>" not in page
    assert "&lt;b&gt;cible&lt;/b&gt;" in page and "<svg" in page
    body = client.get("/dashboard/export.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_admins_set_targets(app, client, login, db):
    login("admin")
    form = {"name": "2 021 ordinateurs", "metric": "devices_given", "goal": "2021",
            "starts_on": "2026-01-01", "ends_on": "2026-06-30", "active": "y"}
    assert client.post("/dashboard/targets", data=form).status_code == 302
    saved = Target.get()
    assert (saved.goal, saved.ends_on) == (2021, datetime.date(2026, 6, 30))
    response = client.post("/dashboard/targets/%d" % saved.id, data=dict(form, goal="2500"))
    assert response.status_code == 302 and Target.get_by_id(saved.id).goal == 2500
    bad = dict(form, ends_on="2025-12-31")
    assert client.post("/dashboard/targets", data=bad).status_code == 200
    assert Target.select().count() == 1
    assert "2 021 ordinateurs" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["operator", "technician", "viewer"])
def test_only_admins_set_targets(app, client, login, db, role):
    login(role)
    assert client.get("/").status_code == 200
    assert client.get("/dashboard/targets").status_code == 403
    assert client.post("/dashboard/targets", data={"name": "x"}).status_code == 403
    assert Target.select().count() == 0
