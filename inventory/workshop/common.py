"""What the workshop's use cases share: their error and the device version bump."""
from ..errors import Refused
from ..lifecycle import StaleVersion
from ..models import Device


class WorkshopError(Refused):
    """Refused workshop input."""


def bump(device):
    """Take the device's version, so a concurrent edit is told it changed."""
    updated = (Device.update(version=Device.version + 1)
               .where((Device.id == device.id) & (Device.version == device.version)).execute())
    if updated != 1:
        raise StaleVersion()
    device.version += 1
