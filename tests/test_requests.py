"""Partners' requests: the waiting list, reservation (and its races), cancellation, the pages."""
import datetime

import pytest

from inventory import lifecycle
from inventory.hotline import requests as use_cases
from inventory.models import Device, Event, Partner, Request

from . import racers
from .factories import ready_device


pytestmark = pytest.mark.usefixtures("english")


def status_of(device, request):
    return Device.get_by_id(device.id).status, Request.get_by_id(request.id).status


def test_waiting_list_by_priority_then_date(db, make):
    partner = make.partner()
    start = datetime.datetime(2026, 3, 1, 9)
    made = {}
    for name, priority, hours in [("normal_old", 2, 0), ("low", 3, 1), ("urgent_new", 1, 5),
                                  ("normal_new", 2, 3), ("urgent_old", 1, 2)]:
        made[Request.create(partner=partner, priority=priority,
                            created_at=start + datetime.timedelta(hours=hours)).id] = name
    Request.create(partner=partner, priority=1, status="cancelled")
    order = [made[r.id] for r in use_cases.waiting_list()]
    assert order == ["urgent_old", "urgent_new", "normal_old", "normal_new", "low"]


@pytest.mark.parametrize("change,message", [
    ({"partner": None}, "partner"),
    ({"category": "toaster"}, "kind of device"),
    ({"keyboard_layout": "dvorak"}, "keyboard"),
    ({"priority": 7}, "priority"),
    ({"min_ram_gb": -1}, "whole numbers"),
])
def test_a_bad_request_is_refused_and_nothing_saved(db, make, change, message):
    fields = dict(partner=make.partner().id, category="laptop", priority=2)
    fields.update(change)
    with pytest.raises(use_cases.RequestError) as refused:
        use_cases.create_request(None, **fields)
    assert message in str(refused.value)
    assert Request.select().count() == 0


def test_reserve_then_cancel_the_reservation_puts_both_back(db, make):
    device, request = ready_device(make), make.request()
    operator = make.user("operator")
    use_cases.reserve(device, request, operator)
    assert status_of(device, request) == ("reserved", "reserved")
    assert Request.get_by_id(request.id).device_id == device.id
    use_cases.release(Request.get_by_id(request.id), request.version, operator)
    assert status_of(device, request) == ("ready", "waiting")
    assert Request.get_by_id(request.id).device_id is None
    moves = [(e.from_status, e.to_status) for e in Event.select()
             .where(Event.device == device.id).order_by(Event.id)][-2:]
    assert moves == [("ready", "reserved"), ("reserved", "ready")]


def test_cancelling_a_reserved_request_frees_its_device(db, make):
    device, request = ready_device(make), make.request()
    operator = make.user("operator")
    use_cases.reserve(device, request, operator)
    use_cases.cancel(request, request.version, operator)
    assert status_of(device, request) == ("ready", "cancelled")
    with pytest.raises(use_cases.RequestError):
        use_cases.cancel(Request.get_by_id(request.id), request.version + 1, operator)


def test_a_stale_version_changes_nothing(db, make):
    device, request = ready_device(make), make.request()
    operator = make.user("operator")
    use_cases.reserve(device, request, operator)
    with pytest.raises(lifecycle.StaleVersion):
        use_cases.release(request, request.version - 1, operator)
    assert status_of(device, request) == ("reserved", "reserved")


def test_a_device_of_another_kind_cannot_be_reserved(db, make):
    device, request = ready_device(make, category="desktop"), make.request(category="laptop")
    with pytest.raises(use_cases.RequestError):
        use_cases.reserve(device, request, make.user("operator"))
    assert status_of(device, request) == ("ready", "waiting")


def test_a_failed_reservation_leaves_the_request_waiting(db, make):
    device, request = ready_device(make), make.request()
    operator = make.user("operator")
    use_cases.reserve(device, make.request(), operator)  # someone else got it first
    stale = Device.get_by_id(device.id)
    stale.version -= 1
    with pytest.raises(lifecycle.MoveRefused):
        use_cases.reserve(stale, request, operator)
    assert Request.get_by_id(request.id).status == "waiting"
    assert Request.get_by_id(request.id).device_id is None


RACERS = 8


def _setup_race(make):
    device = ready_device(make)
    requests = [make.request() for _ in range(RACERS)]
    return device, requests, make.user("operator")


def _check_one_winner(device, requests, results):
    assert [r for r in results if r.startswith("error")] == []
    assert results.count("won") == 1 and results.count("refused") == len(results) - 1
    assert Device.get_by_id(device.id).status == "reserved"
    reserved = [r for r in Request.select().where(Request.id.in_([r.id for r in requests]))
                if r.status == "reserved"]
    assert len(reserved) == 1 and reserved[0].device_id == device.id
    assert Event.select().where((Event.device == device.id)
                                & (Event.to_status == "reserved")).count() == 1


def test_two_operators_reserving_one_device_in_threads(app, make, db):
    device, requests, operator = _setup_race(make)
    results = racers.in_threads(app, racers.reserve_for,
                                [(device.id, r.id, operator.id) for r in requests])
    _check_one_winner(device, requests, results)


def test_operators_reserving_one_device_in_processes(app, app_config, make, db):
    device, requests, operator = _setup_race(make)
    requests = requests[:3]
    outcomes = racers.in_processes(app_config, racers.reserve_for,
                                   [(device.id, r.id, operator.id) for r in requests])
    _check_one_winner(device, requests, outcomes)


# -- pages ----------------------------------------------------------------------

def test_request_page_lists_matches_best_first_with_reserve_buttons(app, client, login, make, db):
    login("operator")
    big = ready_device(make, ram_gb=16, storage_gb=512)
    exact = ready_device(make, ram_gb=8, storage_gb=256)
    request = make.request(min_ram_gb=8)
    page = client.get("/requests/%d" % request.id).get_data(as_text=True)
    assert page.index(exact.asset_tag) < page.index(big.asset_tag)
    assert page.count('name="device"') == 2
    response = client.post("/requests/%d/reserve" % request.id, data={
        "device": exact.id, "device_version": exact.version, "version": request.version})
    assert response.status_code == 302
    assert status_of(exact, request) == ("reserved", "reserved")
    assert Device.get_by_id(big.id).status == "ready"


def test_new_request_through_the_form(app, client, login, make, db):
    login("operator")
    partner = make.partner()
    response = client.post("/requests/new", data={
        "partner": partner.id, "beneficiary": "", "category": "laptop", "min_ram_gb": "8",
        "priority": "1", "keyboard_layout": "azerty", "note": "Three students"})
    assert response.status_code == 302
    request = Request.get()
    assert (request.partner_id, request.min_ram_gb, request.priority, request.status,
            request.beneficiary_id) == (partner.id, 8, 1, "waiting", None)
    assert "/requests" in client.get("/requests").get_data(as_text=True)


def test_device_page_reserve_form_offers_waiting_requests_and_reserving_directly(
        app, client, login, make, db):
    login("operator")
    device = ready_device(make)
    request = make.request()
    page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert "/d/%s/reserve" % device.asset_tag in page
    form = client.get("/d/%s/reserve" % device.asset_tag).get_data(as_text=True)
    assert 'value="%d"' % request.id in form
    response = client.post("/d/%s/reserve" % device.asset_tag,
                           data={"request": "0", "version": device.version})
    assert response.status_code == 302
    assert status_of(device, request) == ("reserved", "waiting")


def test_partners_page_and_form(app, client, login, db):
    login("operator")
    response = client.post("/partners/new", data={"name": "Lycée Baggio", "kind": "school",
                                                   "town": "Lille"})
    assert response.status_code == 302
    assert Partner.get().name == "Lycée Baggio"
    assert "Lycée Baggio" in client.get("/partners/").get_data(as_text=True)
