"""What the device page shows of the workshop: its records, what is missing, the next step."""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .. import lifecycle
from .checklists import failed_items, parts_used
from .erasure import ERASURE_STATUSES, warnings
from ..models import Erasure
from .triage import components_text


@dataclass
class NextStep:
    """One big button: a link (endpoint) or a one-tap move (move_to)."""

    text: object
    endpoint: str = ""
    move_to: str = ""
    hint: object = None


@dataclass
class WorkshopState:
    device: object
    erasures: list = field(default_factory=list)
    earlier_erasures: int = 0
    warnings: list = field(default_factory=list)
    storage_problems: list = field(default_factory=list)
    check: object = None
    failed_items: list = field(default_factory=list)
    check_problems: list = field(default_factory=list)
    parts_used: list = field(default_factory=list)
    parts_taken: str = ""
    next_step: NextStep | None = None

    @property
    def ready_missing(self):
        """What stands between the device and ready, in the guards' own words."""
        if self.device.status not in ("triage", "refurbishing"):
            return []
        return self.storage_problems + self.check_problems


def _step(device, erasures, storage, checks):
    status = device.status
    if status in ("received", "returned"):
        return NextStep(_l("Triage: record what it is"), endpoint="workshop.triage",
                        hint=_l("A new round: it needs a new erasure and checklist.")
                        if status == "returned" else None)
    erase = NextStep(_l("Record a drive's erasure"), endpoint="workshop.erasure")
    if status == "triage":
        decision = device.triage_decision
        if not decision:
            return NextStep(_l("Triage: record what it is"), endpoint="workshop.triage")
        if decision == "refurbish":
            if lifecycle.failed_erasure_problems(erasures):
                return erase
            return NextStep(lifecycle.MOVE_LABELS["refurbishing"], move_to="refurbishing")
        if decision == "parts":
            return NextStep(lifecycle.MOVE_LABELS["parts"], endpoint="workshop.parts")
        return erase if storage else NextStep(lifecycle.MOVE_LABELS["recycled"],
                                              endpoint="recycling.device")
    if status == "refurbishing":
        if storage:
            return erase
        if checks:
            return NextStep(_l("Quality checklist"), endpoint="workshop.checklist")
        return NextStep(lifecycle.MOVE_LABELS["ready"], move_to="ready")
    if status == "parts":
        return erase if storage else NextStep(lifecycle.MOVE_LABELS["recycled"],
                                              endpoint="recycling.device")
    return None


def state(device, erasures, check):
    """Everything the workshop panel and the next-step button need for device.

    erasures, check: the round's erasures and latest checklist, read once by the caller.
    """
    in_workshop = device.status in ERASURE_STATUSES
    storage = lifecycle.storage_problems(erasures)
    checks = lifecycle.check_problems(check)
    earlier = (Erasure.select().where((Erasure.device == device.id)
                                      & (Erasure.cycle < device.cycle)).count())
    return WorkshopState(
        device=device, erasures=erasures, earlier_erasures=earlier,
        warnings=warnings(erasures), storage_problems=storage if in_workshop else [],
        check=check, failed_items=failed_items(check) if check else [],
        check_problems=checks, parts_used=parts_used(device),
        parts_taken=components_text(device.parts_taken),
        next_step=_step(device, erasures, storage, checks))
