"""Bulk scanning: choose an action (on the page or with a card), then scan device after device."""
import re

import pytest
from markupsafe import escape
from reportlab.lib.units import mm

from inventory import lifecycle
from inventory.workshop.bulk_scan import Action, action_cards
from inventory.db import connected
from inventory.labels.sheets import CARD_COLUMNS, CARD_MARGIN_MM, CARD_ROWS
from inventory.models import Check, Device, Erasure, Event

from .test_labels import decoded, page_images


def scan(client, code):
    response = client.post("/scan/bulk", data={"code": code})
    assert response.status_code == 302 and response.headers["Location"] == "/scan/bulk"
    return client.get("/scan/bulk").get_data(as_text=True)


def choose(client, action, param=""):
    data = {"action": action, "%s_param" % action: param}
    assert client.post("/scan/bulk", data=data).status_code == 302


def lines(page):
    """The running list as (tag, done) pairs, newest first."""
    return [(tag, done == "yes") for done, tag in re.findall(
        r'<li class="card[^"]*" data-done="(yes|no)">\s*<strong>([^<]*)</strong>', page)]


def fresh(device_id):
    with connected():
        return Device.get_by_id(device_id)


def reason(app, problems):
    """A refusal as the page shows it (same locale as the client's requests)."""
    with app.test_request_context():
        return str(escape(str(problems[0])))


@pytest.fixture
def bench(make, db):
    """Five machines in refurbishing, erased; all but CC-00003 passed their checklist."""
    devices = [make.device("refurbishing") for _ in range(5)]
    for device in devices:
        make.erase(fresh(device.id))
        if device.asset_tag != "CC-00003":
            make.check(fresh(device.id))
    return devices


def test_five_scans_make_four_ready_and_refuse_one_with_its_reason(app, client, login, bench):
    user = login("technician")
    scan(client, "ACTION:READY")
    for code in ("CC-00001", "https://dons.example.org/d/cc-00002", "CC-00003", "cc-00004",
                 "CC-00005"):
        page = scan(client, code)

    assert lines(page) == [("CC-00005", True), ("CC-00004", True), ("CC-00003", False),
                           ("CC-00002", True), ("CC-00001", True)]
    refused = fresh(bench[2].id)
    assert reason(app, lifecycle.check_problems(lifecycle.latest_check(refused))) in page
    assert field_is_focused(page)
    with connected():
        assert [d.status for d in Device.select().order_by(Device.asset_tag)] == [
            "ready", "ready", "refurbishing", "ready", "ready"]
        moves = list(Event.select().where(Event.to_status == "ready").order_by(Event.id))
        assert [(e.device_id, e.from_status, e.user_id) for e in moves] == [
            (d.id, "refurbishing", user.id) for d in bench if d.asset_tag != "CC-00003"]
    assert refused.version == bench[2].version + 1  # the erasure only; no move


def field_is_focused(page):
    field = re.search(r'<input[^>]*name="code"[^>]*>', page, re.S).group(0)
    return "autofocus" in field and 'value=""' in field


def test_scanning_before_choosing_an_action_changes_nothing(client, login, bench):
    login("technician")
    before = fresh(bench[0].id)
    page = scan(client, "CC-00001")
    assert "flash-error" in page and lines(page) == []
    assert fresh(bench[0].id).version == before.version


@pytest.mark.parametrize("code", ["NOPE-1", "CC-09999", "ACTION:FLY"])
def test_unknown_codes_are_refused_lines_or_messages(client, login, bench, code):
    login("technician")
    scan(client, "ACTION:READY")
    page = scan(client, code)
    if code.startswith("ACTION:"):
        assert "flash-error" in page and lines(page) == []
    else:
        assert lines(page) == [(code, False)]


def test_move_to_a_location_records_an_edit_by_the_scanner(client, login, bench):
    user = login("technician")
    choose(client, "move", "Étagère 2")
    scan(client, "CC-00001")
    page = scan(client, "CC-00001")
    assert lines(page) == [("CC-00001", True), ("CC-00001", True)]
    assert fresh(bench[0].id).location == "Étagère 2"
    with connected():
        edits = list(Event.select().where((Event.device == bench[0].id) & (Event.kind == "edit")))
    assert [(e.user_id, e.data["after"]) for e in edits] == [(user.id, {"location": "Étagère 2"})]


def test_quality_check_passed_only_in_the_workshop(client, login, make, bench):
    user = login("technician")
    scan(client, "ACTION:CHECKED")
    ready = make.device("ready")
    page = scan(client, "CC-00003")
    page = scan(client, ready.asset_tag)
    assert lines(page) == [(ready.asset_tag, False), ("CC-00003", True)]
    with connected():
        check = Check.select().where(Check.device == bench[2].id).get()
        assert check.passed and check.technician_id == user.id
        assert lifecycle.refusals(fresh(bench[2].id), "ready") == []


@pytest.fixture
def drives(make, db):
    """CC-00001 has no drive recorded; CC-00002's drive failed; CC-00003 is back from a loan."""
    bare = make.device("triage")
    failed = make.device("triage")
    make.erase(failed, result="failed")
    returned = make.device("returned")
    with connected():
        lifecycle.move(returned, "triage", None)  # a new round: its drive needs a new erasure
    return bare, failed, returned


@pytest.mark.parametrize("method, done", [
    ("purge", [False, False, True]),
    ("destroy", [False, True, True]),
    ("no_storage", [True, True, True]),
])
def test_erasure_verified_for_every_drive(client, login, drives, method, done):
    user = login("technician")
    scan(client, "ACTION:ERASED:%s" % method.upper())
    for device in drives:
        page = scan(client, device.asset_tag)
    assert [ok for _tag, ok in reversed(lines(page))] == done
    with connected():
        recorded = list(Erasure.select().where(Erasure.technician == user.id)
                        .order_by(Erasure.id))
    expected = [device for device, ok in zip(drives, done) if ok]
    assert [(e.device_id, e.method, e.result) for e in recorded] == [
        (d.id, method, "passed") for d in expected]
    if method != "no_storage":
        assert [e.drive_serial for e in recorded] == ["DRV-%s" % d.asset_tag for d in expected]
        assert recorded[-1].cycle == 2


def test_recycling_needs_the_recyclers_reference(client, login, make, db):
    user = login("technician")
    device = make.device("triage")
    make.erase(fresh(device.id), method="destroy")
    page = scan(client, "ACTION:RECYCLED")
    assert 'name="recycled_param"' in page
    page = scan(client, device.asset_tag)
    assert lines(page) == [(device.asset_tag, False)]
    assert fresh(device.id).status == "triage"

    choose(client, "recycled", "BSD-2026-42")
    scan(client, device.asset_tag)
    recycled = fresh(device.id)
    assert (recycled.status, recycled.recycler_reference) == ("recycled", "BSD-2026-42")
    with connected():
        assert Event.select().where((Event.device == device.id) & (Event.to_status == "recycled")
                                    & (Event.user == user.id)).count() == 1


def test_the_running_list_stays_short_and_counts_everything(client, login, bench):
    login("technician")
    choose(client, "move", "A1")
    for _ in range(25):
        page = scan(client, "CC-00001")
    assert len(lines(page)) == 20
    assert "25" in page
    client.post("/scan/bulk", data={"clear": "1"})
    assert lines(client.get("/scan/bulk").get_data(as_text=True)) == []


def card_codes(pdf):
    pages = list(page_images(pdf, 203, thermal=True))
    scale = 203 / 72
    margin = CARD_MARGIN_MM * mm * scale
    found = []
    for page in pages:
        width = (page.width - 2 * margin) / CARD_COLUMNS
        height = (page.height - 2 * margin) / CARD_ROWS
        for row in range(CARD_ROWS):
            for column in range(CARD_COLUMNS):
                left, top = margin + column * width, margin + row * height
                codes = decoded(page.crop((round(left), round(top), round(left + width),
                                           round(top + height))))
                if codes:
                    found.append(codes)
    return found


def test_action_cards_scan_to_their_codes_and_each_selects_its_action(app, client, login, db):
    login("technician")
    response = client.get("/labels/cards.pdf", query_string={"location": ["SHELF-2"]})
    assert response.mimetype == "application/pdf"

    found = card_codes(response.data)

    with app.test_request_context():
        codes = [card.code for card in action_cards(["SHELF-2"])]
    assert found == [sorted([("QRCode", code), ("Code128", code)]) for code in codes]
    for code in codes:
        scan(client, code)
        with client.session_transaction() as session:
            assert Action(*session["bulk_scan"]["action"]).code == code


@pytest.mark.parametrize("role, get, post", [("viewer", 200, 403), ("technician", 200, 302)])
def test_viewers_may_look_but_not_scan(client, login, bench, role, get, post):
    login(role)
    assert client.get("/scan/bulk").status_code == get
    assert client.post("/scan/bulk", data={"code": "ACTION:READY"}).status_code == post
