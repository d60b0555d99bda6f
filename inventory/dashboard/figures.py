"""The staff dashboard's figures, all computed for a given `today` (local date)."""
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, List, Optional

from flask_babel import lazy_gettext as _l
from peewee import JOIN, fn

from .. import lifecycle, localtime
from . import targets
from ..models import Beneficiary, Device, Donation, Donor, Event, Handover, Partner, Request

# The four flows the dashboard follows, and the status each one enters.
SERIES = ("received", "ready", "given", "recycled")
SERIES_STATUS = {"received": "received", "ready": "ready", "given": "handed_over",
                 "recycled": "recycled"}
SERIES_LABELS = {"received": _l("Devices received"), "ready": _l("Devices made ready"),
                 "given": _l("Devices given"), "recycled": _l("Devices recycled")}
WEEKS = 12


@dataclass
class DonorRow:
    name: str
    donations: int = 0
    # Devices per progress bucket (lifecycle.BUCKETS) and their "total".
    buckets: Dict[str, int] = field(default_factory=dict)

    @property
    def total(self):
        return self.buckets.get("total", 0)


@dataclass
class PartnerRow:
    name: str
    handovers: int = 0
    beneficiaries: int = 0
    waiting: int = 0


@dataclass
class Figures:
    today: datetime.date
    status_counts: List[tuple]
    total: int
    week: Dict[str, int]
    month: Dict[str, int]
    weekly: List[tuple]  # (monday, {series: count})
    donors: List[DonorRow]
    partners: List[PartnerRow]
    average_days: Optional[Decimal]
    handovers_timed: int
    targets: list = field(default_factory=list)


def monday(day):
    return day - datetime.timedelta(days=day.weekday())


def _flows(since, today):
    """Count status changes per series and local day, from since to today inclusive.

    Receptions count on the devices' date received: their donation's date, which an
    operator may correct after the devices were entered.
    """
    statuses = {status: name for name, status in SERIES_STATUS.items() if name != "received"}
    first, until = localtime.start_of(since), localtime.start_of(today + datetime.timedelta(days=1))
    moves = (Event.select(Event.to_status, Event.at)
             .where((Event.at >= first) & (Event.at < until)
                    & Event.to_status.in_(list(statuses)))
             .tuples())
    arrivals = (Device.select(Device.received_at)
                .where((Device.received_at >= first) & (Device.received_at < until)).tuples())
    per_day = {}
    for status, at in moves.iterator():
        key = (statuses[status], localtime.local_date(at))
        per_day[key] = per_day.get(key, 0) + 1
    for (at,) in arrivals.iterator():
        key = ("received", localtime.local_date(at))
        per_day[key] = per_day.get(key, 0) + 1
    return per_day


def _sum(per_day, first, last):
    totals = dict.fromkeys(SERIES, 0)
    for (name, day), count in per_day.items():
        if first <= day <= last:
            totals[name] += count
    return totals


def _donors():
    pairs, names = {}, {}
    query = (Device.select(Donor.id, Donor.name, Device.status, fn.COUNT(Device.id))
             .join(Donation, on=(Device.donation == Donation.id))
             .join(Donor, on=(Donation.donor == Donor.id))
             .group_by(Donor.id, Donor.name, Device.status).tuples())
    for donor_id, name, status, count in query:
        names[donor_id] = name
        pairs.setdefault(donor_id, []).append((status, count))
    rows = {donor_id: DonorRow(names[donor_id], buckets=lifecycle.bucket_counts(statuses))
            for donor_id, statuses in pairs.items()}
    donations = (Donation.select(Donation.donor, fn.COUNT(Donation.id))
                 .group_by(Donation.donor).tuples())
    for donor_id, count in donations:
        if donor_id in rows:
            rows[donor_id].donations = count
    return sorted(rows.values(), key=lambda r: (-r.total, r.name.lower()))


def _partners(today):
    rows = {}
    given = (Handover.select(Partner.id, Partner.name, fn.COUNT(Handover.id),
                             fn.COUNT(Handover.beneficiary.distinct()))
             .join(Beneficiary, on=(Handover.beneficiary == Beneficiary.id))
             .join(Partner, on=(Beneficiary.partner == Partner.id))
             .where(Handover.handed_on <= today)
             .group_by(Partner.id, Partner.name).tuples())
    for partner_id, name, handovers, beneficiaries in given:
        rows[partner_id] = PartnerRow(name, handovers, beneficiaries)
    waiting = (Request.select(Partner.id, Partner.name, fn.COUNT(Request.id))
               .join(Partner, on=(Request.partner == Partner.id))
               .where(Request.status == "waiting")
               .group_by(Partner.id, Partner.name).tuples())
    for partner_id, name, count in waiting:
        rows.setdefault(partner_id, PartnerRow(name)).waiting = count
    return sorted(rows.values(), key=lambda r: (-r.handovers, -r.waiting, r.name.lower()))


def _average_days(today):
    """Return (average days from reception to handover, handovers counted), up to today."""
    until = localtime.start_of(today + datetime.timedelta(days=1))
    query = (Event.select(Event.at, Device.received_at)
             .join(Device, JOIN.INNER, on=(Event.device == Device.id))
             .where((Event.to_status == "handed_over") & (Event.at < until)).tuples())
    seconds, count = 0.0, 0
    for at, received_at in query.iterator():
        seconds += max((at - received_at).total_seconds(), 0)
        count += 1
    if not count:
        return None, 0
    days = Decimal(seconds / count / 86400).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return days, count


def figures(today=None):
    """Return every figure of the dashboard as it stood at the end of today."""
    today = today or localtime.today()
    counts = Device.status_counts()
    this_monday = monday(today)
    first_week = this_monday - datetime.timedelta(weeks=WEEKS - 1)
    month_start = today.replace(day=1)
    per_day = _flows(min(first_week, month_start), today)
    weekly = [(first_week + datetime.timedelta(weeks=index),
               _sum(per_day, first_week + datetime.timedelta(weeks=index),
                    first_week + datetime.timedelta(weeks=index, days=6)))
              for index in range(WEEKS)]
    average, timed = _average_days(today)
    return Figures(
        today=today,
        status_counts=[(status, counts.get(status, 0)) for status in lifecycle.STATES],
        total=sum(counts.values()),
        week=_sum(per_day, this_monday, today),
        month=_sum(per_day, month_start, today),
        weekly=weekly, donors=_donors(), partners=_partners(today),
        average_days=average, handovers_timed=timed,
        targets=targets.progress_of_active(today))


def export_rows(data):
    """Return the figures as (section, item, measure, value) rows, for CSV and XLSX."""
    rows = [("status", status, "devices", count)
            for status, count in data.status_counts]
    rows.append(("status", "total", "devices", data.total))
    rows += [("this_week", name, "events", data.week[name]) for name in SERIES]
    rows += [("this_month", name, "events", data.month[name]) for name in SERIES]
    rows += [("weekly", week, name, values[name]) for week, values in data.weekly
             for name in SERIES]
    for donor in data.donors:
        rows += [("donor", donor.name, "donations", donor.donations),
                 ("donor", donor.name, "devices", donor.total)]
        rows += [("donor", donor.name, name, donor.buckets[name]) for name in lifecycle.BUCKETS]
    for partner in data.partners:
        rows += [("partner", partner.name, measure, getattr(partner, measure))
                 for measure in ("handovers", "beneficiaries", "waiting")]
    rows.append(("handover_delay", "average_days", "days", data.average_days))
    rows.append(("handover_delay", "handovers", "count", data.handovers_timed))
    for item in data.targets:
        name = item.target.name
        rows += [("target", name, "goal", item.goal), ("target", name, "done", item.done),
                 ("target", name, "needed_per_week", item.needed_per_week),
                 ("target", name, "current_per_week", item.current_per_week),
                 ("target", name, "projected_on", item.projected_on),
                 ("target", name, "ends_on", item.target.ends_on)]
    return rows
