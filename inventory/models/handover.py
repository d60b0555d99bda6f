"""Requests from partners, handovers and the terms printed on receipts."""
from peewee import (
    JOIN, BooleanField, CharField, DateField, DateTimeField, DecimalField, ForeignKeyField,
    IntegerField, TextField,
)

from .base import BaseModel, now
from .devices import Device
from .people import Beneficiary, Partner, User


class Request(BaseModel):
    partner = ForeignKeyField(Partner, backref="requests", on_delete="RESTRICT")
    beneficiary = ForeignKeyField(Beneficiary, null=True, backref="requests", on_delete="RESTRICT")
    category = CharField(max_length=16, default="laptop")
    min_ram_gb = IntegerField(null=True)
    min_storage_gb = IntegerField(null=True)
    needs_webcam = BooleanField(default=False)
    keyboard_layout = CharField(max_length=8, default="")
    note = TextField(default="")
    priority = IntegerField(default=2)  # 1 urgent, 2 normal, 3 low
    status = CharField(max_length=16, default="waiting", index=True)
    device = ForeignKeyField(Device, null=True, backref="requests", on_delete="RESTRICT")
    version = IntegerField(default=1)
    created_at = DateTimeField(default=now)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")

    @classmethod
    def of_partner(cls, partner, count=50):
        """The partner's latest requests."""
        return (cls.select().where(cls.partner == partner)
                .order_by(cls.created_at.desc()).limit(count))


class TermsText(BaseModel):
    """Versioned terms for a gift, loan or sale, as printed on receipts."""

    kind = CharField(max_length=8)
    language = CharField(max_length=8, default="fr")
    version = IntegerField()
    body = TextField()
    sha256 = CharField(max_length=64)
    created_at = DateTimeField(default=now)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("kind", "language", "version"), True),)

    @classmethod
    def history(cls, kind, language):
        """Every version of these terms, newest first, with who wrote it."""
        return (cls.select(cls, User.id, User.display_name, User.username)
                .join(User, JOIN.LEFT_OUTER, on=(cls.created_by == User.id))
                .where((cls.kind == kind) & (cls.language == language))
                .order_by(cls.version.desc()))


class Handover(BaseModel):
    device = ForeignKeyField(Device, backref="handovers", on_delete="RESTRICT")
    beneficiary = ForeignKeyField(Beneficiary, backref="handovers", on_delete="RESTRICT")
    request = ForeignKeyField(Request, null=True, backref="handovers", on_delete="RESTRICT")
    operator = ForeignKeyField(User, null=True, on_delete="SET NULL")
    handed_on = DateField()
    kind = CharField(max_length=8)
    due_on = DateField(null=True)
    price = DecimalField(max_digits=8, decimal_places=2, null=True)
    accessories = TextField(default="")
    receipt_number = CharField(max_length=20, unique=True)
    terms = ForeignKeyField(TermsText, null=True, on_delete="RESTRICT")
    terms_sha256 = CharField(max_length=64, default="")
    returned_on = DateField(null=True)
    return_reason = TextField(default="")
    return_condition = TextField(default="")
    # What was handed over with the device and did not come back, as accessories are written.
    missing_accessories = TextField(default="")
    created_at = DateTimeField(default=now)

    @classmethod
    def of_beneficiary(cls, beneficiary):
        """The person's handovers, latest first, each with its device's id and tag."""
        return (cls.select(cls, Device.id, Device.asset_tag)
                .join(Device, on=(cls.device == Device.id))
                .where(cls.beneficiary == beneficiary.id)
                .order_by(cls.handed_on.desc(), cls.id.desc()))
