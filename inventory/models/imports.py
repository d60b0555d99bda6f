"""Donor spreadsheets: kept between upload and confirmation, then as the record of the import."""
from peewee import BlobField, CharField, DateTimeField, ForeignKeyField, IntegerField

from .base import BaseModel, JSONField, now
from .devices import Donation
from .people import User


class ImportFile(BaseModel):
    """One uploaded spreadsheet, found again by an unguessable token (never the cookie session)."""

    token = CharField(max_length=64, unique=True)
    donation = ForeignKeyField(Donation, backref="imports", on_delete="RESTRICT")
    filename = CharField(max_length=200, default="")
    sha256 = CharField(max_length=64, index=True)
    content = BlobField()
    # Column index (as text, JSON keys) -> device field, or null to ignore the column.
    mapping = JSONField(null=True)
    category = CharField(max_length=16, default="laptop")  # for rows that do not say
    created_at = DateTimeField(default=now, index=True)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    imported_at = DateTimeField(null=True)
    imported_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    added = IntegerField(default=0)
    skipped = IntegerField(default=0)
    first_tag = CharField(max_length=20, default="")
    last_tag = CharField(max_length=20, default="")
    # Devices already received into the donation that the file's rows filled.
    filled = IntegerField(default=0)
    first_filled = CharField(max_length=20, default="")
    last_filled = CharField(max_length=20, default="")
