"""Which ready devices suit a request, and in what order."""
import pytest

from inventory.hotline.matching import matches
from inventory.models import Request

from .factories import ready_device

# Each case: the request's need, the ready devices (name -> specs), the expected order.
CASES = {
    "smallest surplus first": (
        {"min_ram_gb": 8, "min_storage_gb": 128},
        {"big": dict(ram_gb=16, storage_gb=512), "exact": dict(ram_gb=8, storage_gb=128),
         "more_disk": dict(ram_gb=8, storage_gb=256)},
        ["exact", "more_disk", "big"]),
    "meeting every need beats a smaller machine": (
        {"min_ram_gb": 8},
        {"small": dict(ram_gb=4, storage_gb=128), "fits": dict(ram_gb=16, storage_gb=512)},
        ["fits", "small"]),
    "oldest in stock breaks ties": (
        {},
        {"new": dict(ram_gb=8, storage_gb=256, received_days_ago=1),
         "old": dict(ram_gb=8, storage_gb=256, received_days_ago=90),
         "middle": dict(ram_gb=8, storage_gb=256, received_days_ago=30)},
        ["old", "middle", "new"]),
    "webcam and keyboard are needs": (
        {"needs_webcam": True, "keyboard_layout": "azerty"},
        {"no_cam": dict(ram_gb=4, webcam=False, keyboard_layout="azerty"),
         "qwerty": dict(ram_gb=4, webcam=True, keyboard_layout="qwerty"),
         "both": dict(ram_gb=16, webcam=True, keyboard_layout="azerty")},
        ["both", "no_cam", "qwerty"]),
    "unknown memory fails a stated minimum": (
        {"min_ram_gb": 4},
        {"unknown": dict(ram_gb=None), "known": dict(ram_gb=32)},
        ["known", "unknown"]),
    "fewer unmet needs first": (
        {"min_ram_gb": 8, "min_storage_gb": 256, "needs_webcam": True},
        {"three": dict(ram_gb=4, storage_gb=128, webcam=False),
         "one": dict(ram_gb=8, storage_gb=256, webcam=False),
         "two": dict(ram_gb=4, storage_gb=128, webcam=True)},
        ["one", "two", "three"]),
}


@pytest.mark.parametrize("need,devices,expected", CASES.values(), ids=CASES.keys())
def test_matching_order(db, make, need, devices, expected):
    names = {}
    for name, specs in devices.items():
        names[ready_device(make, **specs).id] = name
    request = Request.create(partner=make.partner(), category="laptop", **need)
    assert [names[m.device.id] for m in matches(request)] == expected


def test_only_ready_devices_of_the_requested_kind(db, make):
    wanted = ready_device(make, ram_gb=8)
    ready_device(make, category="desktop", ram_gb=8)
    make.device("refurbishing")
    make.device("reserved")
    request = Request.create(partner=make.partner(), category="laptop")
    assert [m.device.id for m in matches(request)] == [wanted.id]


def test_what_is_missing_is_named(db, make):
    ready_device(make, ram_gb=4, storage_gb=64, webcam=False, keyboard_layout="qwerty")
    request = Request.create(partner=make.partner(), category="laptop", min_ram_gb=8,
                             min_storage_gb=128, needs_webcam=True, keyboard_layout="azerty")
    [found] = matches(request)
    assert found.missing == ["ram", "storage", "webcam", "keyboard"]
    assert not found.meets_every_need
