"""Bulk inserts keep every value exactly, whatever characters it holds."""
import datetime

import pytest

from inventory.db import bulk_insert
from inventory.models import Device, Event

AWKWARD = ["tab\there", "line\nbreak", "carriage\rreturn", "back\\slash \\N", "", "'; DROP --",
           "émoji 💻 مرحبا", "\\.", "x" * 200]


@pytest.mark.parametrize("text", AWKWARD)
def test_text_survives_the_round_trip(db, make, text):
    donation = make.donation()
    at = datetime.datetime(2026, 11, 2, 9, 30, 15, 123456)
    bulk_insert(Device, ("asset_tag", "donation", "model", "notes", "webcam", "ram_gb",
                         "received_at"),
                [("BULK-1", donation.id, text, text, True, None, at)])
    device = Device.get(Device.asset_tag == "BULK-1")
    assert (device.model, device.notes, device.webcam, device.ram_gb, device.received_at) == (
        text, text, True, None, at)
    assert device.status == "received" and device.version == 1  # defaults filled in


def test_json_and_nulls(db, make):
    device = make.device()
    bulk_insert(Event, ("device", "kind", "to_status", "note", "data", "user"),
                [(device.id, "note", "", "a\tb", {"k": "v\n"}, None)])
    event = Event.select().where(Event.kind == "note").get()
    assert (event.note, event.data, event.user_id) == ("a\tb", {"k": "v\n"}, None)
