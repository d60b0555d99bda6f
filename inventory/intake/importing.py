"""Import a donor's spreadsheet into a donation: upload, column mapping, preview, commit.

The file is kept in the database between the steps (ImportFile, found by an
unguessable token), so any worker can serve the next step and nothing large
goes into the cookie. The commit is all or nothing. Rows whose serial number
is already in the inventory are left out, so importing the same file twice
adds nothing the second time; the file's SHA-256 lets the page say so plainly.
Devices received before the file came are filled by its rows (filling.py)
rather than added again.
"""
import datetime
import hashlib
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..devices import tags as asset_tags
from ..db import bulk_insert, database
from ..errors import Refused
from . import filling
from .donors import lock_tag_counter
from .receive import EVENT_FIELDS, device_ids, received_at
from ..models import CATEGORIES, Device, Event, ImportFile, now
from .spreadsheet.reading import (
    FIELD_LABELS, FIELDS, SpreadsheetError, guess_mapping, parse_rows, read_table,
)
from .spreadsheet.rows import serial_key

KEEP_PENDING = datetime.timedelta(hours=24)
# Device column sizes: a longer cell is a problem of its row, not a database error.
TEXT_LIMITS = {"serial": 100, "make": 100, "model": 200, "donor_asset_tag": 100, "cpu": 200,
               "notes": 5000}
TEXT_FIELDS = ("make", "model", "serial", "donor_asset_tag", "cpu", "notes")


class ImportRefused(Refused):
    """The import cannot go on."""


class AlreadyImported(ImportRefused):
    """This very file was imported into this donation before: there is nothing to do."""


CHANGED = _l("Devices of this donation changed since the rows were checked: nothing was "
             "imported. Check the rows again.")


@dataclass
class Preview:
    upload: ImportFile
    headers: list
    mapping: dict
    rows: list
    table: object = None
    previous: ImportFile = None  # the same file, already imported into this donation
    counts: dict = field(default_factory=dict)
    fills: list = field(default_factory=list)  # (row, device received before the file)

    @property
    def to_add(self):
        return [row for row in self.rows if row.status == "ok"]

    @property
    def filled_by_line(self):
        return {row.line: device for row, device in self.fills}

    @property
    def plan_key(self):
        return filling.plan_key(self.fills)

    @property
    def fill_range(self):
        return filling.tag_range(self.fills)

    @property
    def unknown_columns(self):
        return [i for i, header in enumerate(self.headers) if header and not self.mapping.get(i)]

    @property
    def has_serial_column(self):
        return "serial" in self.mapping.values()


def _limits():
    config = current_app.config
    return {"max_bytes": config.get("IMPORT_MAX_BYTES", 5_000_000),
            "max_rows": config.get("IMPORT_MAX_ROWS", 20_000)}


def read(filename, data):
    """Read the file into a table or raise ImportRefused with the reason."""
    try:
        return read_table(filename, data, **_limits())
    except SpreadsheetError as error:
        raise ImportRefused(*error.reasons) from error


def already_imported(donation, sha256):
    return (ImportFile.select()
            .where((ImportFile.donation == donation.id) & (ImportFile.sha256 == sha256)
                   & ImportFile.imported_at.is_null(False))
            .order_by(ImportFile.imported_at).first())


def start(donation, filename, data, user, category="laptop"):
    """Check the file and keep it for the next steps; return the ImportFile (not yet imported).

    Raises ImportRefused when the file cannot be read, or when this very file was
    already imported into this donation.
    """
    if category not in CATEGORIES:
        raise ImportRefused(_l("Unknown category."))
    table = read(filename, data)
    digest = hashlib.sha256(data).hexdigest()
    previous = already_imported(donation, digest)
    if previous is not None:
        raise AlreadyImported(_l(
            "This file was already imported into this donation on %(date)s (%(n)d devices "
            "added): nothing new to add.", date=previous.imported_at.strftime("%d/%m/%Y"),
            n=previous.added))
    mapping = guess_mapping(table.headers)
    with database.atomic():
        ImportFile.delete().where(ImportFile.imported_at.is_null()
                                  & (ImportFile.created_at < now() - KEEP_PENDING)).execute()
        upload = ImportFile.create(
            token=secrets.token_urlsafe(32), donation=donation, filename=(filename or "")[:200],
            sha256=digest, content=data, mapping=_store(mapping), category=category,
            created_by=user)
    # A person chooses what unknown columns hold before seeing the preview.
    upload.needs_mapping = ("serial" not in mapping.values()
                            or any(header and not mapping[i]
                                   for i, header in enumerate(table.headers)))
    return upload


def table_of(upload):
    """The kept file's table (headers and rows), read again."""
    return read(upload.filename, bytes(upload.content))


def pending(token):
    """The upload a token names, if it is still waiting for its confirmation."""
    if not token or len(token) > 64:
        return None
    return ImportFile.get_or_none((ImportFile.token == token) & ImportFile.imported_at.is_null()
                                  & (ImportFile.created_at >= now() - KEEP_PENDING))


def discard(upload):
    ImportFile.delete().where((ImportFile.id == upload.id)
                              & ImportFile.imported_at.is_null()).execute()


def _store(mapping):
    return {str(index): name for index, name in mapping.items()}


def mapping_of(upload):
    return {int(index): name for index, name in (upload.mapping or {}).items()}


def set_mapping(upload, chosen, width):
    """Save the column -> field choices a person made; raise ImportRefused if they clash."""
    mapping = {}
    taken = {}
    for index in range(width):
        name = chosen.get(index) or None
        if name is not None and name not in FIELDS:
            raise ImportRefused(_l("Unknown field."))
        if name is not None and name in taken:
            raise ImportRefused(_l("Two columns are set to “%(field)s”: choose one.",
                                   field=FIELD_LABELS[name]))
        if name:
            taken[name] = index
        mapping[index] = name
    if "serial" not in taken:
        raise ImportRefused(_l("Choose the column that holds the serial numbers."))
    ImportFile.update(mapping=_store(mapping)).where(ImportFile.id == upload.id).execute()
    upload.mapping = _store(mapping)
    return mapping


def known_serial_keys():
    """Every serial number in the inventory, in the form parse_rows compares.

    One pass over the serial column: the keys ignore case and spaces, which an
    index on the raw column cannot match, and 100,000 serials take tens of ms.
    """
    query = Device.select(Device.serial).where(Device.serial != "").tuples()
    return {serial_key(serial) for (serial,) in query.iterator()}


def preview(upload, known=None):
    """Read the kept file with its mapping and check every row; write nothing."""
    table = table_of(upload)
    mapping = mapping_of(upload)
    if not mapping:
        mapping = guess_mapping(table.headers)
    rows = parse_rows(table, mapping, known if known is not None else known_serial_keys())
    for row in rows:
        for name, limit in TEXT_LIMITS.items():
            value = row.values.get(name)
            if value and len(value) > limit:
                row.problems.append(_l("%(field)s is too long (at most %(max)d characters).",
                                       field=FIELD_LABELS[name], max=limit))
                row.status = "error"
    counts = dict.fromkeys(("ok", "known", "duplicate", "error"), 0)
    for row in rows:
        counts[row.status] += 1
    counts["total"] = len(rows)
    fills = filling.plan(upload.donation, [row for row in rows if row.status == "ok"])
    counts["fill"], counts["new"] = len(fills), counts["ok"] - len(fills)
    return Preview(upload=upload, headers=table.headers, mapping=mapping, rows=rows, table=table,
                   previous=already_imported(upload.donation, upload.sha256), counts=counts,
                   fills=fills)


@dataclass
class Outcome:
    added: int
    skipped: int
    first_tag: str = ""
    last_tag: str = ""
    filled: int = 0
    first_filled: str = ""
    last_filled: str = ""


def commit(upload, user, skip_errors=False, checked=None, plan=None):
    """Fill the received devices and create a device for every other new row, in one
    transaction; return an Outcome.

    Rows with errors stop the whole import unless skip_errors; rows already in
    the inventory (or repeated in the file) are left out. Confirming the same
    upload twice imports it once. plan: the fingerprint of the fills the person
    saw (Preview.plan_key); when they are no longer those, nothing is imported.
    """
    # A preview the caller just made is reused: the known serials are checked again below.
    checked = checked or preview(upload)
    expected = checked.plan_key if plan is None else plan
    if not checked.has_serial_column:
        raise ImportRefused(_l("Choose the column that holds the serial numbers."))
    if checked.counts["error"] and not skip_errors:
        raise ImportRefused(_l(
            "%(n)d rows have problems: correct the file, or choose to leave those rows out. "
            "Nothing was imported.", n=checked.counts["error"]))
    at = now()
    with database.atomic():
        claimed = (ImportFile.update(imported_at=at, imported_by=user)
                   .where((ImportFile.id == upload.id) & ImportFile.imported_at.is_null())
                   .execute())
        if not claimed:
            raise AlreadyImported(_l("This file was already imported: nothing new to add."))
        lock_tag_counter()
        # Checked again under the lock: another import may have committed these serials.
        known = known_serial_keys()
        rows = [row for row in checked.to_add if serial_key(row.values["serial"]) not in known]
        fills = filling.plan(upload.donation, rows)
        if filling.plan_key(fills) != expected:
            raise ImportRefused(CHANGED)
        filled = {row.line for row, _device in fills}
        rows = [row for row in rows if row.line not in filled]
        tags = asset_tags.take(len(rows)) if rows else []
        _insert(upload, rows, tags, user, at)
        try:
            filling.fill(upload, fills, user, at)
        except filling.PlanChanged:
            raise ImportRefused(CHANGED)
        first_filled, last_filled = filling.tag_range(fills)
        outcome = Outcome(added=len(rows), filled=len(fills),
                          skipped=checked.counts["total"] - len(rows) - len(fills),
                          first_tag=tags[0] if tags else "", last_tag=tags[-1] if tags else "",
                          first_filled=first_filled, last_filled=last_filled)
        (ImportFile.update(added=outcome.added, skipped=outcome.skipped,
                           first_tag=outcome.first_tag, last_tag=outcome.last_tag,
                           filled=outcome.filled, first_filled=first_filled,
                           last_filled=last_filled)
         .where(ImportFile.id == upload.id).execute())
    return outcome


IMPORT_FIELDS = ("asset_tag", "donation", "status", "category") + TEXT_FIELDS + (
    "ram_gb", "storage_gb", "storage_type", "screen_inches", "received_at", "status_changed_at",
    "created_at")


def _device_row(upload, row, tag, arrived, at):
    values = row.values
    screen = values.get("screen_inches")
    return ((tag, upload.donation_id, "received", values.get("category") or upload.category)
            + tuple(values.get(name) or "" for name in TEXT_FIELDS)
            + (values.get("ram_gb"), values.get("storage_gb"), values.get("storage_type") or "",
               None if screen is None else Decimal(str(round(screen, 1))), arrived, arrived,
               at))


def _insert(upload, rows, tags, user, at):
    user_id = getattr(user, "id", user)
    # The devices arrived with the donation, whenever its spreadsheet is imported.
    arrived = received_at(upload.donation.received_on, at)
    bulk_insert(Device, IMPORT_FIELDS,
                [_device_row(upload, row, tag, arrived, at) for row, tag in zip(rows, tags)])
    ids = device_ids(tags)
    bulk_insert(Event, EVENT_FIELDS, [
        (ids[tag], arrived, user_id, "status", "", "received", "",
         {"import": upload.id, "file": upload.filename, "line": row.line})
        for row, tag in zip(rows, tags)])


def history(donation):
    """The files imported into a donation, newest first."""
    return list(ImportFile.select(ImportFile.id, ImportFile.filename, ImportFile.imported_at,
                                  ImportFile.added, ImportFile.skipped, ImportFile.first_tag,
                                  ImportFile.last_tag, ImportFile.filled,
                                  ImportFile.first_filled, ImportFile.last_filled)
                .where((ImportFile.donation == donation.id) & ImportFile.imported_at.is_null(False))
                .order_by(ImportFile.imported_at.desc()))
