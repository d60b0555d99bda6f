"""Quality checklists: versions set by admins, results per device, OS, licence and parts."""
import pytest

from inventory import lifecycle
from inventory.workshop.checklists import (
    all_ok, record_check, record_os, record_part, set_checklist,
)
from inventory.cli.defaults import DEFAULT_CHECKLIST
from inventory.models import Check, ChecklistVersion, Device, Event, PartUsed
from inventory.workshop.common import WorkshopError


pytestmark = pytest.mark.usefixtures("english")


def fresh(device):
    return Device.get_by_id(device.id)


def test_all_ok_passes_and_is_signed_by_the_technician(db, make):
    device = make.device("refurbishing")
    check = record_check(device, make.technician.id, all_ok())
    assert check.passed and check.technician_id == make.technician.id
    assert check.checklist.version == 1
    assert lifecycle.check_problems(lifecycle.latest_check(fresh(device))) == []


@pytest.mark.parametrize("state, passed", [
    ("ok", True), ("fixed", True), ("not_applicable", True), ("failed", False)])
def test_each_item_state(db, make, state, passed):
    device = make.device("refurbishing")
    results = all_ok()
    results["webcam"] = {"state": state, "note": "  tested with a call  "}
    check = record_check(device, make.technician.id, results)
    assert check.passed is passed
    assert Check.get_by_id(check.id).results["webcam"] == {"state": state,
                                                           "note": "tested with a call"}


@pytest.mark.parametrize("change, message", [
    (lambda r: r.pop("screen"), "Items not filled in: Screen."),
    (lambda r: r.update(extra={"state": "ok"}), "Items not on the checklist: extra."),
    (lambda r: r.update(screen={"state": "great"}), "Unknown result for Screen."),
])
def test_incomplete_or_unknown_results_are_refused(db, make, change, message):
    device = make.device("refurbishing")
    results = all_ok()
    change(results)
    with pytest.raises(WorkshopError) as refused:
        record_check(device, make.technician.id, results)
    assert str(refused.value) == message
    assert Check.select().count() == 0 and fresh(device).version == device.version


def test_a_later_failed_checklist_outweighs_an_earlier_pass(db, make):
    device = make.device("refurbishing")
    make.erase(device)
    record_check(fresh(device), make.technician.id, all_ok())
    results = all_ok()
    results["battery"] = {"state": "failed", "note": "swollen"}
    record_check(fresh(device), make.technician.id, results)
    with pytest.raises(lifecycle.MoveRefused) as refused:
        lifecycle.move(fresh(device), "ready", None)
    assert [str(r) for r in refused.value.reasons] == [
        "No passed quality checklist signed by a technician."]


def test_changing_the_items_makes_a_new_version_and_old_results_keep_theirs(db, make):
    device = make.device("refurbishing")
    old = record_check(device, make.technician.id, all_ok())
    admin = make.user("admin")
    new_items = list(DEFAULT_CHECKLIST) + ["hinges"]
    version = set_checklist(new_items, admin.id)
    assert (version.version, version.items, version.created_by_id) == (2, new_items, admin.id)
    assert ChecklistVersion.current().id == version.id
    assert Check.get_by_id(old.id).checklist.version == 1
    assert Check.get_by_id(old.id).checklist.items == list(DEFAULT_CHECKLIST)
    new = record_check(fresh(device), make.technician.id, all_ok())
    assert new.checklist.version == 2 and "hinges" in new.results


def test_saving_the_same_items_makes_no_new_version(db, make):
    set_checklist(list(DEFAULT_CHECKLIST) + ["  ", "screen"], None)
    assert ChecklistVersion.select().count() == 1


def test_an_empty_checklist_is_refused(db, make):
    with pytest.raises(WorkshopError):
        set_checklist(["", "  "], None)
    assert ChecklistVersion.select().count() == 1


def test_a_checklist_filled_against_an_old_version_is_refused(db, make):
    device = make.device("refurbishing")
    old = ChecklistVersion.current()
    set_checklist(["screen", "keyboard"], None)
    with pytest.raises(WorkshopError) as refused:
        record_check(device, make.technician.id, all_ok(old), checklist=old)
    assert "changed meanwhile" in str(refused.value)


@pytest.mark.parametrize("os_installed, licence, error", [
    ("Linux Mint 22", "free", None),
    ("Windows 11", "original_windows", None),
    ("Windows 11", "refurbisher_windows", None),
    ("", "original_windows", "Name the operating system installed."),
    ("Windows", "pirate", "Unknown licence."),
])
def test_os_and_licence(db, make, os_installed, licence, error):
    device = make.device("refurbishing")
    if error:
        with pytest.raises(WorkshopError) as refused:
            record_os(device, None, device.version, os_installed, licence)
        assert str(refused.value) == error
        assert fresh(device).os_licence == ""
        return
    record_os(device, None, device.version, os_installed, licence)
    assert (fresh(device).os_installed, fresh(device).os_licence) == (os_installed, licence)
    check = record_check(fresh(device), make.technician.id, all_ok())
    assert (check.os_installed, check.os_licence) == (os_installed, licence)


def test_os_from_a_stale_version_is_refused(db, make):
    device = make.device("refurbishing")
    with pytest.raises(lifecycle.StaleVersion):
        record_os(device, None, device.version - 1, "Debian", "free")


def test_parts_used_are_kept_per_round(db, make):
    device = make.device("refurbishing")
    record_part(device, make.technician.id, "  RAM added:  8 GB ")
    with pytest.raises(WorkshopError):
        record_part(fresh(device), None, "  ")
    assert [p.description for p in PartUsed.select()] == ["RAM added: 8 GB"]
    assert Event.select().where(Event.kind == "part").count() == 1


# Over HTTP ----------------------------------------------------------------------------------

def test_the_checklist_form_records_each_item_and_note(db, client, login, make):
    login("technician")
    device = make.device("refurbishing")
    page = client.get("/d/%s/checklist" % device.asset_tag).get_data(as_text=True)
    assert page.count("<select") == len(DEFAULT_CHECKLIST)
    data = {"checklist_id": str(ChecklistVersion.current().id), "battery_health": "81"}
    for index, _item in enumerate(DEFAULT_CHECKLIST):
        data["state_%d" % index] = "ok"
    index = DEFAULT_CHECKLIST.index("keyboard")
    data["state_%d" % index], data["note_%d" % index] = "fixed", "two keys replaced"
    assert client.post("/d/%s/checklist" % device.asset_tag, data=data).status_code == 302
    check = Check.get(Check.device == device.id)
    assert check.passed and check.battery_health == 81
    assert check.results["keyboard"] == {"state": "fixed", "note": "two keys replaced"}


def test_the_one_tap_all_ok(db, client, login, make):
    login("technician")
    device = make.device("refurbishing")
    client.post("/d/%s/checklist/ok" % device.asset_tag)
    assert Check.get(Check.device == device.id).passed


def test_the_editor_is_for_admins_and_maps_labels_back_to_items(db, client, login, make):
    login("technician")
    assert client.get("/admin/checklist").status_code == 403
    client.post("/logout")
    login("admin")
    client.post("/language", data={"language": "en", "next": "/"})
    page = client.get("/admin/checklist").get_data(as_text=True)
    assert "Previous owner&#39;s stickers and marks removed" in page
    lines = ["Screen", "Keyboard", "Hinges tight"]
    assert client.post("/admin/checklist", data={"items": "\n".join(lines)}).status_code == 302
    assert ChecklistVersion.current().items == ["screen", "keyboard", "Hinges tight"]
    assert ChecklistVersion.current().version == 2


def test_an_admin_sees_the_settings_index(db, client, login):
    login("admin")
    page = client.get("/admin/").get_data(as_text=True)
    assert "/admin/checklist" in page
