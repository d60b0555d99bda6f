"""Issued documents, donor links, campaign targets and data-retention runs."""
from peewee import (
    BlobField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, BooleanField,
)

from .base import BaseModel, JSONField, now
from .devices import Donation
from .handover import Handover
from .people import User


class Document(BaseModel):
    """An issued PDF: number, key facts, hash and bytes, so it re-downloads identical."""

    kind = CharField(max_length=24)
    number = CharField(max_length=40, unique=True)
    token = CharField(max_length=64, unique=True)
    issued_at = DateTimeField(default=now)
    donation = ForeignKeyField(Donation, null=True, backref="documents", on_delete="RESTRICT")
    handover = ForeignKeyField(Handover, null=True, backref="documents", on_delete="RESTRICT")
    facts = JSONField(null=True)
    sha256 = CharField(max_length=64)
    pdf = BlobField()
    revoked_at = DateTimeField(null=True)
    issued_by = ForeignKeyField(User, null=True, on_delete="SET NULL")

    @classmethod
    def latest(cls, count, kind=None):
        """The latest documents issued (of one kind when given), without their bytes."""
        query = cls.select(cls.id, cls.kind, cls.number, cls.issued_at, cls.revoked_at,
                           cls.donation, cls.handover)
        if kind is not None:
            query = query.where(cls.kind == kind)
        return list(query.order_by(cls.issued_at.desc(), cls.id.desc()).limit(count))

    @classmethod
    def valid_for_donation(cls, donation_id, kinds):
        """The donation's documents of these kinds that are not withdrawn, without their bytes."""
        return (cls.select(cls.id, cls.kind, cls.number, cls.issued_at)
                .where((cls.donation == donation_id) & cls.revoked_at.is_null()
                       & cls.kind.in_(list(kinds))))


class DonorLink(BaseModel):
    """A read-only link a donor follows without an account."""

    donation = ForeignKeyField(Donation, backref="donor_links", on_delete="RESTRICT")
    token = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=now)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    revoked_at = DateTimeField(null=True)


class Target(BaseModel):
    """A campaign target, e.g. 2,021 computers given between two dates."""

    name = CharField(max_length=200)
    metric = CharField(max_length=24)  # devices_given, beneficiaries_reached
    goal = IntegerField()
    starts_on = DateField()
    ends_on = DateField()
    active = BooleanField(default=True)
    created_at = DateTimeField(default=now)


class PurgeRun(BaseModel):
    """One run of the retention purge, dry or real."""

    at = DateTimeField(default=now)
    older_than_months = IntegerField()
    dry_run = BooleanField()
    affected = IntegerField()
    details = JSONField(null=True)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
