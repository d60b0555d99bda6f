"""What the device page shows of the workshop: its records, what is missing, the next step."""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .. import lifecycle
from .checklists import failed_items, parts_used
from .drives import duplicate_warnings, erased_elsewhere, may_take_exception, removed_from
from .erasure import ERASURE_STATUSES
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
    flash_problems: list = field(default_factory=list)
    removed_drives: list = field(default_factory=list)  # LooseDrive rows, any round
    erased_elsewhere: dict = field(default_factory=dict)  # serial -> other devices' tags
    exception_ids: set = field(default_factory=set)  # erasures an admin may make exceptions of
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
        return self.storage_problems + self.flash_problems + self.check_problems


def _step(device, erasures, removed, storage, checks, flash):
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
            if lifecycle.failed_erasure_problems(erasures, removed):
                return erase
            return NextStep(lifecycle.MOVE_LABELS["refurbishing"], move_to="refurbishing")
        if decision == "parts":
            if storage:
                # Harvesting opens the machine: its drives come out, and are tracked alone.
                return NextStep(_l("Take out a drive"), endpoint="workshop.remove_drive",
                                hint=_l("Or record its erasure: a machine goes to parts with "
                                        "each drive erased, destroyed or taken out."))
            return NextStep(lifecycle.MOVE_LABELS["parts"], endpoint="workshop.parts")
        return erase if storage else NextStep(lifecycle.MOVE_LABELS["recycled"],
                                              endpoint="recycling.device")
    if status == "refurbishing":
        if storage or flash:
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
    removed_drives = removed_from(device)
    removed = {r.drive.drive_serial for r in removed_drives if r.drive.cycle == device.cycle}
    storage = lifecycle.storage_problems(erasures, removed)
    checks = lifecycle.check_problems(check)
    earlier = (Erasure.select().where((Erasure.device == device.id)
                                      & (Erasure.cycle < device.cycle)).count())
    elsewhere = erased_elsewhere(device, erasures)
    flash = lifecycle.flash_problems(device, erasures, removed)
    return WorkshopState(
        device=device, erasures=erasures, earlier_erasures=earlier,
        warnings=duplicate_warnings(elsewhere), storage_problems=storage if in_workshop else [],
        flash_problems=flash,
        removed_drives=removed_drives, erased_elsewhere=elsewhere,
        exception_ids={e.id for e in erasures
                       if may_take_exception(e, device) and not e.exception_at},
        check=check, failed_items=failed_items(check) if check else [],
        check_problems=checks, parts_used=parts_used(device),
        parts_taken=components_text(device.parts_taken),
        next_step=_step(device, erasures, removed, storage, checks, flash))
