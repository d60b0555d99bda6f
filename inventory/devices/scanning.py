"""What a scanned code names, and devices created from blank pre-numbered labels."""
import re
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError, fn

from . import tags as asset_tags
from ..db import database
from ..errors import Refused
from ..models import CATEGORIES, Device, Donation, Event

MAX_CODE = 300
TAG_IN_URL = re.compile(r"^[a-z][a-z0-9+.-]*://[^/]*(?:/[^?#]*)?/d/([^/?#]+)", re.IGNORECASE)
ACTION_PREFIX = "ACTION:"
# A USB scanner set to a US keyboard, plugged into a French (AZERTY) computer,
# types the keys' French characters: "CC-00042" arrives as "CC)ààà'é". Used
# only when the code as typed names nothing.
AZERTY_AS_US = str.maketrans("&é\"'(-è_çà)aqwzAQWZ,", "1234567890-qazwQAZWM")


class ScanError(Refused):
    """Refused device creation from a scanned blank label."""


class Found(NamedTuple):
    """What a code names. kind: device, several, reserved, action, unknown or empty."""

    kind: str
    code: str
    devices: tuple = ()
    tag: str = ""

    @property
    def device(self):
        return self.devices[0] if self.devices else None


def clean(code):
    """The scanned text without surrounding blanks or control characters."""
    text = "".join(ch for ch in (code or "")[:MAX_CODE] if ch.isprintable())
    return text.strip()


def tag_in(code):
    """The asset tag a label URL (any host, any path prefix) carries, or None."""
    match = TAG_IN_URL.match(code)
    return asset_tags.normalise(match.group(1)) if match else None


def find(code):
    """Say what a scanned code names: an asset tag, a label URL, or a serial number."""
    code = clean(code)
    if not code:
        return Found("empty", code)
    if code.upper().startswith(ACTION_PREFIX):
        return Found("action", code)
    from_url = tag_in(code)
    found = _by_tag(code, from_url or asset_tags.normalise(code))
    if found is None and from_url is None:
        found = _by_serial(code)
    if found is None and from_url is None:
        garbled = code.translate(AZERTY_AS_US)
        if garbled != code:
            found = _by_tag(code, asset_tags.normalise(garbled))
    return found or Found("unknown", code)


def _by_tag(code, tag):
    if not tag or len(tag) > asset_tags.MAX_LENGTH:
        return None
    device = Device.by_tag(tag)
    if device is not None:
        return Found("device", code, (device,), device.asset_tag)
    if asset_tags.reserved_number(tag) is not None:
        return Found("reserved", code, (), tag)
    return None


def _by_serial(code):
    devices = list(Device.select().where(Device.serial == code).order_by(Device.asset_tag)
                   .limit(20))
    if not devices:
        devices = list(Device.select().where(fn.UPPER(Device.serial) == code.upper())
                       .order_by(Device.asset_tag).limit(20))
    if len(devices) == 1:
        return Found("device", code, tuple(devices), devices[0].asset_tag)
    if devices:
        return Found("several", code, tuple(devices))
    return None


def issued_blank(tag):
    """Whether tag was reserved for a blank label in exactly this form (prefix, digits)."""
    tag = asset_tags.normalise(tag)
    number = asset_tags.reserved_number(tag)
    return number is not None and asset_tags.format_tag(number) == tag


def create_from_blank(tag, user, donation_id=None, category="laptop"):
    """Create the device of a blank label's tag, status received, with its first event."""
    tag = asset_tags.normalise(tag)
    if category not in CATEGORIES:
        raise ScanError(_l("Unknown category."))
    donation = None
    if donation_id is not None:
        donation = Donation.get_or_none(Donation.id == donation_id)
        if donation is None:
            raise ScanError(_l("No donation has the number %(id)s.", id=donation_id))
    with database.atomic():
        if Device.by_tag(tag) is not None:
            raise ScanError(_l("The tag %(tag)s is already used by a device.", tag=tag))
        if not issued_blank(tag):
            raise ScanError(_l("The tag %(tag)s was never issued: check the label.", tag=tag))
        try:
            with database.atomic():  # a savepoint: a lost race leaves the transaction usable
                device = Device.create(asset_tag=tag, donation=donation, category=category,
                                       status="received")
        except IntegrityError:
            raise ScanError(_l("The tag %(tag)s is already used by a device.", tag=tag)) from None
        Event.create(device=device.id, at=device.created_at, user=user, kind="status",
                     from_status="", to_status="received", data={"blank_label": True})
    return device
