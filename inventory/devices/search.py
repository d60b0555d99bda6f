"""The device list: search, filters, sort and pages, in a constant number of queries."""
from dataclasses import dataclass, field

from peewee import JOIN

from .tags import normalise
from ..db import page_of
from ..models import CATEGORIES, GRADES, Device, Donation, Donor

SORTS = {
    "tag": (Device.asset_tag,),
    "-tag": (Device.asset_tag.desc(),),
    "received": (Device.received_at, Device.id),
    "-received": (Device.received_at.desc(), Device.id.desc()),
    "status": (Device.status, Device.asset_tag),
    "model": (Device.make, Device.model, Device.asset_tag),
    "changed": (Device.status_changed_at.desc(), Device.id.desc()),
}
DEFAULT_SORT = "-received"
FILTERS = ("status", "category", "donation", "grade", "location")


@dataclass
class DeviceQuery:
    """What the person asked for; built from request args, turned back into them for links."""

    q: str = ""
    status: str = ""
    category: str = ""
    donation: int | None = None
    grade: str = ""
    location: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1
    ids: list = field(default_factory=list)

    @classmethod
    def from_args(cls, args):
        def number(name):
            value = (args.get(name) or "").strip()
            return int(value) if value.isdigit() else None
        sort = args.get("sort") or DEFAULT_SORT
        return cls(
            q=(args.get("q") or "").strip()[:100],
            status=(args.get("status") or "").strip(),
            category=args.get("category") if args.get("category") in CATEGORIES else "",
            donation=number("donation"),
            grade=args.get("grade") if args.get("grade") in GRADES else "",
            location=(args.get("location") or "").strip()[:100],
            sort=sort if sort in SORTS else DEFAULT_SORT,
            page=max(1, min(number("page") or 1, 100000)),
            ids=[int(i) for i in args.getlist("id") if i.isdigit()][:2000]
            if hasattr(args, "getlist") else [],
        )

    def args(self, **override):
        values = {"q": self.q, "status": self.status, "category": self.category,
                  "donation": self.donation, "grade": self.grade, "location": self.location,
                  "sort": self.sort if self.sort != DEFAULT_SORT else "", "page": self.page}
        values.update(override)
        return {k: v for k, v in values.items()
                if v not in ("", None) and not (k == "page" and v == 1)}

    @property
    def filtered(self):
        return any((self.q, self.status, self.category, self.donation, self.grade,
                    self.location, self.ids))


def select(query):
    """Devices matching query, with their donation and donor, sorted; no paging."""
    devices = (Device.select(Device, Donation, Donor)
               .join(Donation, JOIN.LEFT_OUTER).join(Donor, JOIN.LEFT_OUTER)
               .switch(Device))
    if query.ids:
        devices = devices.where(Device.id.in_(query.ids))
    for name in ("status", "category", "grade", "location"):
        if getattr(query, name):
            devices = devices.where(getattr(Device, name) == getattr(query, name))
    if query.donation:
        devices = devices.where(Device.donation == query.donation)
    if query.q:
        devices = devices.where(_matches(query.q))
    return devices.order_by(*SORTS[query.sort])


def _identified(text):
    """Ids of devices whose tag, serial or donor's tag is text: one indexed lookup each."""
    exact, tag = text.strip(), normalise(text)
    conditions = [Device.asset_tag == tag, Device.serial.in_({exact, tag}),
                  Device.donor_asset_tag == exact]
    if len(tag) >= 3:
        # A range instead of LIKE 'CC-001%', so both databases use the unique index.
        conditions.append((Device.asset_tag >= tag) & (Device.asset_tag < tag + "\uffff"))
    # A UNION, not an OR: the planners scan the whole table for the OR.
    queries = [Device.select(Device.id).where(c) for c in conditions]
    union = queries[0]
    for query in queries[1:]:
        union = union | query
    return [row.id for row in union.limit(1000)]


def _matches(text):
    """Identifier matches when there are any; else every word in make, model or donor."""
    # Fetched first (a handful of ids at most): as a subquery, the planners would walk
    # the whole list in order and test each row against it.
    identified = _identified(text)
    if identified:
        return Device.id.in_(identified)
    condition = None
    for word in text.split()[:5]:
        # contains() is ILIKE (LIKE on SQLite, case-insensitive for ASCII) and escapes % and _.
        donors = Donation.select(Donation.id).join(Donor).where(Donor.name.contains(word))
        matches = (Device.make.contains(word) | Device.model.contains(word)
                   | Device.donation.in_(donors))
        condition = matches if condition is None else condition & matches
    return condition


def page(query, size):
    """One page of devices and whether another follows (no COUNT over the whole table)."""
    return page_of(select(query), query.page, size)


def count(query):
    return select(query).order_by().count()
