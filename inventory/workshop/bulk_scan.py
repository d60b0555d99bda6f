"""Bulk scanning: one action applied to device after device, each through its use case.

An action is chosen on the page or by scanning its card (a code such as
ACTION:READY or ACTION:MOVE:Shelf 3). Each scan then names one device and
gives one line for the running list: done, or refused and why.
"""
from typing import NamedTuple

from flask_babel import gettext as _, lazy_gettext as _l
from peewee import fn

from .. import lifecycle, permissions
from .checklists import all_ok, record_check
from ..db import database
from ..errors import Refused
from ..devices.edit import edit_device
from .erasure import record_erasure, record_no_storage
from ..labels.sheets import ActionCard
from ..models import Device, Erasure
from .recycling import recycle_device
from ..devices.scanning import ACTION_PREFIX, find
from ..vocabulary import term

ACTIONS = ("erased", "checked", "move", "ready", "recycled")
ACTION_LABELS = {
    "erased": _l("Erasure verified, every drive"),
    "checked": _l("Quality check passed"),
    "move": _l("Move to a location"),
    "ready": _l("Ready"),
    "recycled": _l("Recycled"),
}
# Methods a scan may record (NIST SP 800-88), and "no storage" for machines without a drive.
ERASE_METHODS = ("clear", "purge", "destroy", "no_storage")
CHECK_STATUSES = ("triage", "refurbishing")
MAX_PARAM = 100


class Action(NamedTuple):
    """An action and its parameter: erasure method, location, or recycler's reference."""

    name: str
    param: str = ""

    @classmethod
    def make(cls, name, param=""):
        """Build an action from what a person gave; None when it is not one."""
        name = (name or "").strip().lower()
        if name not in ACTIONS:
            return None
        param = " ".join((param or "").split())[:MAX_PARAM]
        if name == "erased":
            param = param.lower().replace("-", "_")
            if param not in ERASE_METHODS:
                return None
        elif name in ("checked", "ready"):
            param = ""
        return cls(name, param)

    @classmethod
    def from_code(cls, code):
        """The action an action card's code names (ACTION:NAME[:PARAM]), or None."""
        text = (code or "").strip()
        if not text.upper().startswith(ACTION_PREFIX):
            return None
        name, _sep, param = text[len(ACTION_PREFIX):].partition(":")
        return cls.make(name, param)

    @property
    def code(self):
        param = self.param.upper() if self.name == "erased" else self.param
        return ACTION_PREFIX + self.name.upper() + (":" + param if param else "")

    @property
    def needs_param(self):
        """Move and recycle need a location or a reference before a device is scanned."""
        return self.name in ("move", "recycled") and not self.param

    @property
    def title(self):
        if self.name == "erased":
            return _("Erasure verified: %(method)s", method=term("method", self.param))
        if self.name == "move":
            return (_("Move to %(location)s", location=self.param) if self.param
                    else str(ACTION_LABELS["move"]))
        if self.name == "recycled" and self.param:
            return _("Recycled, reference %(reference)s", reference=self.param)
        return str(ACTION_LABELS[self.name])


class Line(NamedTuple):
    """One scan's result for the running list."""

    tag: str
    done: bool
    text: str


def action_cards(locations=()):
    """The printable cards: every action, one card per erasure method and per location."""
    actions = [Action("erased", method) for method in ERASE_METHODS]
    actions += [Action("checked"), Action("ready"), Action("recycled")]
    actions += [Action("move", location) for location in locations]
    return [ActionCard(action.title, action.code) for action in actions]


def known_locations(limit=40):
    """The locations devices are at now, most used first."""
    rows = (Device.select(Device.location, fn.COUNT(Device.id).alias("n"))
            .where(Device.location != "").group_by(Device.location)
            .order_by(fn.COUNT(Device.id).desc(), Device.location).limit(limit).tuples())
    return [location for location, _count in rows]


def scan(action, code, user):
    """Apply action to the device code names; return the Line for the running list."""
    found = find(code)
    label = found.device.asset_tag if found.device else found.code[:40]
    if found.kind != "device":
        return Line(label, False, str(_unfound_reason(found)))
    try:
        return Line(label, True, apply(action, found.device, user))
    except Refused as refused:
        return Line(label, False, " ".join(str(reason) for reason in refused.reasons))


def _unfound_reason(found):
    if found.kind == "reserved":
        return _l("A blank label: this device is not recorded yet. Open the tag to create it.")
    if found.kind == "several":
        return _l("Several devices have this serial number: scan the asset tag.")
    if found.kind == "action":
        return _l("Not an action this page knows.")
    return _l("Unknown code: no device has this tag or serial number.")


def apply(action, device, user):
    """Apply action to device as user; return what was done, or raise Refused."""
    if action.needs_param:
        raise Refused(_l("Give the location or the recycler's reference first."))
    status = {"ready": "ready", "recycled": "recycled"}.get(action.name)
    if status and user.role not in permissions.MOVE_ROLES.get(status, ()):
        raise Refused(_l("Your role may not make this move."))
    if action.name == "erased":
        return _erase(device, user, action.param)
    if action.name == "checked":
        if device.status not in CHECK_STATUSES:
            raise Refused(_l("The quality check is recorded during triage or refurbishing, "
                             "not while the device is “%(status)s”.",
                             status=term("status", device.status)))
        record_check(device, user, all_ok())
        return _("Quality check passed.")
    if action.name == "move":
        changed = edit_device(device, user, device.version, {"location": action.param})
        return (_("Moved to %(location)s.", location=action.param) if changed
                else _("Already at %(location)s.", location=action.param))
    if action.name == "ready":
        lifecycle.move(device, "ready", user)
        return _("Now: %(status)s.", status=term("status", "ready"))
    recycle_device(device, user, action.param)
    return _("Now: %(status)s.", status=term("status", "recycled"))


def _drives(device):
    """Each drive recorded on device as (serial, latest record, state in this round).

    state: passed, failed (and not destroyed since), or pending (no record this
    round, e.g. a returned machine's drive). Drives destroyed in an earlier
    round are gone and not listed.
    """
    records = list(Erasure.select().where((Erasure.device == device.id)
                                          & (Erasure.method != "no_storage"))
                   .order_by(Erasure.cycle, Erasure.created_at, Erasure.id))
    by_serial = {}
    for record in records:
        by_serial.setdefault(record.drive_serial, []).append(record)
    drives = []
    for serial, history in by_serial.items():
        this_round = [e for e in history if e.cycle == device.cycle]
        earlier = [e for e in history if e.cycle < device.cycle]
        if not this_round and any(e.method == "destroy" and e.result == "passed"
                                  for e in earlier):
            continue
        state = lifecycle.drive_state(this_round)
        drives.append((serial, history[-1], "pending" if state == "missing" else state))
    return drives


def _erase(device, user, method):
    if method == "no_storage":
        record_no_storage(device, user)
        return _("Recorded: no storage present.")
    drives = _drives(device)
    if not drives:
        raise Refused(_l("No drive is recorded for this device: record its drives on its "
                         "page (or import the erasure log) first."))
    failed = [serial for serial, _record, state in drives if state == "failed"]
    if failed and method != "destroy":
        raise Refused(_l("The erasure of drive %(drive)s failed: the drive must be destroyed "
                         "before the device can move on.", drive=failed[0]))
    todo = [(serial, record) for serial, record, state in drives if state != "passed"]
    if not todo:
        raise Refused(_l("Every drive of this device already has a passed erasure."))
    with database.atomic():
        for serial, record in todo:
            record_erasure(device, user, method, "passed", drive_serial=serial,
                           drive_model=record.drive_model, drive_type=record.drive_type,
                           drive_size_gb=record.drive_size_gb,
                           verification="full" if method != "destroy" else "none")
    return _("Erasure recorded (%(method)s): %(drives)s.", method=term("method", method),
             drives=", ".join(serial for serial, _record in todo))
