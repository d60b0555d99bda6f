"""The workshop's day: triage, parts, the return path, and the technician's taps from a scan."""
import html
import re
from decimal import Decimal

import pytest

from inventory import lifecycle
from inventory.models import Device, Erasure, Event
from inventory.workshop.triage import mark_for_parts, record_triage
from inventory.workshop.common import WorkshopError

SPECS = dict(cpu="Intel Core i5-8350U", ram_gb=8, storage_type="SSD", storage_gb=256,
             screen_inches=Decimal("14.0"), keyboard_layout="azerty", webcam=True,
             battery_health=78, os_found="Windows 10", grade="B", working=True)


pytestmark = pytest.mark.usefixtures("english")


def fresh(device):
    return Device.get_by_id(device.id)


# Triage -------------------------------------------------------------------------------------

@pytest.mark.parametrize("start, decision, ends_in", [
    ("received", "refurbish", "refurbishing"),
    ("triage", "refurbish", "refurbishing"),
    ("received", "parts", "triage"),
    ("triage", "recycle", "triage"),
])
def test_triage_records_specs_and_decision(db, make, start, decision, ends_in):
    device = make.device(start)
    status = record_triage(device, make.technician.id, device.version, SPECS, decision,
                           reason="hinge broken" if decision != "refurbish" else "")
    stored = fresh(device)
    assert status == stored.status == ends_in
    assert {name: getattr(stored, name) for name in SPECS} == SPECS
    assert stored.triage_decision == decision
    triage_event = Event.get((Event.device == device.id) & (Event.kind == "triage"))
    assert triage_event.data["decision"] == decision
    assert triage_event.data["after"]["cpu"] == SPECS["cpu"]


@pytest.mark.parametrize("decision, reason, message", [
    ("", "", "Choose what becomes of the device."),
    ("sell", "", "Choose what becomes of the device."),
    ("parts", " ", "Give the reason"),
    ("recycle", "", "Give the reason"),
])
def test_triage_refusals_change_nothing(db, make, decision, reason, message):
    device = make.device("received")
    with pytest.raises(WorkshopError) as refused:
        record_triage(device, None, device.version, SPECS, decision, reason)
    assert message in str(refused.value)
    assert (fresh(device).status, fresh(device).cpu, fresh(device).version) == (
        "received", "", device.version)


def test_triage_from_a_stale_version_is_refused(db, make):
    device = make.device("triage")
    with pytest.raises(lifecycle.StaleVersion):
        record_triage(device, None, device.version - 1, SPECS, "refurbish")
    assert fresh(device).cpu == ""


def test_refurbish_decision_waits_in_triage_while_a_failed_drive_is_not_destroyed(db, make):
    device = make.device("triage")
    make.erase(device, result="failed", method="clear")
    assert record_triage(fresh(device), None, fresh(device).version, SPECS,
                         "refurbish") == "triage"
    assert fresh(device).triage_decision == "refurbish"


def test_triage_is_refused_once_the_device_left_the_workshop(db, make):
    device = make.device("ready")
    with pytest.raises(WorkshopError):
        record_triage(device, None, device.version, SPECS, "refurbish")


# Parts --------------------------------------------------------------------------------------

def test_parts_records_the_components_taken_and_never_becomes_ready(db, make):
    device = make.device("triage")
    make.erase(device)
    device = fresh(device)
    with pytest.raises(WorkshopError):
        mark_for_parts(device, None, [])
    with pytest.raises(WorkshopError):
        mark_for_parts(device, None, ["other"], note="")
    mark_for_parts(device, None, ["ram", "battery", "nonsense"])
    stored = fresh(device)
    assert (stored.status, stored.parts_taken) == ("parts", "ram, battery")
    make.erase(stored)
    make.check(fresh(device))
    with pytest.raises(lifecycle.MoveRefused) as refused:
        lifecycle.move(fresh(device), "ready", None)
    assert "cannot go from" in str(refused.value)


# The return path ----------------------------------------------------------------------------

def test_a_returned_device_starts_a_new_round_and_needs_everything_again(db, make):
    device = make.device("returned")
    assert device.cycle == 1
    lifecycle.move(device, "triage", None)
    stored = fresh(device)
    assert (stored.cycle, stored.triage_decision) == (2, "")
    assert device.cycle == 2  # the caller's object follows
    lifecycle.move(stored, "refurbishing", None)
    with pytest.raises(lifecycle.MoveRefused) as refused:
        lifecycle.move(fresh(device), "ready", None)
    assert [str(r) for r in refused.value.reasons] == [
        "No erasure recorded: record each drive's erasure, or that the device has no storage.",
        "No passed quality checklist signed by a technician."]
    # The first round's records stay, in round 1.
    assert [e.cycle for e in Erasure.select().where(Erasure.device == device.id)] == [1]
    make.erase(fresh(device))
    make.check(fresh(device))
    lifecycle.move(fresh(device), "ready", None)
    assert fresh(device).status == "ready"


def test_only_the_return_to_triage_changes_the_round(db, make):
    device = make.device("refurbishing")
    assert fresh(device).cycle == 1


# The technician's taps from a scan (point 11) -------------------------------------------------

class Technician:
    """A test client that only follows links and forms present on the page it is on."""

    def __init__(self, client, device):
        self.client, self.tag, self.taps = client, device.asset_tag, 0

    def scan(self):
        self.taps = 0
        self.page = self.client.get("/d/%s" % self.tag).get_data(as_text=True)
        return self

    def _has(self, attribute, url):
        assert '%s="%s"' % (attribute, url) in self.page, "%s not on the page" % url

    def follow(self, url):
        self._has("href", url)
        self.taps += 1
        self.page = self.client.get(url).get_data(as_text=True)
        return self

    def submit(self, url, data=None, button=None):
        self._has("action", url)
        if button:
            assert button in self.page, button
        self.taps += 1
        response = self.client.post(url, data=data or {})
        assert response.status_code == 302, response.get_data(as_text=True)
        self.page = self.client.get(response.headers["Location"]).get_data(as_text=True)
        return self

    def flashes(self):
        found = re.findall(r'<p class="flash flash-\w+" role="\w+">([^<]*)<', self.page)
        return [html.unescape(message) for message in found]


@pytest.fixture
def technician_client(client, login):
    login("technician")
    client.post("/language", data={"language": "en", "next": "/"})
    return client


def test_every_step_takes_at_most_two_taps_from_the_device_page(db, technician_client, make):
    device = make.device("received")
    tag, d = device.asset_tag, "/d/%s" % device.asset_tag
    tech = Technician(technician_client, device)

    # Start triage: one tap on the device page.
    tech.scan().submit(d + "/move", {"to": "triage", "version": fresh(device).version},
                       button='value="triage"')
    assert tech.taps == 1 and fresh(device).status == "triage"

    # Triage (specs and decision): the suggested step, then the form.
    tech.scan().follow(d + "/triage").submit(d + "/triage", dict(
        version=fresh(device).version, cpu="i5", ram_gb="8", storage_type="SSD",
        storage_gb="256", keyboard_layout="azerty", webcam="yes", working="yes", grade="A",
        decision="refurbish"))
    assert tech.taps == 2 and fresh(device).status == "refurbishing"

    # One drive's erasure: the suggested step, then the form.
    tech.scan().follow(d + "/erasure").submit(d + "/erasure", dict(
        drive_serial="S3Y-1", drive_type="SSD", method="purge", technique="crypto_erase",
        verification="full", result="passed"))
    assert tech.taps == 2 and Erasure.select().count() == 1

    # Checklist passed: the "everything ok" button is on the device page itself.
    tech.scan().submit(d + "/checklist/ok")
    assert tech.taps == 1 and lifecycle.check_problems(lifecycle.latest_check(fresh(device))) == []

    # Ready: the suggested one-tap move.
    tech.scan().submit(d + "/move", {"to": "ready", "version": fresh(device).version},
                       button='value="ready"')
    assert tech.taps == 1 and fresh(device).status == "ready"

    # Recycle: the button opens the form, which needs the recycler's reference.
    tech.scan().follow(d + "/recycle").submit(d + "/recycle", dict(
        version=fresh(device).version, batch="", recycler_reference="BSD-2026-4"))
    assert tech.taps == 2 and fresh(device).status == "recycled"


def test_the_page_suggests_the_next_step(db, technician_client, make):
    device = make.device("refurbishing")
    tech = Technician(technician_client, device).scan()
    assert 'href="/d/%s/erasure"' % device.asset_tag in tech.page
    assert 'action="/d/%s/erasure/none"' % device.asset_tag in tech.page
    make.erase(device)
    assert 'action="/d/%s/checklist/ok"' % device.asset_tag in tech.scan().page
    make.check(fresh(device))
    assert 'name="to" value="ready">Next:' in tech.scan().page


def test_a_refused_ready_lists_exactly_what_is_missing(db, technician_client, make):
    device = make.device("refurbishing")
    make.erase(device, drive_serial="WD-1", result="failed", method="clear")
    tech = Technician(technician_client, device).scan()
    tech.submit("/d/%s/move" % device.asset_tag, {"to": "ready", "version": fresh(device).version})
    assert tech.flashes() == [
        "The erasure of drive WD-1 failed: the drive must be destroyed before the device can "
        "move on.",
        "No passed quality checklist signed by a technician."]
    assert fresh(device).status == "refurbishing"


def test_the_panel_shows_what_is_missing_and_the_records(db, technician_client, make):
    device = make.device("refurbishing")
    page = Technician(technician_client, device).scan().page
    assert "No erasure recorded: record each drive" in html.unescape(page)
    make.erase(device, drive_serial="SER-77")
    page = Technician(technician_client, device).scan().page
    assert "SER-77" in page and "No erasure recorded" not in page


def test_a_viewer_sees_the_panel_but_no_workshop_button(db, client, login, make):
    login("viewer")
    device = make.device("refurbishing")
    make.erase(device, drive_serial="SER-88")
    page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert "SER-88" in page
    assert "/erasure\"" not in page and "/checklist/ok" not in page


def test_the_parts_form_from_the_device_page(db, technician_client, make):
    device = make.device("triage")
    make.erase(device)
    device = fresh(device)
    tech = Technician(technician_client, device).scan()
    tech.follow("/d/%s/parts" % device.asset_tag).submit(
        "/d/%s/parts" % device.asset_tag,
        {"version": device.version, "components": ["ram", "screen"]})
    assert (fresh(device).status, fresh(device).parts_taken) == ("parts", "ram, screen")
    assert tech.taps == 2


def test_the_device_page_reads_its_erasures_and_checklist_in_fixed_queries(
        client, login, make, db, monkeypatch):
    from inventory.models import ErasureLog

    from .test_devices import count_queries
    log = ErasureLog.create(filename="nwipe.log", sha256="ab" * 32, content=b"log")
    counts = []
    for drives in (1, 4):
        device = make.device("refurbishing")
        for number in range(drives):
            make.erase(device, make.user("technician"), drive_serial="S%d-%d" % (drives, number),
                       drive_type="SSD", technique="crypto_erase", log=log)
        make.check(device)
        login("technician")
        queries = count_queries(monkeypatch)
        page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
        counts.append(len(queries))
        monkeypatch.undo()
        assert page.count("abababababab") == drives  # each drive's log hash is shown
    assert counts[0] == counts[1], counts
