"""Which ready devices suit a request, best fit first."""
from dataclasses import dataclass, field

from ..models import Device

NEEDS = ("ram", "storage", "webcam", "keyboard")


@dataclass
class Match:
    device: Device
    missing: list = field(default_factory=list)  # needs from NEEDS the device does not meet
    ram_surplus: int = 0
    storage_surplus: int = 0

    @property
    def meets_every_need(self):
        return not self.missing

    def sort_key(self):
        # The smallest machine that does the job goes first: bigger ones stay for bigger needs.
        return (len(self.missing), self.ram_surplus, self.storage_surplus,
                self.device.received_at, self.device.id)


def _amount(need, available, name, missing):
    """Surplus of available over need; an unknown amount fails a stated need."""
    if available is None:
        if need:
            missing.append(name)
        return 0
    if need and available < need:
        missing.append(name)
        return 0
    return available - (need or 0)


def match(request, device):
    """How device meets request's need."""
    missing = []
    ram = _amount(request.min_ram_gb, device.ram_gb, "ram", missing)
    storage = _amount(request.min_storage_gb, device.storage_gb, "storage", missing)
    if request.needs_webcam and not device.webcam:
        missing.append("webcam")
    if request.keyboard_layout and device.keyboard_layout != request.keyboard_layout:
        missing.append("keyboard")
    return Match(device, missing, ram, storage)


def matches(request, limit=30):
    """Ready devices of the requested kind: those meeting every need first, then the smallest
    surplus of memory and storage, then the longest in stock."""
    devices = Device.select().where((Device.status == "ready")
                                    & (Device.category == request.category))
    ranked = sorted((match(request, device) for device in devices), key=Match.sort_key)
    return ranked[:limit]
