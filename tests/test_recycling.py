"""Recycling: batches that ship all their devices or none, and single devices."""
import datetime
import re
from decimal import Decimal

import pytest

from inventory import lifecycle
from inventory.models import Device, Event, RecyclingBatch
from inventory.workshop.recycling import (
    add_device, create_batch, is_shipped, open_batches, recycle_device, remove_device, ship_batch,
)
from inventory.workshop.common import WorkshopError

DAY = datetime.date(2026, 11, 3)
# A SIRET with a valid Luhn check digit.
SIRET = "73282932000074"


pytestmark = pytest.mark.usefixtures("english")


def fresh(device):
    return Device.get_by_id(device.id)


def batch(**changes):
    fields = dict(user=None, recycler_name="Ecologic Hauts-de-France", recycler_siret=SIRET,
                  shipped_on=DAY, weight_kg=Decimal("42.5"), waste_slip_reference="BSD-2026-17")
    fields.update(changes)
    return create_batch(**fields)


def erased(make, status="triage"):
    device = make.device(status)
    make.erase(device, method="destroy", technique="shredding")
    return fresh(device)


@pytest.mark.parametrize("changes, message", [
    (dict(recycler_name=" "), "The recycler's name is needed."),
    (dict(recycler_siret="1234"), "14 digits"),
    (dict(recycler_siret="73282932000075"), "check digit"),
    (dict(waste_slip_reference=""), "The waste slip reference is needed."),
    (dict(shipped_on=None), "The shipping date is needed."),
    (dict(weight_kg=Decimal("-1")), "positive number of kilograms"),
])
def test_a_batch_needs_its_facts(db, changes, message):
    with pytest.raises(WorkshopError) as refused:
        batch(**changes)
    assert message in str(refused.value)
    assert RecyclingBatch.select().count() == 0


def test_siret_may_be_typed_with_spaces(db):
    assert batch(recycler_siret="732 829 320 00074").recycler_siret == SIRET


def test_adding_a_device_needs_its_storage_erased_or_destroyed(db, make):
    box = batch()
    device = make.device("triage")
    with pytest.raises(lifecycle.MoveRefused) as refused:
        add_device(box, device.asset_tag, None)
    assert "No erasure recorded" in str(refused.value)
    make.erase(fresh(device), method="destroy", technique="drilling")
    add_device(box, device.asset_tag.lower(), None)
    assert fresh(device).recycling_batch_id == box.id
    assert fresh(device).status == "triage"  # recycled only when the batch ships


@pytest.mark.parametrize("case, message", [
    ("unknown", "No device has the tag"),
    ("twice", "already in this batch"),
    ("other batch", "already in another batch"),
    ("handed over", "cannot be recycled from"),
])
def test_adding_refusals(db, make, case, message):
    box = batch()
    if case == "unknown":
        tag = "CC-99999"
    elif case == "handed over":
        tag = make.device("handed_over").asset_tag
    else:
        device = erased(make)
        add_device(batch() if case == "other batch" else box, device.asset_tag, None)
        tag = device.asset_tag
    with pytest.raises(WorkshopError) as refused:
        add_device(box, tag, None)
    assert message in str(refused.value)


def test_a_scanned_label_url_is_accepted(db, make):
    device = erased(make)
    add_device(batch(), "https://dons.example.org/d/%s" % device.asset_tag, None)
    assert fresh(device).recycling_batch_id is not None


def test_shipping_moves_every_device_together_with_the_reference(db, make):
    box = batch()
    devices = [erased(make), erased(make, "parts"), erased(make, "received")]
    for device in devices:
        add_device(box, device.asset_tag, None)
    assert ship_batch(box, make.technician.id) == 3
    for device in devices:
        stored = fresh(device)
        assert (stored.status, stored.recycler_reference) == ("recycled", "BSD-2026-17")
        last = Event.select().where(Event.device == device.id).order_by(Event.id.desc()).first()
        assert (last.to_status, last.user_id, last.data) == ("recycled", make.technician.id,
                                                             {"batch": box.id})
    assert is_shipped(box) and box.id not in [b.id for b in open_batches()]
    with pytest.raises(WorkshopError):
        add_device(box, erased(make).asset_tag, None)
    with pytest.raises(WorkshopError):
        ship_batch(box, None)


def test_one_device_that_may_not_go_stops_the_whole_batch(db, make):
    box = batch()
    good, bad = erased(make), erased(make, "refurbishing")
    add_device(box, good.asset_tag, None)
    add_device(box, bad.asset_tag, None)
    # Meanwhile the second one gets a new drive that fails its erasure.
    make.erase(fresh(bad), drive_serial="NEW-1", result="failed", method="clear")
    before = {d.id: (fresh(d).status, fresh(d).version) for d in (good, bad)}
    with pytest.raises(lifecycle.MoveRefused) as refused:
        ship_batch(box, None)
    assert [str(r) for r in refused.value.reasons] == [
        "%s: The erasure of drive NEW-1 failed: the drive must be destroyed before the device "
        "can move on." % bad.asset_tag]
    assert {d.id: (fresh(d).status, fresh(d).version) for d in (good, bad)} == before
    assert not is_shipped(box)


def test_a_device_changed_meanwhile_rolls_the_whole_batch_back(db, make, monkeypatch):
    box = batch()
    first, second = erased(make), erased(make)
    add_device(box, first.asset_tag, None)
    add_device(box, second.asset_tag, None)
    real_move = lifecycle.move
    calls = []

    def move_then_race(device, *args, **kwargs):
        calls.append(device.asset_tag)
        if len(calls) == 2:
            raise lifecycle.StaleVersion()
        return real_move(device, *args, **kwargs)
    monkeypatch.setattr(lifecycle, "move", move_then_race)
    with pytest.raises(lifecycle.StaleVersion):
        ship_batch(box, None)
    assert [fresh(d).status for d in (first, second)] == ["triage", "triage"]


def test_an_empty_batch_does_not_ship(db):
    with pytest.raises(WorkshopError):
        ship_batch(batch(), None)


def test_a_device_can_be_taken_out_before_shipping(db, make):
    box = batch()
    device = erased(make)
    add_device(box, device.asset_tag, None)
    remove_device(box, fresh(device), None)
    assert fresh(device).recycling_batch_id is None


def test_one_device_recycled_alone_needs_the_reference(db, make):
    device = erased(make)
    with pytest.raises(lifecycle.MoveRefused) as refused:
        recycle_device(device, None, "  ")
    assert [str(r) for r in refused.value.reasons] == ["The recycler's reference is missing."]
    recycle_device(fresh(device), None, "BSD-9")
    assert (fresh(device).status, fresh(device).recycler_reference) == ("recycled", "BSD-9")


# Over HTTP ----------------------------------------------------------------------------------

def test_batch_pages(db, client, login, make):
    login("technician")
    response = client.post("/recycling", data={
        "recycler_name": "Envie", "recycler_siret": SIRET, "shipped_on": "2026-11-03",
        "weight_kg": "12,5", "waste_slip_reference": "BSD-1"})
    box = RecyclingBatch.get()
    assert response.headers["Location"].endswith("/recycling/%d" % box.id)
    assert box.weight_kg == Decimal("12.5")
    device = erased(make)
    client.post("/recycling/%d/add" % box.id, data={"tag": device.asset_tag})
    page = client.get("/recycling/%d" % box.id).get_data(as_text=True)
    assert device.asset_tag in page
    client.post("/recycling/%d/ship" % box.id)
    assert fresh(device).status == "recycled"
    assert "BSD-1" in client.get("/recycling").get_data(as_text=True)


def test_the_batch_page_puts_the_focus_on_its_tag_field(db, client, login, make):
    """A scanner types into the focused field: the one field to scan into has autofocus."""
    login("technician")
    box = batch()
    page = client.get("/recycling/%d" % box.id).get_data(as_text=True)
    field = re.search(r'<input [^>]*name="tag"[^>]*>', page).group(0)
    assert re.search(r"\sautofocus[\s>]", field)
    assert len(re.findall(r"\sautofocus[\s>=]", page)) == 1


def test_a_viewer_reads_batches_but_cannot_change_them(db, client, login, make):
    box = batch()
    login("viewer")
    assert client.get("/recycling").status_code == 200
    assert client.get("/recycling/%d" % box.id).status_code == 200
    assert client.post("/recycling/%d/ship" % box.id).status_code == 403


def test_the_device_page_recycle_button_opens_the_form(db, client, login, make):
    login("technician")
    device = erased(make)
    page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert 'href="/d/%s/recycle"' % device.asset_tag in page
    box = batch()
    client.post("/d/%s/recycle" % device.asset_tag, data={"batch": str(box.id), "version":
                                                          str(device.version)})
    assert fresh(device).recycling_batch_id == box.id and fresh(device).status == "triage"
