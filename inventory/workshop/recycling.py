"""Recycling: single devices and batches handed to a recycler with a waste slip."""
import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from .. import lifecycle
from ..intake import siret as sirets
from ..db import database
from ..models import Device, Event, RecyclingBatch
from .common import WorkshopError
from ..vocabulary import term

def create_batch(user, recycler_name, recycler_siret, shipped_on, weight_kg,
                 waste_slip_reference):
    """Open a recycling batch; its devices are added next, then it ships."""
    name = " ".join((recycler_name or "").split())[:200]
    siret = sirets.normalise(recycler_siret)
    reference = (waste_slip_reference or "").strip()[:100]
    if not name:
        raise WorkshopError(_l("The recycler's name is needed."))
    if siret and not sirets.is_valid(siret):
        raise WorkshopError(_l("A SIRET number has 14 digits (and a valid check digit)."))
    if not reference:
        raise WorkshopError(_l("The waste slip reference is needed."))
    if not isinstance(shipped_on, datetime.date):
        raise WorkshopError(_l("The shipping date is needed."))
    if weight_kg is not None and not Decimal("0") <= weight_kg < Decimal("10000000"):
        raise WorkshopError(_l("The weight must be a positive number of kilograms."))
    return RecyclingBatch.create(recycler_name=name, recycler_siret=siret, shipped_on=shipped_on,
                                 weight_kg=weight_kg, waste_slip_reference=reference,
                                 created_by=user)


def batch_devices(batch):
    return list(Device.select().where(Device.recycling_batch == batch.id)
                .order_by(Device.asset_tag))


def is_shipped(batch):
    return (Device.select().where((Device.recycling_batch == batch.id)
                                  & (Device.status == "recycled")).exists())


def open_batches():
    shipped = (Device.select(Device.recycling_batch)
               .where(Device.recycling_batch.is_null(False) & (Device.status == "recycled")))
    return list(RecyclingBatch.select().where(RecyclingBatch.id.not_in(shipped))
                .order_by(RecyclingBatch.shipped_on.desc(), RecyclingBatch.id.desc()))


def _set_batch(device, batch_id, user, note):
    updated = (Device.update(recycling_batch=batch_id, version=Device.version + 1)
               .where((Device.id == device.id) & (Device.version == device.version)).execute())
    if updated != 1:
        raise lifecycle.StaleVersion()
    Event.create(device=device.id, user=user, kind="recycling", note=note,
                 data={"batch": batch_id})
    device.recycling_batch, device.version = batch_id, device.version + 1


def add_device(batch, tag, user):
    """Put the device with this tag (or scanned label URL) in an open batch; return it."""
    tag = (tag or "").strip().rstrip("/").rsplit("/", 1)[-1]
    with database.atomic():
        if is_shipped(batch):
            raise WorkshopError(_l("This batch has shipped: open a new one."))
        device = Device.by_tag(tag)
        if device is None:
            raise WorkshopError(_l("No device has the tag %(tag)s.", tag=tag))
        if device.recycling_batch_id == batch.id:
            raise WorkshopError(_l("%(tag)s is already in this batch.", tag=device.asset_tag))
        if device.recycling_batch_id is not None:
            raise WorkshopError(_l("%(tag)s is already in another batch.", tag=device.asset_tag))
        if "recycled" not in lifecycle.allowed_moves(device.status):
            raise WorkshopError(_l("%(tag)s cannot be recycled from “%(status)s”.",
                                   tag=device.asset_tag, status=term("status", device.status)))
        # Every drive still in it, each named, as the batch's shipping will ask.
        problems = lifecycle.storage_problems(lifecycle.current_erasures(device),
                                              lifecycle.removed_serials(device))
        if problems:
            raise lifecycle.MoveRefused(*[_l("%(tag)s: %(reason)s", tag=device.asset_tag,
                                             reason=reason) for reason in problems])
        _set_batch(device, batch.id, user, batch.waste_slip_reference)
    return device


def remove_device(batch, device, user):
    with database.atomic():
        if is_shipped(batch):
            raise WorkshopError(_l("This batch has shipped: its devices stay in it."))
        if device.recycling_batch_id != batch.id:
            raise WorkshopError(_l("%(tag)s is not in this batch.", tag=device.asset_tag))
        _set_batch(device, None, user, batch.waste_slip_reference)


def ship_batch(batch, user):
    """Move every device of the batch to recycled, all or none; return how many.

    Raises MoveRefused listing each device that may not go, prefixed by its tag.
    """
    with database.atomic():
        if is_shipped(batch):
            raise WorkshopError(_l("This batch has already shipped."))
        devices = batch_devices(batch)
        if not devices:
            raise WorkshopError(_l("Add the devices to the batch first."))
        reference = batch.waste_slip_reference
        reasons = []
        for device in devices:
            for reason in lifecycle.refusals(device, "recycled", recycler_reference=reference):
                reasons.append(_l("%(tag)s: %(reason)s", tag=device.asset_tag, reason=reason))
        if reasons:
            raise lifecycle.MoveRefused(*reasons)
        for device in devices:
            lifecycle.move(device, "recycled", user, note=reference,
                           changes={"recycler_reference": reference},
                           data={"batch": batch.id}, recycler_reference=reference)
    return len(devices)


def recycle_device(device, user, recycler_reference, note=""):
    """Send one device to the recycler now, with the recycler's reference."""
    reference = (recycler_reference or "").strip()[:100]
    return lifecycle.move(device, "recycled", user, note=note,
                          changes={"recycler_reference": reference},
                          recycler_reference=reference)
