"""Campaign targets: setting them, and how far along each one is on a given day."""
import datetime
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from flask_babel import lazy_gettext as _l
from peewee import fn

from .. import localtime
from ..errors import Refused
from ..models import Device, Event, Handover, Target

METRICS = ("devices_given", "beneficiaries_reached", "devices_received")
MAX_GOAL = 1_000_000
# A forecast further away than this says "not within ten years" rather than a date.
HORIZON_DAYS = 3653


class TargetError(Refused):
    """Refused campaign target."""


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    done: int
    state: str  # upcoming, running, reached, ended
    needed_per_week: Optional[Decimal] = None
    current_per_week: Optional[Decimal] = None
    projected_on: Optional[datetime.date] = None

    @property
    def goal(self):
        return self.target.goal

    @property
    def remaining(self):
        return max(self.goal - self.done, 0)

    @property
    def percent(self):
        return min(100, self.done * 100 // self.goal) if self.goal else 0

    @property
    def on_track(self):
        """Whether the current pace reaches the goal by the end date (None when it cannot say)."""
        if self.state == "reached":
            return True
        if self.state != "running":
            return None
        return self.projected_on is not None and self.projected_on <= self.target.ends_on


def _events(status, first, last):
    return (Event.select().where(
        (Event.to_status == status) & (Event.at >= localtime.start_of(first))
        & (Event.at < localtime.start_of(last + datetime.timedelta(days=1)))).count())


def achieved(target, today):
    """Count what target measures between its start and today (or its end, if sooner)."""
    last = min(today, target.ends_on)
    if last < target.starts_on:
        return 0
    if target.metric == "devices_given":
        return _events("handed_over", target.starts_on, last)
    if target.metric == "devices_received":
        # On the devices' date received, as the dashboard's weeks count them.
        return (Device.select().where(
            (Device.received_at >= localtime.start_of(target.starts_on))
            & (Device.received_at < localtime.start_of(last + datetime.timedelta(days=1))))
            .count())
    if target.metric == "beneficiaries_reached":
        return (Handover.select(fn.COUNT(Handover.beneficiary.distinct()))
                .where((Handover.handed_on >= target.starts_on) & (Handover.handed_on <= last))
                .scalar() or 0)
    return 0


def _per_week(count, days):
    return (Decimal(count) * 7 / Decimal(days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def progress(target, today):
    """Return where target stands at the end of today, with the pace needed and the pace seen.

    Days are counted including today on both sides: `elapsed` days so far and
    `left` days to go, so on the first day the pace seen is that day's count.
    """
    done = achieved(target, today)
    total_days = (target.ends_on - target.starts_on).days + 1
    if done >= target.goal:
        return TargetProgress(target, done, "reached")
    if today < target.starts_on:
        return TargetProgress(target, done, "upcoming",
                              needed_per_week=_per_week(target.goal, total_days))
    if today > target.ends_on:
        return TargetProgress(target, done, "ended")
    elapsed = (today - target.starts_on).days + 1
    left = (target.ends_on - today).days + 1
    remaining = target.goal - done
    projected = None
    days = math.ceil(remaining * elapsed / done) if done else None
    if days is not None and days <= HORIZON_DAYS:
        projected = today + datetime.timedelta(days=days)
    return TargetProgress(target, done, "running", needed_per_week=_per_week(remaining, left),
                          current_per_week=_per_week(done, elapsed), projected_on=projected)


def progress_of_active(today):
    query = Target.select().where(Target.active).order_by(Target.ends_on, Target.id)
    return [progress(target, today) for target in query]


def save(target, name, metric, goal, starts_on, ends_on, active=True):
    """Create (target None) or change a target after checking its values; return it."""
    name = (name or "").strip()
    if not name:
        raise TargetError(_l("Give the target a name."))
    if metric not in METRICS:
        raise TargetError(_l("Unknown measure."))
    if not isinstance(goal, int) or not 1 <= goal <= MAX_GOAL:
        raise TargetError(_l("The goal must be a whole number between 1 and %(max)d.",
                             max=MAX_GOAL))
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise TargetError(_l("The end date must be on or after the start date."))
    target = target or Target()
    target.name, target.metric, target.goal = name[:200], metric, goal
    target.starts_on, target.ends_on, target.active = starts_on, ends_on, bool(active)
    target.save()
    return target
