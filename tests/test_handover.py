"""Handing a device over: kinds, sale caps, one transaction, returns, terms texts."""
import datetime
import hashlib
from decimal import Decimal

import pytest

from inventory import lifecycle
from inventory.hotline.handover import HandoverError, hand_over, record_return, save_terms
from inventory.models import Counter, Device, Document, Event, Handover, Request, TermsText
from inventory.hotline.requests import reserve

from .factories import handed_over, ready_device

TODAY = datetime.date.today()
YEAR = "receipt-%d" % TODAY.year


pytestmark = pytest.mark.usefixtures("english")


def nothing_changed(device, before_events):
    stored = Device.get_by_id(device.id)
    assert stored.status == "ready" and stored.version == device.version
    assert Handover.select().count() == 0 and Document.select().count() == 0
    assert Event.select().where(Event.device == device.id).count() == before_events
    assert Counter.peek(YEAR) == 0


@pytest.mark.parametrize("options,message", [
    (dict(kind="rent"), "Unknown kind"),
    (dict(kind="loan"), "return date"),
    (dict(kind="loan", due_on=TODAY), "return date"),
    (dict(kind="sale"), "price"),
    (dict(kind="sale", price=Decimal("-1")), "price"),
    (dict(kind="sale", price=Decimal("10.005")), "price"),
    (dict(handed_on=TODAY + datetime.timedelta(days=1)), "future"),
])
def test_bad_terms_are_refused_and_change_nothing(db, make, options, message):
    device, beneficiary = ready_device(make), make.beneficiary()
    before = Event.select().where(Event.device == device.id).count()
    with pytest.raises(HandoverError) as refused:
        hand_over(device, beneficiary, make.user("operator"), **options)
    assert message in str(refused.value)
    nothing_changed(device, before)


# (category, donor kind, price, allowed)
SALES = [
    ("laptop", "public_body", "180", True),
    ("laptop", "public_body", "180.01", False),
    ("desktop", "public_body", "150", True),
    ("desktop", "public_body", "151", False),
    ("tablet", "public_body", "100", True),
    ("tablet", "public_body", "100.50", False),
    ("monitor", "public_body", "5", False),  # no cap: a public body's monitor is not sold
    ("laptop", "company", "400", True),
    ("monitor", "association", "20", True),
]


@pytest.mark.parametrize("category,donor_kind,price,allowed", SALES)
def test_sale_caps_for_devices_from_public_bodies(db, make, category, donor_kind, price, allowed):
    device = ready_device(make, category=category, donor_kind=donor_kind)
    before = Event.select().where(Event.device == device.id).count()
    def sell():
        return hand_over(device, make.beneficiary(), make.user("operator"), kind="sale",
                         price=Decimal(price))
    if allowed:
        assert sell().price == Decimal(price)
        assert Device.get_by_id(device.id).status == "handed_over"
    else:
        with pytest.raises(HandoverError) as refused:
            sell()
        assert "public body" in str(refused.value)
        nothing_changed(device, before)


def test_the_caps_table_comes_from_the_settings(app, db, make):
    app.config["SALE_CAPS"] = {"laptop": 90, "monitor": "30"}
    laptop = ready_device(make, donor_kind="public_body")
    with pytest.raises(HandoverError):
        hand_over(laptop, make.beneficiary(), None, kind="sale", price=Decimal("100"))
    monitor = ready_device(make, category="monitor", donor_kind="public_body")
    assert hand_over(monitor, make.beneficiary(), None, kind="sale", price=Decimal("30")).id


def test_a_handover_moves_device_and_request_together(db, make):
    device, beneficiary, operator = ready_device(make), make.beneficiary(), make.user("operator")
    request = make.request()
    reserve(device, request, operator)
    device = Device.get_by_id(device.id)
    handover = hand_over(device, beneficiary, operator, kind="loan",
                         due_on=TODAY + datetime.timedelta(days=90),
                         accessories="charger, bag")
    assert Device.get_by_id(device.id).status == "handed_over"
    stored = Request.get_by_id(request.id)
    assert (stored.status, stored.beneficiary_id, stored.device_id) == (
        "fulfilled", beneficiary.id, device.id)
    assert (handover.request_id, handover.kind, handover.operator_id) == (
        request.id, "loan", operator.id)
    assert handover.receipt_number == "%d-00001" % TODAY.year
    terms = TermsText.get_by_id(handover.terms_id)
    assert (terms.kind, handover.terms_sha256) == ("loan", terms.sha256)
    last = Event.select().where(Event.device == device.id).order_by(Event.id.desc()).get()
    assert (last.to_status, last.user_id, last.data["receipt"]) == (
        "handed_over", operator.id, handover.receipt_number)


def test_a_failure_late_in_the_handover_undoes_everything(db, make, monkeypatch):
    device, request = ready_device(make), make.request()
    before = Event.select().where(Event.device == device.id).count()

    def broken(*args, **kwargs):
        raise RuntimeError("printer on fire")
    monkeypatch.setattr("inventory.documents.receipts.documents.render_receipt", broken)
    with pytest.raises(RuntimeError):
        hand_over(device, make.beneficiary(), None, request=request)
    nothing_changed(device, before)
    assert Request.get_by_id(request.id).status == "waiting"


def test_a_device_reserved_for_another_request_is_not_handed_over_for_this_one(db, make):
    device, operator = ready_device(make), make.user("operator")
    reserve(device, make.request(), operator)
    with pytest.raises(HandoverError):
        hand_over(Device.get_by_id(device.id), make.beneficiary(), operator,
                  request=make.request())
    assert Device.get_by_id(device.id).status == "reserved"


def test_an_erased_beneficiary_gets_nothing(db, make):
    device = ready_device(make)
    beneficiary = make.beneficiary(erased_at=datetime.datetime(2026, 1, 1))
    with pytest.raises(HandoverError):
        hand_over(device, beneficiary, None)
    nothing_changed(device, Event.select().where(Event.device == device.id).count())


# -- returns ----------------------------------------------------------------------

def test_a_return_keeps_the_handover_and_sends_the_device_to_the_workshop(app, db, make):
    handover = handed_over(make, app, kind="loan", due_on=TODAY + datetime.timedelta(days=30))
    device = Device.get_by_id(handover.device_id)
    back = record_return(device, None, returned_on=TODAY, reason="faulty", condition="damaged",
                         note="Hinge broken")
    assert (back.returned_on, back.return_reason, back.return_condition) == (
        TODAY, "faulty", "damaged")
    assert (back.receipt_number, back.beneficiary_id) == (
        handover.receipt_number, handover.beneficiary_id)
    device = Device.get_by_id(device.id)
    assert device.status == "returned"
    lifecycle.move(device, "triage", make.technician)
    assert Device.get_by_id(device.id).status == "triage"
    assert Handover.get_by_id(handover.id).returned_on == TODAY


@pytest.mark.parametrize("options", [
    dict(reason="bored", condition="good"),
    dict(reason="faulty", condition="shiny"),
    dict(reason="faulty", condition="good", returned_on=datetime.date(2000, 1, 1)),
])
def test_a_bad_return_changes_nothing(app, db, make, options):
    handover = handed_over(make, app)
    device = Device.get_by_id(handover.device_id)
    with pytest.raises(HandoverError):
        record_return(device, None, **options)
    assert Device.get_by_id(device.id).status == "handed_over"
    assert Handover.get_by_id(handover.id).returned_on is None


def test_a_device_not_handed_over_has_nothing_to_return(db, make):
    with pytest.raises(HandoverError):
        record_return(ready_device(make), None, reason="faulty", condition="good")


# -- terms texts --------------------------------------------------------------------

def test_a_changed_terms_text_is_a_new_version_and_old_handovers_keep_theirs(app, db, make):
    first = handed_over(make, app)
    old = TermsText.get_by_id(first.terms_id)
    new = save_terms("gift", "fr", "Nouveau texte des conditions du don, version deux.", None)
    assert (new.version, new.sha256) == (
        old.version + 1, hashlib.sha256(new.body.encode()).hexdigest())
    assert save_terms("gift", "fr", new.body + "\n", None).id == new.id  # same text: no version
    second = handed_over(make, app)
    assert second.terms_id == new.id
    assert Handover.get_by_id(first.id).terms_id == old.id


# -- pages --------------------------------------------------------------------------

def test_handover_and_return_through_the_forms(app, client, login, make, db):
    login("operator")
    device, beneficiary = ready_device(make), make.beneficiary()
    form = client.get("/d/%s/handover" % device.asset_tag)
    assert form.status_code == 200
    response = client.post("/d/%s/handover" % device.asset_tag, data={
        "version": device.version, "beneficiary": beneficiary.id, "kind": "gift",
        "handed_on": TODAY.isoformat(), "accessories": ["charger", "mouse"],
        "other_accessories": "USB key"})
    assert response.status_code == 302, response.get_data(as_text=True)
    handover = Handover.get()
    assert handover.accessories == "charger, mouse, USB key"
    page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert handover.receipt_number in page and beneficiary.last_name in page
    receipt = client.get("/handovers/%d/receipt.pdf" % handover.id)
    assert receipt.mimetype == "application/pdf" and receipt.data.startswith(b"%PDF")
    response = client.post("/d/%s/return" % device.asset_tag, data={
        "version": Device.get_by_id(device.id).version, "returned_on": TODAY.isoformat(),
        "reason": "not_needed", "condition": "good"})
    assert response.status_code == 302
    assert Device.get_by_id(device.id).status == "returned"


def test_a_refused_handover_form_says_why_and_changes_nothing(app, client, login, make, db):
    login("operator")
    device = ready_device(make, category="laptop", donor_kind="public_body")
    response = client.post("/d/%s/handover" % device.asset_tag, data={
        "version": device.version, "beneficiary": make.beneficiary().id, "kind": "sale",
        "price": "250", "handed_on": TODAY.isoformat()})
    assert response.status_code == 200
    assert "180" in response.get_data(as_text=True)
    assert Device.get_by_id(device.id).status == "ready" and Handover.select().count() == 0


@pytest.mark.parametrize("role,status", [("admin", 302), ("operator", 403)])
def test_only_admins_edit_the_terms(app, client, login, db, role, status):
    login(role)
    response = client.post("/terms/loan/en", data={"body": "A brand new loan text for tests."})
    assert response.status_code == status
    latest = TermsText.select().where((TermsText.kind == "loan") & (TermsText.language == "en")
                                      ).order_by(TermsText.version.desc()).get()
    assert (latest.version == 2) == (role == "admin")


# -- what a return brings back: accessories, and a request to reopen -------------------

def hand_over_by_form(client, make, request=None, accessories=("charger", "mouse"),
                      other="USB key"):
    """A ready device handed over through the form, as an operator fills it; its handover."""
    device, beneficiary = ready_device(make), make.beneficiary()
    if request is not None:
        reserve(device, request, make.user("operator"))
        device = Device.get_by_id(device.id)
    response = client.post("/d/%s/handover" % device.asset_tag, data={
        "version": device.version, "beneficiary": beneficiary.id, "kind": "gift",
        "handed_on": TODAY.isoformat(), "accessories": list(accessories),
        "other_accessories": other})
    assert response.status_code == 302, response.get_data(as_text=True)
    return Handover.get(Handover.device == device.id)


def give_back(client, handover, reason="faulty", back=()):
    device = Device.get_by_id(handover.device_id)
    return client.post("/d/%s/return" % device.asset_tag, data={
        "version": device.version, "returned_on": TODAY.isoformat(), "reason": reason,
        "condition": "damaged", "accessories_back": list(back)})


def device_page(client, handover):
    return client.get("/d/%s" % Device.get_by_id(handover.device_id).asset_tag).get_data(
        as_text=True)


@pytest.mark.parametrize("back, missing", [
    (["charger", "mouse", "USB key"], ""),
    (["charger"], "mouse, USB key"),
    ([], "charger, mouse, USB key"),
])
def test_the_return_form_asks_which_accessories_came_back(client, login, make, db, back,
                                                          missing):
    login("operator")
    handover = hand_over_by_form(client, make)
    form = client.get("/d/%s/return" % Device.get_by_id(handover.device_id).asset_tag)
    text = form.get_data(as_text=True)
    for value in ("charger", "mouse", "USB key"):  # what the receipt lists, one box each
        assert 'name="accessories_back" value="%s"' % value in text
    assert give_back(client, handover, back=back).status_code == 302
    assert Handover.get_by_id(handover.id).missing_accessories == missing
    event = Event.select().where(Event.device == handover.device_id).order_by(
        Event.id.desc()).get()
    assert event.to_status == "returned"
    assert event.data.get("missing_accessories", []) == [i for i in missing.split(", ") if i]
    page = device_page(client, handover)
    # Shown on the hotline panel and in the history, or nowhere when all came back.
    assert page.count("Not returned: %s" % missing) == (2 if missing else 0)


def test_an_accessory_that_was_not_handed_over_cannot_come_back(client, login, make, db):
    login("operator")
    handover = hand_over_by_form(client, make, other="")
    events = Event.select().count()
    response = give_back(client, handover, back=["charger", "laptop stand"])
    assert response.status_code == 200
    assert "Only the accessories handed over" in response.get_data(as_text=True)
    assert Handover.get_by_id(handover.id).returned_on is None
    assert Device.get_by_id(handover.device_id).status == "handed_over"
    assert Event.select().count() == events


def test_a_handover_without_accessories_asks_nothing(client, login, make, db):
    login("operator")
    handover = hand_over_by_form(client, make, accessories=(), other="")
    form = client.get("/d/%s/return" % Device.get_by_id(handover.device_id).asset_tag)
    assert "accessories_back" not in form.get_data(as_text=True)
    assert give_back(client, handover, back=()).status_code == 302
    assert Handover.get_by_id(handover.id).missing_accessories == ""


REOPEN = 'action="/handovers/%d/reopen"'


@pytest.mark.parametrize("reason, offered", [
    ("faulty", True), ("loan_end", False), ("not_needed", False), ("other", False),
])
def test_a_faulty_return_offers_to_reopen_its_request_once(client, login, make, db, reason,
                                                            offered):
    operator = login("operator")
    request = make.request(beneficiary=make.beneficiary())
    handover = hand_over_by_form(client, make, request=request)
    response = give_back(client, handover, reason=reason, back=["charger", "mouse", "USB key"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (REOPEN % handover.id in page) == offered
    assert ("request #%d can go back on the waiting list" % request.id in page) == offered
    if not offered:
        refused = client.post("/handovers/%d/reopen" % handover.id,
                              data={"version": Request.get_by_id(request.id).version})
        assert refused.status_code == 302
        assert Request.get_by_id(request.id).status == "fulfilled"
        return
    fulfilled = Request.get_by_id(request.id)
    stale = client.post("/handovers/%d/reopen" % handover.id,
                        data={"version": fulfilled.version - 1})
    assert "Changed meanwhile" in client.get(stale.headers["Location"]).get_data(as_text=True)
    assert Request.get_by_id(request.id).version == fulfilled.version
    assert client.post("/handovers/%d/reopen" % handover.id,
                       data={"version": fulfilled.version}).status_code == 302
    reopened = Request.get_by_id(request.id)
    assert (reopened.status, reopened.device_id, reopened.beneficiary_id, reopened.version) == (
        "waiting", None, fulfilled.beneficiary_id, fulfilled.version + 1)
    event = Event.select().where(Event.device == handover.device_id).order_by(
        Event.id.desc()).get()
    assert (event.kind, event.user_id, event.data) == (
        "request", operator.id, {"request": request.id, "handover": handover.id,
                                 "reopened": True})
    page = device_page(client, handover)
    assert "Request #%d put back on the waiting list" % request.id in page
    assert REOPEN % handover.id not in page  # once only
    again = client.post("/handovers/%d/reopen" % handover.id,
                        data={"version": reopened.version})
    assert "cannot go back on the waiting list" in client.get(
        again.headers["Location"]).get_data(as_text=True)
    assert Request.get_by_id(request.id).version == reopened.version
    # Met again by another device: the first one's return offers nothing any more.
    hand_over_by_form(client, make, request=Request.get_by_id(request.id))
    assert Request.get_by_id(request.id).status == "fulfilled"
    assert REOPEN % handover.id not in device_page(client, handover)


def test_a_faulty_device_handed_over_without_a_request_offers_nothing(client, login, make, db):
    login("operator")
    handover = hand_over_by_form(client, make)
    give_back(client, handover, reason="faulty")
    assert "/reopen" not in device_page(client, handover)


@pytest.mark.parametrize("role", ["technician", "viewer"])
def test_only_the_office_reopens_a_request(app, client, login, make, db, role):
    request = make.request()
    with app.test_request_context():
        handover = handed_over(make, app, request=request)
        device = Device.get_by_id(handover.device_id)
        record_return(device, None, returned_on=TODAY, reason="faulty", condition="good")
    login(role)
    assert REOPEN % handover.id not in device_page(client, handover)
    response = client.post("/handovers/%d/reopen" % handover.id,
                           data={"version": Request.get_by_id(request.id).version})
    assert response.status_code == 403
    assert Request.get_by_id(request.id).status == "fulfilled"


def test_an_accessory_written_by_hand_stays_text_when_missing(client, login, make, db):
    login("operator")
    handover = hand_over_by_form(client, make, accessories=(), other="<b>Sacoche</b>")
    give_back(client, handover, back=[])
    page = device_page(client, handover)
    assert "<b>Sacoche</b>" not in page
    assert page.count("Not returned: &lt;b&gt;Sacoche&lt;/b&gt;") == 2
