"""Receiving N devices into a donation: consecutive tags, all or nothing, never a repeated tag;
the devices are dated by the donation, and follow when its date is corrected."""
import datetime
import re

import pytest

from inventory import lifecycle
from inventory.models import Counter, Device, Donation, Event, clock_at

from . import racers

THREADS = 8
PROCESSES = 4
EACH = 25


def tags_of(donation):
    return [d.asset_tag for d in Device.select().where(Device.donation == donation.id)
            .order_by(Device.id)]


def numbers(tags):
    return [int(re.search(r"(\d+)$", tag).group(1)) for tag in tags]


def test_receiving_creates_consecutive_tags_and_shows_them(app, client, login, make, db):
    user = login("operator")
    donation = make.donation(expected_count=12)
    make.devices(2)  # another donation took the first tags
    form = client.get("/donations/%d/receive" % donation.id).get_data(as_text=True)
    assert 'value="12"' in form and 'inputmode="numeric"' in form
    response = client.post("/donations/%d/receive" % donation.id, data={
        "count": "12", "category": "desktop", "make": "Dell", "model": "OptiPlex 7050",
        "seen": "0"})
    assert response.status_code == 302
    tags = tags_of(donation)
    assert tags == ["CC-%05d" % n for n in range(3, 15)]
    devices = list(Device.select().where(Device.donation == donation.id))
    assert {(d.status, d.category, d.make, d.model) for d in devices} == {
        ("received", "desktop", "Dell", "OptiPlex 7050")}
    events = Event.select().where(Event.device.in_([d.id for d in devices]))
    assert {(e.to_status, e.user_id) for e in events} == {("received", user.id)}
    assert events.count() == 12
    page = client.get(response.headers["Location"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert all(tag in text for tag in tags)
    sheet = "/labels" in text and "donation=%d" % donation.id in text
    assert sheet == ("labels.sheet" in app.view_functions)


@pytest.mark.parametrize("count", ["0", "-1", "2001", "douze", ""])
def test_a_bad_count_creates_nothing(client, login, make, db, count):
    login("operator")
    donation = make.donation()
    response = client.post("/donations/%d/receive" % donation.id,
                           data={"count": count, "category": "laptop", "seen": "0"})
    assert response.status_code == 200
    assert Device.select().count() == 0
    assert Counter.peek("asset_tag") == 0


def test_an_unknown_category_creates_nothing(client, login, make, db):
    login("operator")
    donation = make.donation()
    client.post("/donations/%d/receive" % donation.id,
                data={"count": "3", "category": "toaster", "seen": "0"})
    assert Device.select().count() == 0


def test_a_double_tap_receives_once(client, login, make, db):
    login("operator")
    donation = make.donation()
    form = {"count": "10", "category": "laptop", "seen": "0"}
    assert client.post("/donations/%d/receive" % donation.id, data=form).status_code == 302
    again = client.post("/donations/%d/receive" % donation.id, data=form)
    assert again.status_code == 200
    assert 'flash flash-error' in again.get_data(as_text=True)
    assert len(tags_of(donation)) == 10
    # The refreshed form knows the new count and receives more.
    form["seen"] = "10"
    assert client.post("/donations/%d/receive" % donation.id, data=form).status_code == 302
    assert numbers(tags_of(donation)) == list(range(1, 21))


@pytest.mark.parametrize("role, expected", [("technician", 403), ("viewer", 403)])
def test_only_the_office_receives(client, login, make, db, role, expected):
    login(role)
    donation = make.donation()
    assert client.get("/donations/%d/receive" % donation.id).status_code == expected
    assert client.post("/donations/%d/receive" % donation.id,
                       data={"count": "3", "seen": "0"}).status_code == expected
    assert Device.select().count() == 0


def assert_no_tag_repeats(donations, each):
    all_tags = []
    for donation in donations:
        tags = tags_of(donation)
        assert len(tags) == each
        # One operator's devices have consecutive tags, whatever the others did.
        got = numbers(tags)
        assert got == list(range(got[0], got[0] + each))
        all_tags += tags
    assert len(set(all_tags)) == len(all_tags) == each * len(donations)
    assert sorted(numbers(all_tags)) == list(range(1, len(all_tags) + 1))
    assert Counter.peek("asset_tag") == len(all_tags)


def test_operators_receiving_at_once_in_threads_never_share_a_tag(app, make, db):
    users = [make.user("operator") for _ in range(THREADS)]
    donations = [make.donation() for _ in range(THREADS)]
    results = racers.in_threads(app, racers.receive_over_http, [
        (user.username, make.PASSWORD, donation.id, EACH)
        for user, donation in zip(users, donations)])
    assert results == ["ok"] * THREADS
    assert_no_tag_repeats(donations, EACH)


def test_operators_receiving_at_once_in_processes_never_share_a_tag(app, app_config, make, db):
    users = [make.user("operator") for _ in range(PROCESSES)]
    donations = [make.donation() for _ in range(PROCESSES)]
    outcomes = racers.in_processes(app_config, racers.receive_over_http, [
        (user.username, make.PASSWORD, donation.id, EACH)
        for user, donation in zip(users, donations)])
    assert outcomes == ["ok"] * PROCESSES
    assert_no_tag_repeats(donations, EACH)


# -- the date received is the donation's --------------------------------------------------

# (donation's date, stored UTC time of its devices): midday in Lille, summer or winter time.
DATED = [
    (datetime.date(2026, 10, 3), datetime.datetime(2026, 10, 3, 10, 0)),  # CEST, UTC+2
    (datetime.date(2026, 1, 15), datetime.datetime(2026, 1, 15, 11, 0)),  # CET, UTC+1
    (datetime.date(2026, 3, 29), datetime.datetime(2026, 3, 29, 10, 0)),  # the clocks went on
]


def device_dates(donation):
    devices = list(Device.select().where(Device.donation == donation.id))
    events = Event.select().where(Event.device.in_([d.id for d in devices]))
    return {d.received_at for d in devices}, {(e.kind, e.to_status, e.at) for e in events}


@pytest.mark.parametrize("received_on, stored", DATED)
def test_devices_received_later_are_dated_by_the_donation(client, login, make, db, received_on,
                                                         stored):
    login("operator")
    donation = make.donation(received_on=received_on)
    with clock_at(datetime.datetime(2026, 10, 10, 14, 30)):  # entered a week or more later
        client.post("/donations/%d/receive" % donation.id,
                    data={"count": "3", "category": "laptop", "seen": "0"})
    assert device_dates(donation) == ({stored}, {("status", "received", stored)})
    device = Device.get(Device.donation == donation.id)
    assert (device.status_changed_at, device.created_at) == (
        stored, datetime.datetime(2026, 10, 10, 14, 30))
    history = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert "%s 12:00" % received_on.strftime("%d/%m/%Y") in history


@pytest.mark.parametrize("entered, stored", [
    # Entered at 08:30 in Lille on the day it came: dated then, never in the future.
    (datetime.datetime(2026, 10, 10, 6, 30), datetime.datetime(2026, 10, 10, 6, 30)),
    # Entered at 15:00 the same day: dated midday like the others.
    (datetime.datetime(2026, 10, 10, 13, 0), datetime.datetime(2026, 10, 10, 10, 0)),
])
def test_a_donation_entered_the_day_it_came_is_never_dated_later(client, login, make, db,
                                                                 entered, stored):
    login("operator")
    donation = make.donation(received_on=datetime.date(2026, 10, 10))
    with clock_at(entered):
        client.post("/donations/%d/receive" % donation.id,
                    data={"count": "2", "category": "laptop", "seen": "0"})
    assert device_dates(donation) == ({stored}, {("status", "received", stored)})


def edit_form(donation, received_on):
    return {"received_on": received_on.isoformat(), "reference": donation.reference,
            "wants_erasure_certificate": "y", "version": str(donation.version)}


def test_correcting_the_donations_date_moves_its_devices_with_an_event(client, login, make, db):
    operator = login("operator")
    donation = make.donation(received_on=datetime.date(2026, 10, 3))
    devices = make.devices(3, donation=donation)
    other = make.devices(1)[0]  # another donation's device stays as it was
    response = client.post("/donations/%d/edit" % donation.id,
                           data=edit_form(donation, datetime.date(2026, 10, 1)))
    assert response.status_code == 302
    moved = datetime.datetime(2026, 10, 1, 10, 0)
    for device in devices:
        stored = Device.get_by_id(device.id)
        assert (stored.received_at, stored.status_changed_at, stored.version) == (
            moved, moved, device.version)
        event = Event.select().where(Event.device == device.id).order_by(Event.id.desc()).get()
        assert (event.kind, event.user_id, event.data) == (
            "received", operator.id,
            {"before": "2026-10-03", "after": "2026-10-01", "donation": donation.id})
    assert Device.get_by_id(other.id).received_at == other.received_at
    history = client.get("/d/%s" % devices[0].asset_tag).get_data(as_text=True)
    assert "03/10/2026 → 01/10/2026" in history
    # The same date again moves nothing and writes nothing.
    count = Event.select().count()
    again = client.post("/donations/%d/edit" % donation.id,
                        data=edit_form(Donation.get_by_id(donation.id), datetime.date(2026, 10, 1)))
    assert again.status_code == 302 and Event.select().count() == count


# The first device went into triage on 05/10 at 10:00 in Lille (08:00 UTC).
TRIAGED = datetime.datetime(2026, 10, 5, 8, 0)


@pytest.mark.parametrize("new_date, devices_at", [
    (datetime.date(2026, 10, 4), datetime.datetime(2026, 10, 4, 10, 0)),
    # The day of the triage: received before it, not at midday.
    (datetime.date(2026, 10, 5), TRIAGED),
    (datetime.date(2026, 10, 6), None),  # after the triage: refused
    (datetime.date(2026, 10, 9), None),
])
def test_the_date_received_cannot_be_after_the_workshop_began(client, login, make, db, new_date,
                                                              devices_at):
    login("operator")
    donation = make.donation(received_on=datetime.date(2026, 10, 3))
    devices = make.devices(2, donation=donation)
    with clock_at(TRIAGED):
        lifecycle.move(devices[0], "triage", make.technician)
    events = Event.select().count()
    response = client.post("/donations/%d/edit" % donation.id, data=edit_form(donation, new_date))
    stored = {d.received_at for d in Device.select().where(Device.donation == donation.id)}
    if devices_at is None:
        assert response.status_code == 200
        assert "05/10/2026" in response.get_data(as_text=True)  # said under the date
        assert stored == {datetime.datetime(2026, 10, 3, 10, 0)}
        assert Donation.get_by_id(donation.id).received_on == datetime.date(2026, 10, 3)
        assert Event.select().count() == events
    else:
        assert response.status_code == 302
        assert stored == {devices_at}
        assert Donation.get_by_id(donation.id).received_on == new_date
