"""The scan field, /d/<tag>, and devices created from blank pre-numbered labels."""
import re
from urllib.parse import quote

import pytest

from inventory.labels import printing as label_printing
from inventory.db import connected
from inventory.devices.edit import edit_device
from inventory.models import Device, Event


@pytest.fixture
def stock(make, db):
    """CC-00001..3 with serials; CC-00002 and CC-00003 share one (a donor's data-entry slip)."""
    devices = make.devices(3, make="HP", model="EliteBook 840")
    for device, serial in zip(devices, ("5CG7311XYZ", "DUP-1", "DUP-1")):
        edit_device(device, None, device.version, {"serial": serial})
    return devices


def field_value_is_empty_and_focused(page):
    field = re.search(r'<input[^>]*name="code"[^>]*>', page, re.S).group(0)
    return "autofocus" in field and 'value=""' in field


@pytest.mark.parametrize("code, tag", [
    ("CC-00001", "CC-00001"),
    ("cc-00001", "CC-00001"),
    ("  CC-00003\t", "CC-00003"),
    ("https://dons.example.org/d/CC-00002", "CC-00002"),
    ("http://192.168.1.20:8000/d/cc-00002", "CC-00002"),  # any host: a label from a test run
    ("https://example.net/inventaire/d/CC-00003?x=1", "CC-00003"),
    ("5CG7311XYZ", "CC-00001"),  # manufacturer serial
    ("5cg7311xyz", "CC-00001"),
    ("CC)àààà&", "CC-00001"),  # a US-layout scanner on a French keyboard
])
def test_a_scan_opens_the_device(client, login, stock, code, tag):
    login("viewer")
    response = client.get("/scan", query_string={"code": code})
    assert response.status_code == 302
    assert response.headers["Location"] == "/d/%s" % tag


@pytest.mark.parametrize("code", ["CC-09999", "NOT-A-THING", "https://x.org/d/", "<b>x</b>",
                                  "https://dons.example.org/d/CC-09999"])
def test_an_unknown_code_says_so_and_keeps_the_focus_in_the_field(client, login, stock, code):
    login("technician")
    response = client.get("/scan", query_string={"code": code})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "flash-error" in page and 'role="alert"' in page
    assert "<b>x</b>" not in page  # the code is shown as text
    assert field_value_is_empty_and_focused(page)


def test_the_empty_scan_page_focuses_its_field(client, login, db):
    login("viewer")
    response = client.get("/scan")
    assert response.status_code == 200
    assert field_value_is_empty_and_focused(response.get_data(as_text=True))


def test_a_serial_shared_by_several_devices_lists_them(client, login, stock):
    login("viewer")
    response = client.get("/scan", query_string={"code": "DUP-1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert 'href="/d/CC-00002"' in page and 'href="/d/CC-00003"' in page
    assert 'href="/d/CC-00001"' not in page


def test_the_device_address_needs_a_login_then_comes_back(client, make, stock):
    response = client.get("/d/cc-00002")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert login_url.startswith("/login?next=") and quote("/d/cc-00002", safe="") in login_url

    user = make.user("technician")
    response = client.post(login_url, data={"username": user.username,
                                            "password": make.PASSWORD,
                                            "next": "/d/cc-00002"})
    assert response.status_code == 302 and response.headers["Location"] == "/d/cc-00002"
    response = client.get("/d/cc-00002", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == "/d/CC-00002"  # matched whatever the case
    assert "EliteBook 840" in response.get_data(as_text=True)


def test_an_unknown_tag_gets_a_clear_page(client, login, stock):
    login("viewer")
    response = client.get("/d/CC-77777")
    assert response.status_code == 404
    assert "CC-77777" in response.get_data(as_text=True)


@pytest.fixture
def blank_tags(app, db, stock):
    """CC-00004 and CC-00005, printed blank: reserved, no device yet."""
    return label_printing.reserve_blank(2)


def test_scanning_a_blank_label_offers_to_create_the_device(client, login, blank_tags):
    login("technician")
    response = client.get("/scan", query_string={"code": "https://dons.example.org/d/CC-00004"})
    assert response.headers["Location"] == "/d/CC-00004"
    page = client.get("/d/CC-00004").get_data(as_text=True)
    assert 'action="/scan/new/CC-00004"' in page


def test_a_blank_label_becomes_a_device_with_its_exact_tag(client, login, make, blank_tags):
    user = login("technician")
    donation = make.donation()
    page = client.get("/scan/new/CC-00005").get_data(as_text=True)
    assert 'name="donation"' in page and 'value="%d"' % donation.id in page

    response = client.post("/scan/new/CC-00005", data={"donation": donation.id,
                                                       "category": "desktop"})
    assert response.headers["Location"] == "/d/CC-00005"
    with connected():
        device = Device.by_tag("CC-00005")
        assert (device.status, device.donation_id, device.category) == (
            "received", donation.id, "desktop")
        events = list(Event.select().where(Event.device == device.id))
        assert [(e.kind, e.from_status, e.to_status, e.user_id) for e in events] == [
            ("status", "", "received", user.id)]


def test_the_unknown_page_button_creates_a_device_without_donation(client, login, blank_tags):
    login("technician")
    response = client.post("/scan/new/CC-00004")  # what devices/unknown.html posts
    assert response.headers["Location"] == "/d/CC-00004"
    with connected():
        device = Device.by_tag("CC-00004")
        assert (device.status, device.donation_id, device.category) == (
            "received", None, "laptop")


@pytest.mark.parametrize("tag, data", [
    ("CC-00001", {}),  # already a device
    ("CC-00006", {}),  # never issued
    ("CC-4", {}),  # issued as CC-00004: not the same tag
    ("XX-00004", {}),
    ("CC-00004", {"donation": "999"}),
    ("CC-00004", {"category": "spaceship"}),
])
def test_creating_from_a_tag_that_was_not_issued_blank_is_refused(client, login, blank_tags,
                                                                  tag, data):
    login("technician")
    with connected():
        before = Device.select().count(), Event.select().count()
    response = client.post("/scan/new/%s" % tag, data=data)
    assert response.status_code == 302 and "/scan/new/" in response.headers["Location"]
    with connected():
        assert (Device.select().count(), Event.select().count()) == before


def test_a_blank_tag_is_created_only_once(client, login, blank_tags):
    login("technician")
    client.post("/scan/new/CC-00004")
    again = client.post("/scan/new/CC-00004")
    assert "/scan/new/" in again.headers["Location"]
    with connected():
        assert Device.select().where(Device.asset_tag == "CC-00004").count() == 1


@pytest.mark.parametrize("role, status", [("viewer", 403), ("technician", 302),
                                          ("operator", 302)])
def test_who_may_create_from_a_blank_label(client, login, blank_tags, role, status):
    login(role)
    assert client.post("/scan/new/CC-00004").status_code == status
