"""The erasure chain has no hole: parts and recycling need every drive dealt with, a drive taken
out stays traceable, flash memory needs Purge (or an admin's exception), and an nwipe log must
describe the device it is imported on."""
import html
import io
from pathlib import Path

import pytest
from flask_babel import force_locale

from inventory import lifecycle, localtime
from inventory.documents import issuing
from inventory.models import Device, Erasure, ErasureLog, Event, RemovedDrive
from inventory.workshop.common import WorkshopError
from inventory.workshop.drives import (
    pending_drives, record_exception, record_loose_erasure, remove_drive,
)
from inventory.workshop.erasure import import_log, read_log, receive_log, record_erasure
from inventory.workshop.log_check import LogMismatch
from inventory.workshop.nwipe import parse_nwipe_log
from inventory.workshop.recycling import add_device, create_batch, recycle_device, ship_batch
from inventory.workshop.triage import mark_for_parts

from .pdftext import flat
from .test_nwipe import one_drive_log

DATA = Path(__file__).parent / "data" / "nwipe"

pytestmark = pytest.mark.usefixtures("english")


def fresh(device):
    return Device.get_by_id(device.id)


def events_of(device):
    return [e.kind for e in Event.select().where(Event.device == device.id).order_by(Event.id)]


def snapshot(device):
    """What a refused action must leave as it was."""
    stored = fresh(device)
    return (stored.status, stored.version, len(events_of(device)),
            Erasure.select().where(Erasure.device == device.id).count(),
            RemovedDrive.select().where(RemovedDrive.device == device.id).count())


def device_with(make, status, **specs):
    """A device brought to status, with specs as triage (or the probe) would have set them."""
    donation = specs.pop("donation", None)
    device = make.device(status, **({"donation": donation} if donation else {}))
    if specs:
        Device.update(**specs).where(Device.id == device.id).execute()
    return fresh(device)


def erase(device, serial, method="purge", result="passed", **fields):
    return record_erasure(fresh(device), None, method, result, drive_serial=serial, **fields)


def take_out(device, serial, **fields):
    fields.setdefault("location", "Bac à effacer")
    return remove_drive(fresh(device), None, fresh(device).version, serial, **fields)


def batch():
    import datetime
    return create_batch(None, "Envie 2E Nord", "", datetime.date(2026, 11, 3), None, "BSD-2026-9")


# 5. Parts and recycling need every drive erased, destroyed or taken out ----------------------

# Each case: the records made on a device in triage, then whether the guards of "parts" and
# "recycled" let it go, or the reasons they give (each drive named).
STORAGE_CASES = [
    ("nothing recorded", [], [
        "No erasure recorded: record each drive's erasure, or that the device has no storage."]),
    ("one drive passed, one failed", [("erase", "WD-1", "purge", "passed"),
                                      ("erase", "WD-2", "clear", "failed")], [
        "The erasure of drive WD-2 failed: the drive must be destroyed before the device can "
        "move on."]),
    ("two drives failed", [("erase", "WD-1", "clear", "failed"),
                           ("erase", "WD-2", "clear", "failed")], [
        "The erasure of drive WD-1 failed: the drive must be destroyed before the device can "
        "move on.",
        "The erasure of drive WD-2 failed: the drive must be destroyed before the device can "
        "move on."]),
    ("the only drive taken out, nothing said of the rest", [("take_out", "WD-1")], [
        "The drives taken out are tracked on their own: record the erasure of each drive still "
        "in the device, or that it has no storage left."]),
    ("purged", [("erase", "WD-1", "purge", "passed")], []),
    ("overwritten SSD (the flash rule is ready's)",
     [("erase", "SSD-1", "clear", "passed", {"drive_type": "SSD"})], []),
    ("destroyed after failing", [("erase", "WD-1", "clear", "failed"),
                                 ("erase", "WD-1", "destroy", "passed")], []),
    ("no storage", [("no_storage",)], []),
    ("failed drive taken out, none left", [("erase", "WD-1", "clear", "failed"),
                                           ("take_out_last", "WD-1")], []),
]


def apply(device, steps):
    for step in steps:
        if step[0] == "erase":
            erase(device, step[1], step[2], step[3], **(step[4] if len(step) > 4 else {}))
        elif step[0] == "no_storage":
            record_erasure(fresh(device), None, "no_storage", "")
        else:
            take_out(device, step[1], no_storage_left=step[0] == "take_out_last")
    return fresh(device)


@pytest.mark.parametrize("case, steps, reasons", STORAGE_CASES, ids=[c[0] for c in STORAGE_CASES])
@pytest.mark.parametrize("target", ["parts", "recycled"])
def test_parts_and_recycling_need_every_drive_dealt_with(db, make, case, steps, reasons, target):
    device = apply(make.device("triage"), steps)
    before = snapshot(device)
    context = {"recycler_reference": "BSD-7"} if target == "recycled" else {}
    if reasons:
        with pytest.raises(lifecycle.MoveRefused) as refused:
            lifecycle.move(device, target, None, **context)
        assert [str(r) for r in refused.value.reasons] == reasons
        assert snapshot(device) == before
    else:
        lifecycle.move(device, target, None, **context)
        assert fresh(device).status == target


def test_mark_for_parts_lists_each_drive_missing(db, make):
    device = apply(make.device("triage"), STORAGE_CASES[2][1])
    before = snapshot(device)
    with pytest.raises(lifecycle.MoveRefused) as refused:
        mark_for_parts(device, None, ["ram"])
    assert ["WD-1" in str(r) for r in refused.value.reasons] == [True, False]
    assert snapshot(device) == before


def test_a_batch_refuses_a_device_naming_each_drive_and_ships_all_or_none(db, make):
    box = batch()
    device = apply(make.device("triage"), STORAGE_CASES[2][1])
    with pytest.raises(lifecycle.MoveRefused) as refused:
        add_device(box, device.asset_tag, None)
    assert [str(r) for r in refused.value.reasons] == [
        "%s: The erasure of drive %s failed: the drive must be destroyed before the device can "
        "move on." % (device.asset_tag, serial) for serial in ("WD-1", "WD-2")]
    assert fresh(device).recycling_batch_id is None
    # Destroyed, it goes in; a new drive recorded meanwhile without a passed erasure stops it.
    erase(device, "WD-1", "destroy")
    erase(device, "WD-2", "destroy")
    add_device(box, device.asset_tag, None)
    erase(device, "NEW-3", "clear", "failed")
    with pytest.raises(lifecycle.MoveRefused) as refused:
        ship_batch(box, None)
    assert "NEW-3" in str(refused.value)
    assert fresh(device).status == "triage"


def test_a_harvested_machine_goes_to_parts_then_recycling_while_its_drive_stays_tracked(db, make):
    device = make.device("triage")
    erase(device, "SSD-9", "clear", "failed")  # the wipe failed: the drive comes out
    drive = take_out(device, "SSD-9", drive_type="SSD", drive_size_gb=256,
                     location="Tiroir 2", no_storage_left=True)
    mark_for_parts(fresh(device), None, ["ram", "storage"])
    recycle_device(fresh(device), None, "BSD-2026-12")
    assert fresh(device).status == "recycled"
    # The drive still holds the donor's data: it is on the list until it is destroyed.
    assert [row.drive.id for row in pending_drives()] == [drive.id]
    assert pending_drives()[0].state == "failed"
    record_loose_erasure(drive, None, "destroy", "passed", technique="shredding")
    assert pending_drives() == []
    last = Event.select().where(Event.device == device.id).order_by(Event.id.desc()).first()
    assert (last.kind, last.data["drive"], last.data["removed_drive"]) == (
        "erasure", "SSD-9", drive.id)
    assert "drive_removed" in events_of(device)


def test_taking_a_drive_out_records_it_with_what_the_erasures_knew(db, make):
    device = make.device("triage")
    erase(device, "WD-5", "clear", "failed", drive_model="WDC WD5000LPVX", drive_type="HDD",
          drive_size_gb=500)
    version = fresh(device).version
    drive = take_out(device, "WD-5", note="swapped for an SSD")
    stored = RemovedDrive.get_by_id(drive.id)
    assert (stored.device_id, stored.cycle, stored.drive_model, stored.drive_type,
            stored.drive_size_gb, stored.location) == (
        device.id, 1, "WDC WD5000LPVX", "HDD", 500, "Bac à effacer")
    last = Event.select().where(Event.device == device.id).order_by(Event.id.desc()).first()
    assert (last.kind, last.data["drive"], last.note) == ("drive_removed", "WD-5",
                                                          "swapped for an SSD")
    assert fresh(device).version == version + 1
    # Swapped: the device goes on with its new drive, the old one stays tracked.
    erase(device, "SSD-NEW", "purge")
    lifecycle.move(fresh(device), "refurbishing", None)


@pytest.mark.parametrize("changes, message", [
    (dict(drive_serial=" "), "The drive's serial number is needed."),
    (dict(location=" "), "Say where the drive is kept"),
    (dict(drive_type="floppy"), "Unknown drive type."),
    (dict(drive_size_gb=-1), "out of range"),
    (dict(twice=True), "already taken out"),
    (dict(stale=True), "Changed meanwhile"),
    (dict(status="ready"), "while the device is in the workshop"),
], ids=lambda value: str(value)[:30])
def test_a_bad_removal_is_refused_and_changes_nothing(db, make, changes, message):
    changes = dict(changes)
    device = make.device(changes.pop("status", "triage"))
    if changes.pop("twice", False):
        take_out(device, "WD-1")
    version = fresh(device).version - (1 if changes.pop("stale", False) else 0)
    fields = dict({"drive_serial": "WD-1", "location": "Bac"}, **changes)
    before = snapshot(device)
    with pytest.raises((WorkshopError, lifecycle.MoveRefused)) as refused:
        remove_drive(fresh(device), None, version, **fields)
    assert message in str(refused.value)
    assert snapshot(device) == before


def test_the_certificate_keeps_a_drive_taken_out_pending_until_it_is_destroyed(db, make):
    operator = make.user("operator")
    donation = make.donation()
    device = make.device("triage", donation=donation)
    drive = take_out(device, "WD-77", drive_model="ST500LM000", no_storage_left=True)
    mark_for_parts(fresh(device), None, ["storage"])
    text = flat(issuing.issue("erasure_certificate", donation, operator).pdf)
    assert "CERTIFICAT PARTIEL" in text
    assert "%s WD-77 ST500LM000" % device.asset_tag in text and "En attente" in text
    assert "Sans stockage" not in text
    donor = flat(issuing.issue("donor_certificate", donation, operator).pdf)
    assert "Recyclé ou pièces" in donor and "En attente" in donor
    record_loose_erasure(drive, None, "destroy", "passed", technique="drilling")
    text = flat(issuing.issue("erasure_certificate", donation, operator).pdf)
    assert "PARTIEL" not in text and "WD-77" in text and "Détruit" in text


def test_taking_out_and_erasing_a_drive_over_http(db, client, login, make):
    login("technician")
    device = make.device("triage")
    erase(device, "WD-3", "clear", "failed")
    tag = device.asset_tag
    form = client.get("/d/%s/drives/remove?serial=WD-3" % tag).get_data(as_text=True)
    assert 'value="WD-3"' in form
    response = client.post("/d/%s/drives/remove" % tag, data={
        # As a browser posts the form: every field, the select's blank option included.
        "version": str(fresh(device).version), "drive_serial": "WD-3", "drive_model": "",
        "drive_type": "", "drive_size_gb": "", "location": "Tiroir <1>", "note": "",
        "no_storage_left": "y"})
    assert response.status_code == 302
    drive = RemovedDrive.get()
    page = client.get("/d/%s" % tag).get_data(as_text=True)
    assert "Drives taken out" in page and "/drives/%d" % drive.id in page
    assert "Tiroir &lt;1&gt;" in page  # the location is data, not markup
    listing = client.get("/drives").get_data(as_text=True)
    assert "WD-3" in listing and tag in listing
    client.post("/drives/%d" % drive.id, data={"method": "destroy", "technique": "shredding",
                                               "verification": "none", "result": "passed"})
    assert "WD-3" not in client.get("/drives").get_data(as_text=True).split("<h2>")[0]
    lifecycle.move(fresh(device), "parts", None)


def test_a_viewer_sees_loose_drives_but_changes_nothing(db, client, login, make):
    device = make.device("triage")
    drive = take_out(device, "WD-4")
    login("viewer")
    assert client.get("/drives").status_code == 200
    assert client.get("/drives/%d" % drive.id).status_code == 200
    before = snapshot(device)
    assert client.post("/drives/%d" % drive.id, data={"method": "destroy",
                                                      "result": "passed"}).status_code == 403
    assert client.post("/d/%s/drives/remove" % device.asset_tag,
                       data={"drive_serial": "X", "location": "Y"}).status_code == 403
    assert snapshot(device) == before


# 6. Flash memory only overwritten does not make a device ready -------------------------------

# (drive type recorded, device's storage type, method, technique) -> ready allowed
FLASH_CASES = [
    ("SSD", "", "clear", "overwrite", False),
    ("NVMe", "", "clear", "overwrite", False),
    ("eMMC", "", "clear", "", False),
    ("", "SSD", "clear", "overwrite", False),  # the record has no type: the device's counts
    ("HDD", "", "clear", "overwrite", True),
    ("", "", "clear", "overwrite", True),  # unknown type: not taken for flash
    ("HDD", "SSD", "clear", "overwrite", True),  # the drive's own type wins
    ("SSD", "", "purge", "block_erase", True),
    ("SSD", "", "purge", "crypto_erase", True),
    ("NVMe", "", "purge", "sanitize", True),
    ("eMMC", "", "purge", "sanitize", True),
    ("SSD", "", "destroy", "shredding", True),
]


@pytest.mark.parametrize("drive_type, storage_type, method, technique, allowed", FLASH_CASES)
def test_ready_needs_purge_or_destruction_of_flash_drives(db, make, drive_type, storage_type,
                                                          method, technique, allowed):
    device = device_with(make, "refurbishing", storage_type=storage_type)
    erase(device, "D1", method, technique=technique, drive_type=drive_type)
    make.check(fresh(device))
    if allowed:
        lifecycle.move(fresh(device), "ready", None)
        assert fresh(device).status == "ready"
    else:
        before = snapshot(device)
        with pytest.raises(lifecycle.MoveRefused) as refused:
            lifecycle.move(fresh(device), "ready", None)
        (reason,) = [str(r) for r in refused.value.reasons]
        assert "D1 is flash memory" in reason and "NIST SP 800-88" in reason
        assert snapshot(device) == before


def test_a_later_purge_of_an_overwritten_ssd_makes_it_ready(db, make):
    device = make.device("refurbishing")
    erase(device, "D1", "clear", technique="overwrite", drive_type="SSD")
    erase(device, "D1", "purge", technique="crypto_erase", drive_type="SSD")
    make.check(fresh(device))
    lifecycle.move(fresh(device), "ready", None)


@pytest.fixture
def overwritten_ssd(make):
    donation = make.donation(make.donor(name="Banque du Nord"))
    device = make.device("refurbishing", donation=donation)
    erasure = erase(device, "S3YJNB0K512345L", "clear", technique="overwrite", drive_type="SSD",
                    drive_model="Samsung SSD 860 EVO", tool="nwipe", tool_version="0.35")
    make.check(fresh(device))
    return device, erasure


def test_an_admins_exception_lets_it_go_ready_and_is_printed_on_the_certificate(
        db, make, overwritten_ssd):
    device, erasure = overwritten_ssd
    admin = make.user("admin", display_name="Alice Admin")
    reason = "Firmware <b>sans</b> commande sanitize & secure erase gelé"
    record_exception(erasure, admin, reason)
    stored = Erasure.get_by_id(erasure.id)
    assert (stored.exception_reason, stored.exception_by_id) == (reason, admin.id)
    last = Event.select().where(Event.device == device.id).order_by(Event.id.desc()).first()
    assert (last.kind, last.user_id, last.note) == ("exception", admin.id, reason)
    lifecycle.move(fresh(device), "ready", None)
    document = issuing.issue("erasure_certificate", device.donation, make.user("operator"))
    text = flat(document.pdf)
    day = localtime.local_date(stored.exception_at).strftime("%d/%m/%Y")
    assert ("Dérogation (support flash réécrit seulement, au lieu de Purge selon NIST SP 800-88) "
            ": %s — accordée par Alice Admin le %s." % (reason, day)) in text
    english = flat(issuing.issue("erasure_certificate", device.donation, admin, lang="en").pdf)
    assert "Exception (flash drive only overwritten" in english and reason in english


@pytest.mark.parametrize("role", ["operator", "technician", "viewer"])
def test_only_an_admin_records_an_exception(db, make, client, login, overwritten_ssd, role):
    device, erasure = overwritten_ssd
    user = login(role)
    before = snapshot(device)
    with pytest.raises(WorkshopError) as refused:
        record_exception(erasure, user, "no sanitize command")
    assert "Only an admin" in str(refused.value)
    url = "/erasures/%d/exception" % erasure.id
    assert client.post(url, data={"reason": "no sanitize command"}).status_code == 403
    assert snapshot(device) == before
    assert Erasure.get_by_id(erasure.id).exception_at is None


def test_the_exception_page_for_an_admin(db, make, client, login, overwritten_ssd):
    device, erasure = overwritten_ssd
    login("admin")
    page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert "/erasures/%d/exception" % erasure.id in page
    client.post("/erasures/%d/exception" % erasure.id, data={"reason": "  "})
    assert Erasure.get_by_id(erasure.id).exception_at is None
    response = client.post("/erasures/%d/exception" % erasure.id,
                           data={"reason": "Drive firmware has no sanitize command"})
    assert response.status_code == 302
    page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert "Drive firmware has no sanitize command" in page and "is flash memory" not in page


@pytest.mark.parametrize("case, message", [
    ("empty reason", "Give the reason"),
    ("hard disk", "only for a flash drive"),
    ("purged", "only for a flash drive"),
    ("twice", "already recorded"),
])
def test_an_exception_only_where_the_rule_applies(db, make, case, message):
    admin = make.user("admin")
    device = make.device("refurbishing")
    kind, method, technique = {"hard disk": ("HDD", "clear", "overwrite"),
                               "purged": ("SSD", "purge", "crypto_erase")}.get(
        case, ("SSD", "clear", "overwrite"))
    erasure = erase(device, "D1", method, technique=technique, drive_type=kind)
    if case == "twice":
        record_exception(erasure, admin, "first")
    before = snapshot(device)
    with pytest.raises(WorkshopError) as refused:
        record_exception(erasure, admin, "" if case == "empty reason" else "second")
    assert message in str(refused.value)
    assert snapshot(device) == before


# 7. An nwipe log must describe the device it is imported on ---------------------------------

def load(name):
    return (DATA / name).read_bytes()


def sysinfo(serial):
    """The line nwipe (>= 0.35) writes for `dmidecode -s system-serial-number`."""
    return "[2024/01/08 09:00:00]    info: system-serial-number = %s\n" % serial


@pytest.mark.parametrize("log, serial", [
    (load("system_serial.log"), "PF1ABC23"),
    (load("passed_single.log"), None),  # a log without the DMI serial line
    (one_drive_log(extra=sysinfo("XXXXXXXXXXXXXXX")), None),  # nwipe -q anonymises it
    (one_drive_log(extra=sysinfo(" 5CG7401ABC ")), "5CG7401ABC"),
])
def test_the_machines_serial_is_read_from_the_log(log, serial):
    assert [d.system_serial for d in parse_nwipe_log(log).drives] == [serial]


@pytest.mark.parametrize("logged", ["To Be Filled By O.E.M.", "Default string", "0123456789",
                                    "System Serial Number"])
def test_a_firmware_placeholder_is_no_serial_to_compare(db, make, logged):
    device = device_with(make, "triage", serial="PF1ABC23")
    log, _parsed = read_log(one_drive_log(extra=sysinfo(logged)), None)
    erasures, _skipped = import_log(device, None, log)
    assert len(erasures) == 1


# (device's record, log) -> the differences shown, or [] when the log is imported
MISMATCH_CASES = [
    ("machine serial differs", dict(serial="PF1XYZ99"), "system_serial.log",
     ["Machine serial number: expected PF1XYZ99, found PF1ABC23."]),
    ("machine serial, typed in lower case", dict(serial="pf1 abc23"), "system_serial.log", []),
    ("no machine serial recorded", dict(serial=""), "system_serial.log", []),
    ("recorded drive, other model and size",
     dict(drive=("S3YJNB0K771204X", "WDC WD5000LPVX", 500)), "system_serial.log", [
         "Model of drive S3YJNB0K771204X: expected WDC WD5000LPVX, found Samsung SSD 860 EVO "
         "250GB.",
         "Size of drive S3YJNB0K771204X: expected 500 GB, found 250 GB."]),
    ("recorded drive, model typed short", dict(drive=("S3YJNB0K771204X", "Samsung 860 EVO", 250)),
     "system_serial.log", []),
    ("triage says a 1 TB hard disk", dict(storage_type="HDD", storage_gb=1000),
     "passed_single.log", ["Drive type (triage): expected HDD, found SSD.",
                           "Storage size (triage): expected 1000 GB, found 250 GB."]),
    ("triage size as Windows shows it (GiB)", dict(storage_type="SSD", storage_gb=233),
     "passed_single.log", []),
    ("triage calls an NVMe drive SSD", dict(storage_type="SSD", storage_gb=256),
     "aborted_by_user.log", []),
]


def prepared(make, record):
    record = dict(record)
    drive = record.pop("drive", None)
    device = device_with(make, "triage", **record)
    if drive:  # an earlier, failed run recorded the drive
        erase(device, drive[0], "clear", "failed", drive_model=drive[1], drive_size_gb=drive[2])
    return fresh(device)


@pytest.mark.parametrize("case, record, name, differences", MISMATCH_CASES,
                         ids=[c[0] for c in MISMATCH_CASES])
def test_a_log_is_checked_against_the_device(db, make, case, record, name, differences):
    device = prepared(make, record)
    before = snapshot(device)
    log, _parsed = read_log(load(name), None, name)
    if differences:
        with pytest.raises(LogMismatch) as refused:
            import_log(device, None, log)
        assert [str(r) for r in refused.value.reasons] == [
            "This log does not match the device: nothing was recorded."] + differences
        assert snapshot(device) == before
    else:
        erasures, _skipped = import_log(device, None, log)
        assert len(erasures) == 1


def test_a_refused_upload_keeps_nothing_and_shows_the_differences(db, make, client, login):
    login("technician")
    device = prepared(make, dict(serial="PF1XYZ99"))
    before = snapshot(device)
    response = client.post("/d/%s/erasure/log" % device.asset_tag,
                           content_type="multipart/form-data",
                           data={"log": (io.BytesIO(load("system_serial.log")), "nwipe.log")})
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "This log does not match the device: nothing was recorded." in page
    assert "Machine serial number: expected PF1XYZ99, found PF1ABC23." in page
    assert snapshot(device) == before and ErasureLog.select().count() == 0


def test_the_differences_are_in_french_by_default(db, make):
    device = prepared(make, dict(serial="PF1XYZ99"))
    with force_locale("fr"):
        with pytest.raises(LogMismatch) as refused:
            receive_log(device, None, load("system_serial.log"))
        assert [str(r) for r in refused.value.reasons] == [
            "Ce journal ne correspond pas à l’appareil : rien n’a été enregistré.",
            "Numéro de série de la machine : attendu PF1XYZ99, trouvé PF1ABC23."]
    assert ErasureLog.select().count() == 0


def test_a_matching_upload_is_imported(db, make):
    device = prepared(make, dict(serial="PF1ABC23", storage_type="SSD", storage_gb=250))
    with force_locale("en"):
        _log, erasures, _skipped = receive_log(device, None, load("system_serial.log"))
    assert [e.drive_serial for e in erasures] == ["S3YJNB0K771204X"]


def test_one_serial_erased_on_two_devices_is_flagged_on_both_and_in_the_list(db, make, client,
                                                                             login):
    first, second = make.device("triage"), make.device("triage")
    erase(first, "WD-WCC6Y3KX1234", "clear", technique="overwrite", drive_type="HDD")
    # Not refused: the drive may have moved; the second record is kept.
    erase(second, "WD-WCC6Y3KX1234", "clear", technique="overwrite", drive_type="HDD")
    erase(second, "OTHER-1", "purge")
    assert Erasure.select().where(Erasure.device == second.id).count() == 2
    login("viewer")
    for device, other in ((first, second), (second, first)):
        page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
        assert ("Drive WD-WCC6Y3KX1234 is also recorded as erased on %s" % other.asset_tag
                in page)
        assert "also erased on %s" % other.asset_tag in page
        assert "OTHER-1 is also" not in page
    listing = client.get("/drives").get_data(as_text=True)
    several = listing.split("Drive serials erased on several devices")[1]
    assert "WD-WCC6Y3KX1234" in several and first.asset_tag in several
    assert second.asset_tag in several and "OTHER-1" not in several
