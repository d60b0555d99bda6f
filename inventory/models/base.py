"""The model base class and shared field choices."""
import contextlib
import contextvars
import datetime
import json

from peewee import Model, TextField

from ..db import database

# What now() says instead of the system clock while it is set: the demo records weeks of
# history through the same use cases as everybody (cli/demo.py). Nothing else sets it.
_clock = contextvars.ContextVar("inventory_clock", default=None)


def now():
    # Naive UTC everywhere in storage; pages convert to the user's time zone.
    return _clock.get() or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


@contextlib.contextmanager
def clock_at(moment):
    """Make now() return moment (a naive UTC datetime) inside the block."""
    token = _clock.set(moment)
    try:
        yield
    finally:
        _clock.reset(token)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class JSONField(TextField):
    """Plain JSON in a text column: the same on SQLite and PostgreSQL."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def python_value(self, value):
        return None if value is None else json.loads(value)


DONOR_KINDS = ("company", "public_body", "association", "individual")
CATEGORIES = ("laptop", "desktop", "tablet", "monitor", "other")
GRADES = ("A", "B", "C")
STORAGE_TYPES = ("HDD", "SSD", "NVMe", "eMMC")
KEYBOARD_LAYOUTS = ("azerty", "qwerty", "other")
ROLES = ("admin", "operator", "technician", "viewer")
PARTNER_KINDS = ("association", "school", "university", "job_centre", "social_service", "other")
BENEFICIARY_CATEGORIES = ("pupil", "student", "job_seeker", "other")
REQUEST_STATUSES = ("waiting", "reserved", "fulfilled", "cancelled")
HANDOVER_KINDS = ("gift", "loan", "sale")
ERASURE_METHODS = ("clear", "purge", "destroy", "no_storage")
ERASURE_TECHNIQUES = ("overwrite", "block_erase", "crypto_erase", "sanitize", "shredding", "drilling")
VERIFICATIONS = ("none", "sample", "full")
RESULTS = ("passed", "failed")
CHECK_STATES = ("ok", "fixed", "not_applicable", "failed")
OS_LICENCES = ("free", "original_windows", "refurbisher_windows", "none")
TRIAGE_DECISIONS = ("refurbish", "parts", "recycle")
