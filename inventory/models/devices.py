"""Donations, devices, their append-only history, and counters."""
from peewee import (
    JOIN, BooleanField, CharField, DateField, DateTimeField, DecimalField, ForeignKeyField,
    IntegerField,
    TextField, fn,
)

from .base import BaseModel, JSONField, now
from .people import Donor, User


class Counter(BaseModel):
    """Named gap-free sequences (asset tags, receipt numbers per year)."""

    name = CharField(max_length=64, unique=True)
    value = IntegerField(default=0)

    @classmethod
    def take(cls, name, count=1):
        """Reserve count numbers inside the caller's transaction; return the first."""
        cls.insert(name=name, value=0).on_conflict_ignore().execute()
        # The UPDATE takes the row lock, so concurrent callers queue here and
        # each sees the value the previous one committed.
        cls.update(value=cls.value + count).where(cls.name == name).execute()
        return cls.get(cls.name == name).value - count + 1

    @classmethod
    def peek(cls, name):
        row = cls.get_or_none(cls.name == name)
        return row.value if row else 0


class Donation(BaseModel):
    donor = ForeignKeyField(Donor, backref="donations", on_delete="RESTRICT")
    reference = CharField(max_length=100, default="")
    received_on = DateField()
    expected_count = IntegerField(null=True)
    notes = TextField(default="")
    wants_erasure_certificate = BooleanField(default=True)
    created_at = DateTimeField(default=now)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    version = IntegerField(default=1)

    @classmethod
    def latest(cls, count):
        """The latest donations received, as pickers show them: date, reference, donor's name."""
        return (cls.select(cls.id, cls.received_on, cls.reference, Donor.id, Donor.name)
                .join(Donor).order_by(cls.received_on.desc(), cls.id.desc()).limit(count))


class RecyclingBatch(BaseModel):
    recycler_name = CharField(max_length=200)
    recycler_siret = CharField(max_length=14, default="")
    shipped_on = DateField()
    weight_kg = DecimalField(max_digits=9, decimal_places=2, null=True)
    waste_slip_reference = CharField(max_length=100)
    created_at = DateTimeField(default=now)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")

    @classmethod
    def latest(cls, count=100):
        """The latest batches, by shipping date."""
        return list(cls.select().order_by(cls.shipped_on.desc(), cls.id.desc()).limit(count))


class Device(BaseModel):
    asset_tag = CharField(max_length=20, unique=True)
    donation = ForeignKeyField(Donation, null=True, backref="devices", on_delete="RESTRICT")
    category = CharField(max_length=16, default="laptop")
    make = CharField(max_length=100, default="")
    model = CharField(max_length=200, default="")
    serial = CharField(max_length=100, default="", index=True)
    donor_asset_tag = CharField(max_length=100, default="", index=True)
    cpu = CharField(max_length=200, default="")
    ram_gb = IntegerField(null=True)
    storage_type = CharField(max_length=8, default="")
    storage_gb = IntegerField(null=True)
    screen_inches = DecimalField(max_digits=4, decimal_places=1, null=True)
    keyboard_layout = CharField(max_length=8, default="")
    webcam = BooleanField(null=True)
    battery_health = IntegerField(null=True)
    os_found = CharField(max_length=100, default="")
    os_installed = CharField(max_length=100, default="")
    os_licence = CharField(max_length=24, default="")
    grade = CharField(max_length=1, default="")
    working = BooleanField(null=True)
    accessories = TextField(default="")
    location = CharField(max_length=100, default="", index=True)
    notes = TextField(default="")
    triage_decision = CharField(max_length=16, default="")
    triage_reason = TextField(default="")
    parts_taken = TextField(default="")
    recycler_reference = CharField(max_length=100, default="")
    recycling_batch = ForeignKeyField(RecyclingBatch, null=True, backref="devices",
                                      on_delete="RESTRICT")
    status = CharField(max_length=16, default="received", index=True)
    # Refurbishment round: a returned device starts a new one and needs a new
    # erasure and checklist; guards only count records of the current round.
    cycle = IntegerField(default=1)
    version = IntegerField(default=1)
    received_at = DateTimeField(default=now)
    status_changed_at = DateTimeField(default=now, index=True)
    created_at = DateTimeField(default=now)

    class Meta:
        # The list's default order, and its common filters, without a sort.
        indexes = ((("donation", "status"), False), (("status", "category"), False),
                   (("received_at", "id"), False))

    @classmethod
    def by_tag(cls, tag):
        """The device with this tag, its donation and donor loaded in the same query."""
        return (cls.select(cls, Donation, Donor)
                .join(Donation, JOIN.LEFT_OUTER).join(Donor, JOIN.LEFT_OUTER)
                .where(cls.asset_tag == (tag or "").strip().upper()).first())

    @classmethod
    def of_donation(cls, donation_id):
        """The donation's devices, in the order they were received."""
        return cls.select().where(cls.donation == donation_id).order_by(cls.id)

    @classmethod
    def status_counts(cls):
        query = cls.select(cls.status, fn.COUNT(cls.id).alias("n")).group_by(cls.status)
        return {row.status: row.n for row in query}


class Event(BaseModel):
    """Append-only history of a device: never updated, never deleted."""

    device = ForeignKeyField(Device, backref="events", on_delete="RESTRICT")
    at = DateTimeField(default=now, index=True)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    kind = CharField(max_length=16)
    from_status = CharField(max_length=16, default="")
    to_status = CharField(max_length=16, default="")
    note = TextField(default="")
    data = JSONField(null=True)

    class Meta:
        indexes = ((("device", "at"), False),)

    @classmethod
    def history(cls, device):
        return (cls.select(cls, User).join(User, JOIN.LEFT_OUTER)
                .where(cls.device == device).order_by(cls.at.desc(), cls.id.desc()))



