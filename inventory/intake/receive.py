"""Receiving devices into a donation."""
import datetime

from flask_babel import lazy_gettext as _l

from .. import localtime
from ..devices import tags as asset_tags
from ..db import bulk_insert, database
from ..errors import Refused
from ..models import CATEGORIES, Device, Event, now

MAX_RECEIVE = 2000
DEVICE_FIELDS = ("asset_tag", "donation", "category", "make", "model", "status", "received_at",
                 "status_changed_at", "created_at")
EVENT_FIELDS = ("device", "at", "user", "kind", "from_status", "to_status", "note", "data")


class IntakeError(Refused):
    """Refused reception of devices."""


# A donation's devices are dated by the donation, at midday where the organisation is: a
# working hour, on the same local day whatever the offset (summer time included).
RECEIVED_HOUR = 12


def received_at(received_on, at=None):
    """The stored (naive UTC) time a device that arrived on received_on was received.

    Never later than at (now): a donation received today is dated when it is entered.
    """
    at = at or now()
    local = datetime.datetime.combine(received_on, datetime.time(RECEIVED_HOUR),
                                      tzinfo=localtime.zone())
    return min(at, local.astimezone(localtime.UTC).replace(tzinfo=None))


def device_ids(tags):
    """{asset tag: device id} for the given tags."""
    found = {}
    for start in range(0, len(tags), 1000):
        found.update(Device.select(Device.asset_tag, Device.id)
                     .where(Device.asset_tag.in_(tags[start:start + 1000])).tuples())
    return found


def receive_devices(donation, count, user, category="laptop", make="", model=""):
    """Create count devices with consecutive tags in one transaction; return them."""
    if not isinstance(count, int) or not 1 <= count <= MAX_RECEIVE:
        raise IntakeError(_l("Give a number of devices between 1 and %(max)d.", max=MAX_RECEIVE))
    if category not in CATEGORIES:
        raise IntakeError(_l("Unknown category."))
    at = now()
    arrived = received_at(donation.received_on, at)
    user_id = getattr(user, "id", user)
    with database.atomic():
        tags = asset_tags.take(count)
        bulk_insert(Device, DEVICE_FIELDS, [
            (tag, donation.id, category, make.strip(), model.strip(), "received", arrived,
             arrived, at) for tag in tags])
        ids = device_ids(tags)
        bulk_insert(Event, EVENT_FIELDS, [
            (ids[tag], arrived, user_id, "status", "", "received", "", None) for tag in tags])
        devices = list(Device.select().where(Device.id.in_(list(ids.values())))
                       .order_by(Device.id))
    return devices
