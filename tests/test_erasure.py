"""Erasures per drive: the record, the flash-memory warning, failed drives, nwipe imports."""
import hashlib
import io
from pathlib import Path

import pytest

from inventory import lifecycle
from inventory.workshop.erasure import import_log, read_log, record_erasure, record_no_storage, warnings
from inventory.models import Device, Erasure, ErasureLog, Event
from inventory.workshop.common import WorkshopError

from .test_nwipe import one_drive_log

DATA = Path(__file__).parent / "data" / "nwipe"


pytestmark = pytest.mark.usefixtures("english")


def fresh(device):
    return Device.get_by_id(device.id)


def erasures_of(device):
    return list(Erasure.select().where(Erasure.device == device.id).order_by(Erasure.id))


GOOD = dict(method="purge", result="passed", drive_serial="S1", technique="crypto_erase",
            drive_type="SSD", verification="full")


@pytest.mark.parametrize("changes, message", [
    (dict(method="wipe"), "Unknown erasure method."),
    (dict(result=""), "Say whether the erasure passed or failed."),
    (dict(drive_serial="  "), "The drive's serial number is needed."),
    (dict(technique="magnet"), "Unknown erasure technique."),
    (dict(method="clear", technique="crypto_erase"), "does not fit the method"),
    (dict(method="destroy", technique="overwrite"), "does not fit the method"),
    (dict(method="purge", technique="shredding"), "does not fit the method"),
    (dict(drive_type="floppy"), "Unknown drive type."),
    (dict(verification="maybe"), "Unknown verification."),
    (dict(passes=-1), "passes must be between 0 and 100"),
], ids=lambda value: str(value)[:30])
def test_bad_input_is_refused_and_changes_nothing(db, make, changes, message):
    device = make.device("triage")
    with pytest.raises(WorkshopError) as refused:
        record_erasure(device, None, **dict(GOOD, **changes))
    assert message in str(refused.value)
    assert erasures_of(device) == []
    assert fresh(device).version == device.version


def test_an_erasure_ending_before_it_started_is_refused(db, make):
    import datetime
    device = make.device("triage")
    start = datetime.datetime(2026, 1, 2, 10, 0)
    with pytest.raises(WorkshopError):
        record_erasure(device, None, started_at=start,
                       ended_at=start - datetime.timedelta(minutes=1), **GOOD)


@pytest.mark.parametrize("status", ["ready", "reserved", "handed_over", "returned", "recycled"])
def test_erasures_are_recorded_only_in_the_workshop(db, make, status):
    device = make.device(status)
    with pytest.raises(WorkshopError):
        record_erasure(device, None, **GOOD)


def test_a_recorded_erasure_keeps_every_field_and_adds_an_event(db, make):
    device = make.device("refurbishing")
    tech = make.technician
    erasure = record_erasure(device, tech.id, tool="hdparm", tool_version="9.65", passes=1,
                             note="done", drive_model="Crucial MX500", drive_size_gb=500, **GOOD)
    stored = Erasure.get_by_id(erasure.id)
    assert (stored.drive_serial, stored.method, stored.technique, stored.result, stored.tool,
            stored.tool_version, stored.passes, stored.verification, stored.technician_id,
            stored.cycle) == ("S1", "purge", "crypto_erase", "passed", "hdparm", "9.65", 1,
                              "full", tech.id, 1)
    last = Event.select().where(Event.device == device.id).order_by(Event.id.desc()).first()
    assert (last.kind, last.data["drive"], last.data["result"]) == ("erasure", "S1", "passed")
    assert fresh(device).version == device.version


@pytest.mark.parametrize("drive_type, method, technique, warned", [
    ("SSD", "clear", "overwrite", True),
    ("NVMe", "clear", "overwrite", True),
    ("eMMC", "clear", "", True),
    ("HDD", "clear", "overwrite", False),
    ("SSD", "purge", "crypto_erase", False),
    ("NVMe", "purge", "sanitize", False),
    ("SSD", "destroy", "shredding", False),
])
def test_flash_drives_only_overwritten_are_warned_about(db, make, drive_type, method, technique,
                                                        warned):
    device = make.device("refurbishing")
    record_erasure(device, None, method=method, technique=technique, drive_type=drive_type,
                   result="passed", drive_serial="D1")
    found = [str(w) for w in warnings(fresh(device))]
    assert bool(found) is warned
    if warned:
        assert "NIST SP 800-88" in found[0] and "D1" in found[0]
    # The storage guard is satisfied; ready's own flash rule refuses (test_erasure_chain).
    assert lifecycle.storage_problems(lifecycle.current_erasures(fresh(device)), set()) == []


def test_a_later_purge_of_the_same_ssd_clears_the_warning(db, make):
    device = make.device("refurbishing")
    record_erasure(device, None, method="clear", technique="overwrite", drive_type="SSD",
                   result="passed", drive_serial="D1")
    record_erasure(device, None, method="purge", technique="sanitize", drive_type="SSD",
                   result="passed", drive_serial="D1")
    assert warnings(fresh(device)) == []


@pytest.mark.parametrize("target", ["refurbishing", "parts"])
def test_a_failed_erasure_blocks_moving_on_until_the_drive_is_destroyed(db, make, target):
    device = make.device("triage")
    make.erase(device, drive_serial="WD-9", result="failed", method="clear")
    with pytest.raises(lifecycle.MoveRefused) as refused:
        lifecycle.move(fresh(device), target, None)
    assert [str(r) for r in refused.value.reasons] == [
        "The erasure of drive WD-9 failed: the drive must be destroyed before the device can "
        "move on."]
    assert fresh(device).status == "triage"
    make.erase(fresh(device), drive_serial="WD-9", method="destroy", technique="drilling")
    lifecycle.move(fresh(device), target, None)
    assert fresh(device).status == target


def test_no_storage_is_one_record(db, make):
    device = make.device("triage")
    erasure = record_no_storage(device, None)
    assert (erasure.method, erasure.result, erasure.drive_serial) == ("no_storage", "passed", "")
    assert lifecycle.storage_problems(lifecycle.current_erasures(fresh(device)), set()) == []


# nwipe imports ------------------------------------------------------------------------------

def load(name):
    return (DATA / name).read_bytes()


@pytest.mark.parametrize("name, expected", [
    ("passed_single.log", [("S3YJNB0K512345L", "clear", "overwrite", "SSD", "passed", "full")]),
    ("failed_io_errors.log", [("Z3TABC12", "clear", "overwrite", "HDD", "failed", "full")]),
    ("aborted_by_user.log", [("79DS10ABCDEF", "clear", "overwrite", "NVMe", "failed", "full")]),
    ("three_drives_mixed.log", [
        ("WD-WCC6Y3KX1234", "clear", "overwrite", "HDD", "passed", "full"),
        ("50026B7782AB1234", "clear", "overwrite", "SSD", "failed", "full"),
        ("0x9c3a1b22", "clear", "overwrite", "eMMC", "passed", "full"),
    ]),
])
def test_an_nwipe_log_fills_in_one_erasure_per_drive(db, make, name, expected):
    device = make.device("triage")
    content = load(name)
    log, parsed = read_log(content, make.technician.id, name)
    erasures, skipped = import_log(device, make.technician.id, log)
    assert skipped == []
    assert [(e.drive_serial, e.method, e.technique, e.drive_type, e.result, e.verification)
            for e in erasures_of(device)] == expected
    assert all(e.log_id == log.id and e.tool.startswith("nwipe") and e.tool_version
               and e.technician_id == make.technician.id and e.started_at and e.ended_at
               for e in erasures_of(device))
    stored = ErasureLog.get_by_id(log.id)
    assert bytes(stored.content) == content
    assert stored.sha256 == hashlib.sha256(content).hexdigest() == parsed.sha256


def test_a_failed_drive_from_a_log_blocks_ready_and_names_the_drive(db, make):
    device = make.device("refurbishing")
    log, _parsed = read_log(load("three_drives_mixed.log"), None)
    import_log(device, None, log)
    make.check(fresh(device))
    with pytest.raises(lifecycle.MoveRefused) as refused:
        lifecycle.move(fresh(device), "ready", None)
    assert [str(r) for r in refused.value.reasons] == [
        "The erasure of drive 50026B7782AB1234 failed: the drive must be destroyed before the "
        "device can move on.",
        # The eMMC passed, but by overwriting only (DoD Short): not enough for flash memory.
        "Drive 0x9c3a1b22 is flash memory (SSD, NVMe or eMMC) and was only overwritten "
        "(Clear): NIST SP 800-88 asks for Purge (block erase, crypto erase or sanitize) or "
        "destruction. An admin may record an exception with its reason."]


@pytest.mark.parametrize("name, reason", [
    ("empty.log", "The file is empty."),
    ("binary.log", "not a text log"),
    ("not_nwipe.log", "This is not an nwipe log"),
    ("no_drive_wiped.log", "does not show any drive being wiped"),
    ("truncated.log", "interrupted or the file is incomplete"),
])
def test_an_unreadable_log_is_refused_with_the_reason_and_nothing_is_kept(db, make, name,
                                                                          reason):
    with pytest.raises(WorkshopError) as refused:
        read_log(load(name), None, name)
    assert reason in str(refused.value)
    assert ErasureLog.select().count() == 0


def test_the_same_log_is_kept_once_and_its_drives_imported_once(db, make):
    device = make.device("triage")
    first, _ = read_log(load("passed_single.log"), None)
    second, _ = read_log(load("passed_single.log"), None)
    assert first.id == second.id and ErasureLog.select().count() == 1
    import_log(device, None, first)
    with pytest.raises(WorkshopError) as refused:
        import_log(fresh(device), None, second)
    assert "already imported" in str(refused.value)
    assert len(erasures_of(device)) == 1


def test_one_log_split_between_two_machines(db, make):
    first, second = make.device("triage"), make.device("triage")
    log, _ = read_log(load("three_drives_mixed.log"), None)
    import_log(first, None, log, serials={"WD-WCC6Y3KX1234"})
    import_log(second, None, log, serials={"0x9c3a1b22"})
    assert [e.drive_serial for e in erasures_of(first)] == ["WD-WCC6Y3KX1234"]
    assert [e.drive_serial for e in erasures_of(second)] == ["0x9c3a1b22"]


@pytest.mark.parametrize("log, skipped", [
    (one_drive_log(method="Verify Zeros (0x00)"), "only verified, not erased"),
    (one_drive_log(serial="XXXXXXXX"), "no serial number"),
])
def test_drives_that_cannot_be_records_are_refused_with_the_reason(db, make, log, skipped):
    device = make.device("triage")
    kept, _ = read_log(log, None)
    with pytest.raises(WorkshopError) as refused:
        import_log(device, None, kept)
    assert skipped in str(refused.value)
    assert erasures_of(device) == []


def test_firmware_methods_are_purge_with_our_technique_names(db, make):
    device = make.device("triage")
    kept, _ = read_log(one_drive_log(method="Sanitize Crypto Erase (ATA/SCSI/NVMe)",
                                     kind=" ATA-SSD", model="CT500MX500SSD1"), None)
    import_log(device, None, kept)
    (erasure,) = erasures_of(device)
    assert (erasure.method, erasure.technique, erasure.drive_type) == (
        "purge", "crypto_erase", "SSD")
    assert warnings(fresh(device)) == []


# Over HTTP ----------------------------------------------------------------------------------

def upload(client, device, name):
    return client.post("/d/%s/erasure/log" % device.asset_tag, content_type="multipart/form-data",
                       data={"log": (io.BytesIO(load(name)), name)})


def test_upload_of_a_one_drive_log_records_it_and_warns_about_the_ssd(db, client, login, make):
    login("technician")
    device = make.device("triage")
    response = upload(client, device, "passed_single.log")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/d/%s" % device.asset_tag)
    assert [e.drive_serial for e in erasures_of(device)] == ["S3YJNB0K512345L"]
    page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert "NIST SP 800-88" in page
    assert "S3YJNB0K512345L" in page


def test_upload_of_a_multi_drive_log_asks_which_drives(db, client, login, make):
    login("technician")
    device = make.device("triage")
    response = upload(client, device, "three_drives_mixed.log")
    choose = response.headers["Location"]
    assert "/erasure/log/" in choose and erasures_of(device) == []
    page = client.get(choose).get_data(as_text=True)
    assert "WD-WCC6Y3KX1234" in page and "0x9c3a1b22" in page
    client.post(choose, data={"serials": ["WD-WCC6Y3KX1234", "50026B7782AB1234"]})
    assert [e.drive_serial for e in erasures_of(device)] == ["WD-WCC6Y3KX1234",
                                                              "50026B7782AB1234"]


def test_upload_of_an_unreadable_log_shows_the_reason(db, client, login, make):
    login("technician")
    device = make.device("triage")
    response = upload(client, device, "truncated.log")
    assert response.status_code == 200
    assert ErasureLog.select().count() == 0 and erasures_of(device) == []


def test_the_kept_log_downloads_byte_for_byte(db, client, login, make):
    login("viewer")
    log, _ = read_log(load("passed_single.log"), None)
    response = client.get("/erasure-logs/%d" % log.id)
    assert response.status_code == 200
    assert response.data == load("passed_single.log")
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_manual_erasure_form_and_no_storage_tap(db, client, login, make):
    login("technician")
    device = make.device("triage")
    response = client.post("/d/%s/erasure" % device.asset_tag, data={
        "drive_serial": "WX1", "drive_type": "HDD", "method": "clear", "technique": "overwrite",
        "verification": "full", "result": "passed", "passes": "1",
        "started_at": "2026-03-02T09:00", "ended_at": "2026-03-02T10:30"})
    assert response.status_code == 302
    (erasure,) = erasures_of(device)
    # Typed in Paris time (UTC+1 in March), stored in UTC.
    assert (erasure.drive_serial, erasure.started_at.hour, erasure.ended_at.hour) == ("WX1", 8, 9)
    other = make.device("triage")
    client.post("/d/%s/erasure/none" % other.asset_tag)
    assert [e.method for e in erasures_of(other)] == ["no_storage"]


def test_a_viewer_reads_the_form_but_cannot_record(db, client, login, make):
    login("viewer")
    device = make.device("triage")
    assert client.get("/d/%s/erasure" % device.asset_tag).status_code == 200
    assert client.post("/d/%s/erasure/none" % device.asset_tag).status_code == 403
    assert erasures_of(device) == []
