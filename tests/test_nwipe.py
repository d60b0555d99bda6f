"""Reading nwipe / ShredOS erasure logs into per-drive erasure records."""

import dataclasses
import hashlib
from datetime import datetime
from pathlib import Path

import pytest

from inventory.workshop.nwipe import NwipeLogError, parse_nwipe_log

DATA = Path(__file__).parent / "data" / "nwipe"


def load(name):
    return (DATA / name).read_bytes()


def plain(drive):
    """Return a drive record as a dict, with its lazy note as text."""
    record = dataclasses.asdict(drive)
    record["note"] = None if drive.note is None else str(drive.note)
    return record


PASSED_SSD = dict(
    device="/dev/sda", serial="S3YJNB0K512345L", model="Samsung SSD 860 EVO 250GB",
    drive_type="SSD", size_bytes=250_059_350_016, nwipe_method="PRNG Stream",
    method="clear", technique="overwrite", passes=1, verification="full", result="passed",
    started_at=datetime(2024, 3, 14, 9, 2, 31), ended_at=datetime(2024, 3, 14, 10, 25, 2),
    errors=0, note=None, throughput_mb_s=184, system_serial=None,
)
FAILED_HDD = dict(
    device="/dev/sda", serial="Z3TABC12", model="ST500DM002-1BD142", drive_type="HDD",
    size_bytes=500_107_862_016, nwipe_method="Fill With Zeros", method="clear",
    technique="overwrite", passes=1, verification="full", result="failed",
    started_at=datetime(2023, 11, 7, 14, 10, 5), ended_at=datetime(2023, 11, 7, 14, 51, 12),
    errors=2, note="nwipe reported 2 errors (write, verification or sync).", throughput_mb_s=37,
    system_serial=None,
)
ABORTED_NVME = dict(
    device="/dev/nvme0n1", serial="79DS10ABCDEF", model="KXG60ZNV256G TOSHIBA",
    drive_type="NVMe", size_bytes=256_060_514_304, nwipe_method="DoD Short", method="clear",
    technique="overwrite", passes=3, verification="full", result="failed",
    started_at=datetime(2024, 5, 2, 16, 41, 20), ended_at=datetime(2024, 5, 2, 16, 47, 48),
    errors=0, note="Interrupted before the end (stopped by the user).", throughput_mb_s=1000,
    system_serial=None,
)
DOD_TWO_ROUNDS = dict(
    nwipe_method="DoD Short", method="clear", technique="overwrite", passes=6,
    verification="full", system_serial=None,
)
MIXED = [
    dict(DOD_TWO_ROUNDS, device="/dev/sda", serial="WD-WCC6Y3KX1234",
         model="WDC WD10EZEX-08WN4A0", drive_type="HDD", size_bytes=1_000_204_886_016,
         result="passed", started_at=datetime(2024, 9, 23, 8, 16, 10),
         ended_at=datetime(2024, 9, 23, 17, 49, 31), errors=0, note=None, throughput_mb_s=125),
    dict(DOD_TWO_ROUNDS, device="/dev/sdb", serial="50026B7782AB1234",
         model="KINGSTON SA400S37120G", drive_type="SSD", size_bytes=120_034_123_776,
         result="failed", started_at=datetime(2024, 9, 23, 8, 16, 11),
         ended_at=datetime(2024, 9, 23, 12, 20, 44), errors=12,
         note="nwipe reported 12 errors (write, verification or sync).", throughput_mb_s=103),
    dict(DOD_TWO_ROUNDS, device="/dev/mmcblk0", serial="0x9c3a1b22", model="DA4064",
         drive_type="eMMC", size_bytes=62_537_072_640, result="passed",
         started_at=datetime(2024, 9, 23, 8, 16, 11),
         ended_at=datetime(2024, 9, 23, 14, 58, 40), errors=0, note=None, throughput_mb_s=58),
]


@pytest.mark.parametrize(
    "name, version, drives",
    [
        ("passed_single.log", "0.35", [PASSED_SSD]),
        ("failed_io_errors.log", "0.34", [FAILED_HDD]),
        ("aborted_by_user.log", "0.36", [ABORTED_NVME]),
        ("three_drives_mixed.log", "0.37", MIXED),
    ],
)
def test_each_sample_log_gives_one_record_per_wiped_drive(name, version, drives):
    log = parse_nwipe_log(load(name))
    assert log.tool_version == version
    assert [plain(drive) for drive in log.drives] == drives


@pytest.mark.parametrize(
    "name, boot_stick", [("passed_single.log", "/dev/sdb"), ("three_drives_mixed.log", "/dev/sdc")]
)
def test_drives_found_but_not_wiped_such_as_the_boot_stick_are_left_out(name, boot_stick):
    devices = [drive.device for drive in parse_nwipe_log(load(name)).drives]
    assert boot_stick not in devices


def test_sha256_is_the_digest_of_the_exact_bytes():
    data = load("passed_single.log")
    assert parse_nwipe_log(data).sha256 == hashlib.sha256(data).hexdigest()
    assert parse_nwipe_log(data + b"\n").sha256 != hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    "data, reason",
    [
        (load("empty.log"), "The file is empty."),
        (b"\n  \n", "The file is empty."),
        (load("binary.log"), "The file is not a text log (it contains binary data)."),
        (load("not_nwipe.log"), "This is not an nwipe log: no nwipe log line was found."),
        (load("no_drive_wiped.log"), "The nwipe log does not show any drive being wiped."),
        (load("truncated.log"), "The nwipe log stops before its result table: the wipe was "
                                "interrupted or the file is incomplete."),
    ],
    ids=["empty", "blank", "binary", "not-nwipe", "no-drive", "truncated"],
)
def test_unreadable_logs_are_refused_with_a_reason(data, reason):
    with pytest.raises(NwipeLogError) as refused:
        parse_nwipe_log(data)
    assert [str(r) for r in refused.value.reasons] == [reason]


def test_a_log_over_the_size_limit_is_refused():
    with pytest.raises(NwipeLogError) as refused:
        parse_nwipe_log(load("passed_single.log"), max_bytes=1_000)
    assert "too large" in str(refused.value)


def one_drive_log(method="Fill With Zeros", status=" Erased ", device="/dev/sda",
                  kind=" ATA    ", model="ST500DM002-1BD142", serial="Z3TABC12",
                  verify="1 (last pass)", prefix="", extra=""):
    """Build the smallest log nwipe writes for one drive (no per-pass lines)."""
    short = device.rsplit("/", 1)[-1]
    return f"""\
[2024/01/08 09:00:00] {prefix}   info: nwipe 0.36
{extra}[2024/01/08 09:00:01] {prefix} notice: Found {device}, {kind}, {model}, 500 GB, S/N={serial}
[2024/01/08 09:00:02] {prefix} notice:   method   = {method}
[2024/01/08 09:00:02] {prefix} notice:   rounds   = 1
[2024/01/08 09:00:02] {prefix} notice:   verify   = {verify}
[2024/01/08 09:00:05] {prefix} notice: Invoking method '{method}' on {device}

********************************* Drive Status *********************************
!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number
--------------------------------------------------------------------------------
{short:>10} |{status}| 120 MB/s | 01:00:00 | {model[:17]}/{serial}
--------------------------------------------------------------------------------
[2024/01/08 10:00:06] Total Throughput 120 MB/s, {method}, 1R+B+VL
********************************************************************************
[2024/01/08 10:00:06]    info: Nwipe successfully completed. See summary table for details.
""".encode()


@pytest.mark.parametrize(
    "label, method, technique, passes",
    [
        ("Fill With Zeros", "clear", "overwrite", 1),
        ("Fill With Ones", "clear", "overwrite", 1),
        ("PRNG Stream", "clear", "overwrite", 1),
        ("DoD Short", "clear", "overwrite", 3),
        ("DoD 5220.22-M", "clear", "overwrite", 7),
        ("Gutmann Wipe", "clear", "overwrite", 35),
        ("RCMP TSSIT OPS-II", "clear", "overwrite", 8),
        ("HMG IS5 Enhanced", "clear", "overwrite", 3),
        ("Verify Zeros (0x00)", None, "verify_only", 0),
        ("Verify Ones  (0xFF)", None, "verify_only", 0),
        ("Secure Erase (ATA/NVMe)", "purge", "secure_erase", None),
        ("Sanitize Crypto Erase (ATA/SCSI/NVMe)", "purge", "crypto_erase", None),
        ("Sanitize Block Erase (ATA/SCSI/NVMe)", "purge", "block_erase", None),
        ("Sanitize Overwrite (ATA/SCSI/NVMe)", "purge", "sanitize_overwrite", None),
    ],
)
def test_methods_are_classed_as_nist_800_88_clear_or_purge(label, method, technique, passes):
    (drive,) = parse_nwipe_log(one_drive_log(method=label)).drives
    assert (drive.method, drive.technique, drive.passes) == (method, technique, passes)
    assert drive.nwipe_method == " ".join(label.split())


@pytest.mark.parametrize(
    "verify, verification",
    [("0 (off)", "none"), ("1 (last pass)", "full"), ("2 (all passes)", "full")],
)
def test_verification_modes_map_off_to_none_and_last_or_all_to_full(verify, verification):
    (drive,) = parse_nwipe_log(one_drive_log(verify=verify)).drives
    assert drive.verification == verification


@pytest.mark.parametrize(
    "device, kind, model, extra, drive_type",
    [
        ("/dev/sda", " ATA-SSD", "CT500MX500SSD1", "", "SSD"),
        ("/dev/sda", " ATA    ", "ST500DM002-1BD142", "", "HDD"),
        ("/dev/sda", " ATA    ", "ST500DM002-1BD142",
         "[2024/01/08 09:00:00] warning: Command not found. Install smartmontools !\n", "unknown"),
        ("/dev/nvme0n1", "NVME    ", "WDC PC SN530 SDBPNPZ-256G", "", "NVMe"),
        ("/dev/mmcblk0", " UNK    ", "DA4064", "", "eMMC"),
        ("/dev/sdb", " USB    ", "Generic Flash Disk", "", "unknown"),
    ],
)
def test_drive_type_comes_from_the_bus_and_device_name(device, kind, model, extra, drive_type):
    log = one_drive_log(device=device, kind=kind, model=model, extra=extra)
    assert parse_nwipe_log(log).drives[0].drive_type == drive_type


@pytest.mark.parametrize(
    "status, note",
    [
        ("-FAILED-", "nwipe reported a failure for this drive."),
        ("UABORTED", "Interrupted before the end (stopped by the user)."),
        ("INSANITY", "nwipe reported an inconsistent state for this drive."),
    ],
)
def test_every_status_but_erased_is_a_failure_with_a_reason(status, note):
    (drive,) = parse_nwipe_log(one_drive_log(status=status)).drives
    assert (drive.result, str(drive.note)) == ("failed", note)


def test_serials_anonymised_with_the_quiet_option_are_left_empty():
    (drive,) = parse_nwipe_log(one_drive_log(serial="XXXXXXXXXXXXXXX")).drives
    assert drive.serial is None
    assert drive.result == "passed"


def test_the_older_nwipe_prefix_before_the_level_is_understood():
    (drive,) = parse_nwipe_log(one_drive_log(prefix="nwipe:")).drives
    assert (drive.serial, drive.started_at) == ("Z3TABC12", datetime(2024, 1, 8, 9, 0, 5))
    assert drive.ended_at == datetime(2024, 1, 8, 10, 0, 5)


def test_runs_appended_to_one_log_file_are_kept_apart():
    log = parse_nwipe_log(load("failed_io_errors.log") + load("passed_single.log"))
    assert [(d.device, d.serial, d.result, d.nwipe_method) for d in log.drives] == [
        ("/dev/sda", "Z3TABC12", "failed", "Fill With Zeros"),
        ("/dev/sda", "S3YJNB0K512345L", "passed", "PRNG Stream"),
    ]
    assert log.tool_version == "0.35"


def test_a_completed_run_is_kept_when_a_later_run_in_the_file_was_cut_short():
    log = parse_nwipe_log(load("passed_single.log") + load("truncated.log"))
    assert [(d.serial, d.result) for d in log.drives] == [("S3YJNB0K512345L", "passed")]


def test_size_falls_back_to_the_rounded_size_nwipe_shows_when_no_exact_size_is_logged():
    (drive,) = parse_nwipe_log(one_drive_log()).drives
    assert drive.size_bytes == 500_000_000_000
