"""What the device page shows of the hotline: the device's reservation and its handovers."""
from dataclasses import dataclass, field

from peewee import JOIN

from ..models import Beneficiary, Handover, Partner, Request
from ..vocabulary import term
from .handover import accessory_items, reopenable
from .requests import reservation_of


@dataclass
class HotlinePanel:
    handovers: list
    reserved_for: object = None  # the Request the device is reserved for
    personal: bool = False  # whether names and links to people are shown
    reopen: dict = field(default_factory=dict)  # handover id: the request it may put back
    missing: dict = field(default_factory=dict)  # handover id: accessories not returned


def device_panel(device, personal):
    """The device's reservation and handovers, newest first; None when it has neither.

    personal: whether the reader may see who the beneficiaries are; only then are
    their records (and the request's partner) read, in the same queries.
    """
    if personal:
        handovers = Handover.select(Handover, Beneficiary).join(Beneficiary)
    else:
        handovers = Handover.select()
    handovers = list(handovers.where(Handover.device == device.id).order_by(Handover.id.desc()))
    reserved_for = None
    if device.status == "reserved":
        reserved_for = _reservation_with_people(device) if personal else reservation_of(device)
    if not handovers and reserved_for is None:
        return None
    missing = {h.id: [term("accessory", item) for item in accessory_items(h.missing_accessories)]
               for h in handovers}
    return HotlinePanel(handovers=handovers, reserved_for=reserved_for, personal=personal,
                        reopen=reopenable(handovers), missing=missing)


def _reservation_with_people(device):
    """reservation_of(device), with its partner and beneficiary."""
    return (Request.select(Request, Partner, Beneficiary)
            .join(Partner, on=(Request.partner == Partner.id))
            .switch(Request)
            .join(Beneficiary, JOIN.LEFT_OUTER, on=(Request.beneficiary == Beneficiary.id))
            .where((Request.device == device.id) & (Request.status == "reserved"))
            .order_by(Request.id.desc()).first())
