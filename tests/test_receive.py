"""Receiving N devices into a donation: consecutive tags, all or nothing, never a repeated tag."""
import re

import pytest

from inventory.models import Counter, Device, Event

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
