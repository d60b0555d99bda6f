"""What the device page shows of the hotline: the device's reservation and its handovers."""
from dataclasses import dataclass

from peewee import JOIN

from ..models import Beneficiary, Handover, Partner, Request
from .requests import reservation_of


@dataclass
class HotlinePanel:
    handovers: list
    reserved_for: object = None  # the Request the device is reserved for
    personal: bool = False  # whether names and links to people are shown


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
    return HotlinePanel(handovers=handovers, reserved_for=reserved_for, personal=personal)


def _reservation_with_people(device):
    """reservation_of(device), with its partner and beneficiary."""
    return (Request.select(Request, Partner, Beneficiary)
            .join(Partner, on=(Request.partner == Partner.id))
            .switch(Request)
            .join(Beneficiary, JOIN.LEFT_OUTER, on=(Request.beneficiary == Beneficiary.id))
            .where((Request.device == device.id) & (Request.status == "reserved"))
            .order_by(Request.id.desc()).first())
