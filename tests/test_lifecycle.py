"""The device lifecycle: every move of the table, allowed or refused, and every guard."""
import pytest
from flask_babel import force_locale

from inventory import lifecycle
from inventory.lifecycle import MOVES, STATES, MoveRefused, StaleVersion
from inventory.models import Device, Event
from inventory.workshop.erasure import ERASURE_STATUSES as WORKSHOP_STATUSES

pytestmark = pytest.mark.usefixtures("english")


ALL_PAIRS = [(a, b) for a in STATES for b in STATES if a != b]


def events_of(device):
    return list(Event.select().where(Event.device == device.id).order_by(Event.id))


def satisfy_guards(make, device, target):
    """Record what the guards of target need, where the device's status allows it."""
    if target in ("ready", "recycled", "parts") and device.status in WORKSHOP_STATUSES:
        method = "destroy" if target == "recycled" else "purge"
        make.erase(device, method=method)
        device = Device.get_by_id(device.id)
        if target == "ready":
            make.check(device)
    return Device.get_by_id(device.id)


@pytest.mark.parametrize("source,target", ALL_PAIRS)
def test_every_pair_of_states(db, make, source, target):
    device = make.device(source)
    technician = make.user("technician")
    beneficiary = make.beneficiary()
    device = satisfy_guards(make, device, target)
    before = len(events_of(device))
    context = {"beneficiary": beneficiary, "recycler_reference": "BSD-2026-1"}
    if target in MOVES[source]:
        event = lifecycle.move(device, target, technician, **context)
        stored = Device.get_by_id(device.id)
        assert stored.status == target
        assert (event.from_status, event.to_status, event.user_id) == (
            source, target, technician.id)
        assert len(events_of(device)) == before + 1
    else:
        with pytest.raises(MoveRefused) as refused:
            lifecycle.move(device, target, technician, **context)
        assert "cannot go from" in str(refused.value)
        assert Device.get_by_id(device.id).status == source
        assert len(events_of(device)) == before


def test_the_table_names_only_known_states():
    assert set(MOVES) == set(STATES)
    assert all(set(targets) <= set(STATES) for targets in MOVES.values())
    # Nothing leaves recycled, and parts never becomes ready.
    assert MOVES["recycled"] == ()
    assert "ready" not in MOVES["parts"]


@pytest.fixture
def refurbishing(make):
    return make.device("refurbishing")


def refusal(device, target, **context):
    with pytest.raises(MoveRefused) as refused:
        lifecycle.move(device, target, None, **context)
    return [str(reason) for reason in refused.value.reasons]


def test_ready_needs_an_erasure_and_a_check(db, refurbishing):
    reasons = refusal(refurbishing, "ready")
    assert reasons == [
        "No erasure recorded: record each drive's erasure, or that the device has no storage.",
        "No passed quality checklist signed by a technician.",
    ]


def test_ready_names_each_drive_without_a_passed_erasure(db, make, refurbishing):
    make.erase(refurbishing, drive_serial="WD-111", result="passed")
    make.erase(Device.get_by_id(refurbishing.id), drive_serial="WD-222", result="failed")
    make.check(Device.get_by_id(refurbishing.id))
    reasons = refusal(Device.get_by_id(refurbishing.id), "ready")
    assert reasons == ["The erasure of drive WD-222 failed: the drive must be destroyed before "
                       "the device can move on."]


def test_a_failed_erasure_followed_by_a_new_pass_is_still_refused(db, make, refurbishing):
    make.erase(refurbishing, drive_serial="WD-1", result="failed")
    make.erase(Device.get_by_id(refurbishing.id), drive_serial="WD-1", result="passed")
    make.check(Device.get_by_id(refurbishing.id))
    assert "must be destroyed" in refusal(Device.get_by_id(refurbishing.id), "ready")[0]


def test_a_failed_erasure_followed_by_destruction_lets_the_device_on(db, make, refurbishing):
    make.erase(refurbishing, drive_serial="WD-1", result="failed")
    make.erase(Device.get_by_id(refurbishing.id), drive_serial="WD-1", method="destroy",
               technique="shredding")
    make.check(Device.get_by_id(refurbishing.id))
    lifecycle.move(Device.get_by_id(refurbishing.id), "ready", None)
    assert Device.get_by_id(refurbishing.id).status == "ready"


def test_no_storage_is_enough_for_the_erasure_guard(db, make, refurbishing):
    make.erase(refurbishing, method="no_storage", drive_serial="", result="")
    make.check(Device.get_by_id(refurbishing.id))
    lifecycle.move(Device.get_by_id(refurbishing.id), "ready", None)


def test_a_checklist_with_a_failed_item_does_not_pass(db, make, refurbishing):
    from inventory.workshop.checklists import all_ok
    results = all_ok()
    results["battery"] = {"state": "failed", "note": "holds 5 minutes"}
    make.erase(refurbishing)
    check = make.check(Device.get_by_id(refurbishing.id), results=results)
    assert check.passed is False
    assert refusal(Device.get_by_id(refurbishing.id), "ready") == [
        "No passed quality checklist signed by a technician."]


def test_recycling_needs_erasure_and_the_recyclers_reference(db, make):
    device = make.device("triage")
    assert refusal(device, "recycled") == [
        "No erasure recorded: record each drive's erasure, or that the device has no storage.",
        "The recycler's reference is missing.",
    ]
    make.erase(device, method="destroy")
    device = Device.get_by_id(device.id)
    assert refusal(device, "recycled", recycler_reference="  ") == [
        "The recycler's reference is missing."]
    lifecycle.move(device, "recycled", None, recycler_reference="BSD-7")


def test_handover_needs_a_beneficiary(db, make):
    device = make.device("reserved")
    assert refusal(device, "handed_over") == ["No beneficiary given."]


def test_a_returned_device_needs_a_new_erasure_and_check(db, make):
    device = make.device("returned")
    lifecycle.move(device, "triage", None, changes={"cycle": device.cycle + 1})
    lifecycle.move(device, "refurbishing", None)
    reasons = refusal(device, "ready")
    assert len(reasons) == 2


def test_refusals_are_in_french_by_default(db, refurbishing):
    with force_locale("fr"):
        with pytest.raises(MoveRefused) as refused:
            lifecycle.move(refurbishing, "ready", None)
        assert "effacement" in str(refused.value)
        with pytest.raises(MoveRefused) as refused:
            lifecycle.move(refurbishing, "handed_over", None)
        assert "« en reconditionnement »" in str(refused.value)


def test_a_move_from_a_stale_version_is_refused_and_changes_nothing(db, make):
    device = make.device("received")
    first, second = Device.get_by_id(device.id), Device.get_by_id(device.id)
    lifecycle.move(first, "triage", None)
    with pytest.raises(StaleVersion) as stale:
        lifecycle.move(second, "recycled", None, recycler_reference="X")
    assert "Changed meanwhile" in str(stale.value)
    stored = Device.get_by_id(device.id)
    assert (stored.status, stored.version) == ("triage", first.version)
    assert [e.to_status for e in events_of(device)] == ["received", "triage"]


def test_stale_message_in_french(db, make):
    device = make.device("received")
    with force_locale("fr"):
        stale = Device.get_by_id(device.id)
        lifecycle.move(Device.get_by_id(device.id), "triage", None)
        with pytest.raises(StaleVersion) as refused:
            lifecycle.move(stale, "triage", None)
        assert "modifié entre-temps" in str(refused.value).lower()
