"""Every version-checked form: without a readable version it is refused and nothing changes.

Never a 500, and never the stored version in its place (a crafted request would then skip
the "changed meanwhile" check).
"""
import datetime
import html
from dataclasses import dataclass
from typing import Callable

import pytest
from flask_babel import force_locale

from inventory.db import connected
from inventory.forms import UnreadableVersion
from inventory.hotline.requests import reserve
from inventory.models import Check, ChecklistVersion, Device, Donation, Donor, Handover, Request

from .factories import handed_over, ready_device

TODAY = datetime.date.today()

# Not a whole number a version column holds, or nothing at all (None: the field is left out).
UNREADABLE = ["abc", "1e3", "", "²", "-1", "99999999999999999999", None]


@dataclass
class Post:
    url: str
    data: dict  # the form as its page sends it, version included
    field: str  # the version field to spoil
    state: Callable  # what the post would change
    status: int  # the refusal's status: the form again (200), its current values (409), or 302


def device_state(device):
    d = Device.get_by_id(device.id)
    return (d.status, d.version, d.make, d.cpu, d.os_installed, d.recycler_reference,
            Handover.select().where(Handover.device == d.id).count(),
            Check.select().where(Check.device == d.id).count())


def request_state(request, device=None):
    r = Request.get_by_id(request.id)
    return (r.status, r.version, r.device_id, r.note) + (device_state(device) if device else ())


def move(make, app):
    device = make.device("received")
    return Post("/d/%s/move" % device.asset_tag, {"to": "triage", "version": device.version},
                "version", lambda: device_state(device), 302)


def edit_device(make, app):
    device = make.device("received")
    data = {name: "" for name in (
        "model", "serial", "donor_asset_tag", "cpu", "ram_gb", "storage_type", "storage_gb",
        "screen_inches", "keyboard_layout", "webcam", "battery_health", "os_found", "grade",
        "working", "accessories", "location", "notes")}
    data.update(category=device.category, make="Changed", version=device.version)
    return Post("/d/%s/edit" % device.asset_tag, data, "version",
                lambda: device_state(device), 409)


def triage(make, app):
    device = make.device("triage")
    return Post("/d/%s/triage" % device.asset_tag, dict(
        version=device.version, cpu="i5", ram_gb="8", storage_type="SSD", storage_gb="256",
        keyboard_layout="azerty", webcam="yes", working="yes", grade="A", decision="refurbish"),
        "version", lambda: device_state(device), 200)


def os_installed(make, app):
    device = make.device("refurbishing")
    return Post("/d/%s/os" % device.asset_tag,
                {"version": device.version, "os_installed": "Linux Mint", "os_licence": ""},
                "version", lambda: device_state(device), 200)


def parts(make, app):
    device = make.device("triage")
    make.erase(device)  # keeping for parts needs every drive erased first
    with connected():
        device = Device.get_by_id(device.id)
    return Post("/d/%s/parts" % device.asset_tag,
                {"version": device.version, "components": "ram", "note": ""},
                "version", lambda: device_state(device), 200)


def checklist(make, app):
    device = make.device("refurbishing")
    with connected():
        current = ChecklistVersion.current().id
    return Post("/d/%s/checklist" % device.asset_tag, {"checklist_id": current},
                "checklist_id", lambda: device_state(device), 302)


def recycle(make, app):
    device = make.device("triage")
    make.erase(device, method="destroy")
    with connected():
        version = Device.get_by_id(device.id).version
    return Post("/d/%s/recycle" % device.asset_tag,
                {"version": version, "batch": "", "recycler_reference": "BSD-9", "note": ""},
                "version", lambda: device_state(device), 302)


def edit_request(make, app):
    request = make.request()
    return Post("/requests/%d/edit" % request.id, {
        "version": request.version, "partner": request.partner_id, "beneficiary": "",
        "category": "laptop", "min_ram_gb": "", "priority": "2", "keyboard_layout": "",
        "note": "Changed"}, "version", lambda: request_state(request), 200)


def release(make, app):
    device, request = ready_device(make), make.request()
    with app.test_request_context(), connected():
        reserve(Device.get_by_id(device.id), request, make.technician)
        version = Request.get_by_id(request.id).version
    return Post("/requests/%d/release" % request.id, {"version": version}, "version",
                lambda: request_state(request, device), 302)


def cancel(make, app):
    request = make.request()
    return Post("/requests/%d/cancel" % request.id, {"version": request.version}, "version",
                lambda: request_state(request), 302)


def reserve_for(field):
    def case(make, app):
        device, request = ready_device(make), make.request()
        return Post("/requests/%d/reserve" % request.id, {
            "device": device.id, "device_version": device.version, "version": request.version},
            field, lambda: request_state(request, device), 302)
    return case


def reserve_device(make, app):
    device = ready_device(make)
    return Post("/d/%s/reserve" % device.asset_tag, {"request": "0", "version": device.version},
                "version", lambda: device_state(device), 200)


def hand_over(make, app):
    device, beneficiary = ready_device(make), make.beneficiary()
    return Post("/d/%s/handover" % device.asset_tag, {
        "version": device.version, "beneficiary": beneficiary.id, "kind": "gift",
        "handed_on": TODAY.isoformat()}, "version", lambda: device_state(device), 200)


def give_back(make, app):
    handover = handed_over(make, app)
    with connected():
        device = Device.get_by_id(handover.device_id)
    return Post("/d/%s/return" % device.asset_tag, {
        "version": device.version, "returned_on": TODAY.isoformat(), "reason": "not_needed",
        "condition": "good"}, "version", lambda: device_state(device), 200)


def edit_donor(make, app):
    donor = make.donor(name="Ancien nom")

    def state():
        stored = Donor.get_by_id(donor.id)
        return stored.name, stored.version
    return Post("/donors/%d/edit" % donor.id, {
        "name": "Nouveau nom", "kind": "company", "siret": "", "address": "", "postcode": "",
        "town": "", "contact_name": "", "contact_email": "", "contact_phone": "", "notes": "",
        "version": donor.version}, "version", state, 409)


def edit_donation(make, app):
    donation = make.donation()

    def state():
        stored = Donation.get_by_id(donation.id)
        return stored.reference, stored.version
    return Post("/donations/%d/edit" % donation.id, {
        "received_on": "2026-10-01", "reference": "Changed", "expected_count": "", "notes": "",
        "version": donation.version}, "version", state, 409)


def receive(make, app):
    donation = make.donation()
    return Post("/donations/%d/receive" % donation.id,
                {"count": "2", "category": "laptop", "seen": "0"}, "seen",
                lambda: Device.select().where(Device.donation == donation.id).count(), 200)


ROUTES = {
    "devices.move": move, "devices.edit": edit_device, "workshop.triage": triage,
    "workshop.os": os_installed, "workshop.parts": parts, "workshop.checklist": checklist,
    "recycling.device": recycle, "requests.edit": edit_request, "requests.release": release,
    "requests.cancel": cancel, "requests.reserve[version]": reserve_for("version"),
    "requests.reserve[device_version]": reserve_for("device_version"),
    "requests.device": reserve_device, "handovers.new": hand_over,
    "handovers.give_back": give_back, "donors.edit": edit_donor,
    "donors.donation_edit": edit_donation, "donors.receive": receive,
}


@pytest.fixture
def admin(login):
    return login("admin")


def message(app):
    with app.test_request_context(), force_locale("fr"):
        return str(UnreadableVersion())


@pytest.mark.parametrize("value", UNREADABLE, ids=repr)
@pytest.mark.parametrize("route", ROUTES)
def test_an_unreadable_version_is_refused_and_changes_nothing(app, client, make, admin, route,
                                                              value):
    post = ROUTES[route](make, app)
    data = dict(post.data)
    if value is None:
        del data[post.field]
    else:
        data[post.field] = value
    with connected():
        before = post.state()
    response = client.post(post.url, data=data)
    assert response.status_code == post.status, response.get_data(as_text=True)
    shown = client.get(response.headers["Location"]) if response.status_code == 302 else response
    assert message(app) in html.unescape(shown.get_data(as_text=True))
    with connected():
        assert post.state() == before


@pytest.mark.parametrize("route", ROUTES)
def test_with_its_version_the_same_post_goes_through(app, client, make, admin, route):
    """The refusals above are the version's doing: the same post with it changes the record."""
    post = ROUTES[route](make, app)
    with connected():
        before = post.state()
    response = client.post(post.url, data=post.data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert message(app) not in html.unescape(client.get(response.headers["Location"])
                                             .get_data(as_text=True))
    with connected():
        assert post.state() != before
