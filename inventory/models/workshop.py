"""What the workshop records: erasures, checklists, parts used."""
import hashlib

from peewee import (
    JOIN, BlobField, BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField,
    TextField,
)

from .base import BaseModel, JSONField, now
from .devices import Device
from .people import User


class ErasureLog(BaseModel):
    """An erasure tool's log, kept as received with its SHA-256."""

    filename = CharField(max_length=200, default="")
    sha256 = CharField(max_length=64, index=True)
    content = BlobField()
    uploaded_at = DateTimeField(default=now)
    uploaded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")

    @staticmethod
    def digest(content):
        return hashlib.sha256(content).hexdigest()


class Erasure(BaseModel):
    """One drive's sanitisation (NIST SP 800-88), or the record that there is no drive."""

    device = ForeignKeyField(Device, backref="erasures", on_delete="RESTRICT")
    cycle = IntegerField(default=1)
    # Indexed: the same serial erased on two devices is looked up on every device page.
    drive_serial = CharField(max_length=100, default="", index=True)
    drive_model = CharField(max_length=200, default="")
    drive_type = CharField(max_length=8, default="")
    drive_size_gb = IntegerField(null=True)
    method = CharField(max_length=16)
    technique = CharField(max_length=16, default="")
    tool = CharField(max_length=100, default="")
    tool_version = CharField(max_length=40, default="")
    passes = IntegerField(null=True)
    verification = CharField(max_length=8, default="none")
    result = CharField(max_length=8)
    started_at = DateTimeField(null=True)
    ended_at = DateTimeField(null=True)
    technician = ForeignKeyField(User, null=True, on_delete="SET NULL")
    note = TextField(default="")
    log = ForeignKeyField(ErasureLog, null=True, backref="erasures", on_delete="RESTRICT")
    created_at = DateTimeField(default=now)
    # An admin's exception to the rule that an overwrite alone does not sanitise flash
    # memory (lifecycle.flash_problems): who, when and why, printed on the certificate.
    exception_reason = TextField(default="")
    exception_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    exception_at = DateTimeField(null=True)

    @property
    def no_storage(self):
        return self.method == "no_storage"

    @classmethod
    def last_tool(cls, technician_id):
        """(tool, version) of the technician's latest erasure typed in by hand, or ("", "")."""
        last = (cls.select(cls.tool, cls.tool_version)
                .where((cls.technician == technician_id) & (cls.tool != "") & cls.log.is_null())
                .order_by(cls.id.desc()).first())
        return (last.tool, last.tool_version) if last else ("", "")


class RemovedDrive(BaseModel):
    """A drive taken out of a device, tracked on its own until it is erased or destroyed.

    Its erasures are Erasure rows of the device it came from, in the round it was taken out
    in, under its serial: the donor's certificate lists them with that device's drives, and
    the device's guards no longer count the drive as one of its own.
    """

    device = ForeignKeyField(Device, backref="removed_drives", on_delete="RESTRICT")
    cycle = IntegerField(default=1)
    drive_serial = CharField(max_length=100)
    drive_model = CharField(max_length=200, default="")
    drive_type = CharField(max_length=8, default="")
    drive_size_gb = IntegerField(null=True)
    location = CharField(max_length=100, default="")
    note = TextField(default="")
    removed_at = DateTimeField(default=now)
    removed_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        # Taken out once per round: a second removal of the same drive is a mistake or a race.
        indexes = ((("device", "cycle", "drive_serial"), True),)


class ChecklistVersion(BaseModel):
    """The checklist items as an admin set them; a change makes a new version."""

    version = IntegerField(unique=True)
    items = JSONField()
    created_at = DateTimeField(default=now)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")

    @classmethod
    def current(cls):
        return cls.select().order_by(cls.version.desc()).first()

    @classmethod
    def history(cls, count=20):
        """The latest versions, newest first, with who saved each."""
        return list(cls.select(cls, User.id, User.display_name, User.username)
                    .join(User, JOIN.LEFT_OUTER, on=(cls.created_by == User.id))
                    .order_by(cls.version.desc()).limit(count))


class Check(BaseModel):
    """A device's checklist, filled against one checklist version."""

    device = ForeignKeyField(Device, backref="checks", on_delete="RESTRICT")
    cycle = IntegerField(default=1)
    checklist = ForeignKeyField(ChecklistVersion, on_delete="RESTRICT")
    results = JSONField()
    passed = BooleanField(default=False)
    battery_health = IntegerField(null=True)
    os_installed = CharField(max_length=100, default="")
    os_licence = CharField(max_length=24, default="")
    technician = ForeignKeyField(User, null=True, on_delete="SET NULL")
    note = TextField(default="")
    at = DateTimeField(default=now)


class PartUsed(BaseModel):
    device = ForeignKeyField(Device, backref="parts_used", on_delete="RESTRICT")
    cycle = IntegerField(default=1)
    description = CharField(max_length=200)
    at = DateTimeField(default=now)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
