"""Receiving devices into a donation."""
from flask_babel import lazy_gettext as _l

from . import asset_tags
from .db import database
from .models import CATEGORIES, Device, Event, now

MAX_RECEIVE = 2000


class IntakeError(Exception):
    """Refused input; the message is for the user."""


def receive_devices(donation, count, user, category="laptop", make="", model=""):
    """Create count devices with consecutive tags in one transaction; return them."""
    if not isinstance(count, int) or not 1 <= count <= MAX_RECEIVE:
        raise IntakeError(_l("Give a number of devices between 1 and %(max)d.", max=MAX_RECEIVE))
    if category not in CATEGORIES:
        raise IntakeError(_l("Unknown category."))
    at = now()
    with database.atomic():
        tags = asset_tags.take(count)
        rows = [{"asset_tag": tag, "donation": donation.id, "category": category,
                 "make": make.strip(), "model": model.strip(), "status": "received",
                 "received_at": at, "status_changed_at": at, "created_at": at}
                for tag in tags]
        for start in range(0, len(rows), 200):
            Device.insert_many(rows[start:start + 200]).execute()
        devices = list(Device.select().where(Device.asset_tag.in_(tags)).order_by(Device.id))
        Event.insert_many([
            {"device": d.id, "at": at, "user": user, "kind": "status", "from_status": "",
             "to_status": "received", "note": "", "data": None}
            for d in devices]).execute()
    return devices
