"""Turn the rows of a donor's spreadsheet into checked device values."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from flask_babel import lazy_gettext as _l

from inventory.fonts import refusal
from inventory.intake.spreadsheet.headers import FIELD_LABELS, FIELDS, fold

MISSING_SERIAL = _l("The serial number is missing.")

# Cells that people fill in to say "nothing here".
_BLANKS = {"", "-", "--", "?", "na", "n a", "nc", "n c", "none", "neant", "aucun",
           "aucune", "sans", "inconnu", "unknown", "x", "0"}

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_SIZE = re.compile(_NUMBER + r"\s*(go|gb|gio|gib|g|mo|mb|mio|mib|to|tb|tio|tib|t)(?![a-z])")
_BARE_NUMBER = re.compile(r"^" + _NUMBER + r"$")
_GB_PER_UNIT = {"g": 1, "m": 1 / 1000, "t": 1000}  # decimal units, as drive makers count

_SCREEN = re.compile(
    r"^" + _NUMBER + r"\s*(?:\"|''|”|″|pouces?|po|in|inch(?:es)?)?$"
)

# Checked in order; a keyword is a whole word or a run of whole words.
_CATEGORIES = (
    ("tablet", ("tablette", "tablet", "ipad")),
    ("laptop", ("portable", "laptop", "notebook", "ultrabook", "netbook", "chromebook")),
    ("desktop", ("fixe", "desktop", "tour", "uc", "unite centrale", "mini pc",
                 "all in one", "tout en un", "workstation", "station travail")),
    ("monitor", ("ecran", "moniteur", "monitor", "display")),
)

_STORAGE_TYPES = (
    ("NVMe", ("nvme",)),
    ("eMMC", ("emmc",)),
    ("SSD", ("ssd", "flash")),
    ("HDD", ("hdd", "disque dur", "mecanique", "hard disk", "hard drive")),
)


@dataclass
class RowResult:
    line: int
    values: dict
    problems: list = field(default_factory=list)
    status: str = "ok"  # ok, error, duplicate or known


class UnreadableValue(ValueError):
    """A cell whose text cannot be turned into the field's value."""


def serial_key(serial):
    """Return the form used to compare serial numbers: upper case, no spaces."""
    return "".join(str(serial).split()).upper()


def parse_rows(table, mapping, known_serials=frozenset()):
    """Check every row of a table against the column mapping chosen for it.

    ``mapping`` maps a column index to a field of FIELDS (or None to ignore
    it); ``known_serials`` are the serial numbers already in the inventory.
    """
    unknown = {name for name in mapping.values() if name and name not in FIELDS}
    if unknown:
        raise ValueError(f"unknown fields in mapping: {sorted(unknown)}")
    columns = {}
    for index in sorted(mapping):
        if mapping[index]:
            columns.setdefault(mapping[index], []).append(index)
    known = {serial_key(serial) for serial in known_serials}
    first_line = {}

    results = []
    for line, cells in table.rows:
        values, problems = _row_values(cells, columns)
        status = "error" if problems else "ok"
        serial = values["serial"]
        if serial is None:
            problems.insert(0, MISSING_SERIAL)
            status = "error"
        else:
            key = serial_key(serial)
            if key in first_line:
                problems.append(_l("Serial number %(serial)s already appears on line %(line)s.",
                                   serial=serial, line=first_line[key]))
                status = "error" if status == "error" else "duplicate"
            else:
                first_line[key] = line
            if key in known:
                problems.append(_l("Serial number %(serial)s is already in the inventory.",
                                   serial=serial))
                status = "known" if status == "ok" else status
        results.append(RowResult(line=line, values=values, problems=problems, status=status))
    return results


_TEXT_FIELDS = ("serial", "make", "model", "donor_asset_tag", "cpu", "notes")
# What receipts, certificates and labels print (the notes are not printed).
_PRINTED_FIELDS = ("serial", "make", "model", "donor_asset_tag", "cpu")


def _row_values(cells, columns):
    """Return the values of one row and the problems met reading them."""
    raw = {}
    for name, indexes in columns.items():
        raw[name] = next((cells[i] for i in indexes if i < len(cells) and cells[i]), None)

    values = {name: _text(raw.get(name)) for name in _TEXT_FIELDS}
    if values["serial"] and fold(values["serial"]) in _BLANKS:
        values["serial"] = None
    values["category"] = parse_category(raw.get("category"))
    values.update(ram_gb=None, storage_gb=None, storage_type=None, screen_inches=None)
    problems = []
    for name in _PRINTED_FIELDS:
        reason = refusal(values[name])
        if reason:
            problems.append(_l("%(field)s: %(reason)s", field=FIELD_LABELS[name], reason=reason))
    for name, parser in _VALUE_PARSERS.items():
        text = raw.get(name)
        try:
            values.update(parser(text))
        except UnreadableValue:
            problems.append(_l("Cannot read the %(field)s value “%(value)s”.",
                               field=FIELD_LABELS[name], value=text))
    return values, problems


def _text(value):
    return " ".join(value.split()) if value else None


def _is_blank(text):
    return text is None or fold(text) in _BLANKS


def _gigabytes(text):
    """Return the first size with a unit in text, in GB, or None."""
    match = _SIZE.search(fold_keep_decimals(text))
    if not match:
        return None
    return float(match.group(1).replace(",", ".")) * _GB_PER_UNIT[match.group(2)[0]]


@lru_cache(maxsize=4096)
def fold_keep_decimals(text):
    """Fold text like fold() but keep decimal numbers, with a comma ("0.5 TB" -> "0,5 tb")."""
    parts = re.split(r"(\d+[.,]\d+)", text)
    folded = (fold(part) if index % 2 == 0 else part.replace(".", ",")
              for index, part in enumerate(parts))
    return " ".join(" ".join(folded).split())


def parse_ram_gb(text):
    """Read a memory size ("8", "8 Go", "8GB", "8,0", "16 Go DDR4") as whole GB."""
    if _is_blank(text):
        return None
    gigabytes = _gigabytes(text)
    if gigabytes is None:
        bare = _BARE_NUMBER.match(fold_keep_decimals(text))
        if not bare:
            raise UnreadableValue(text)
        gigabytes = float(bare.group(1).replace(",", "."))
        if gigabytes >= 512:  # a bare "4096" or "512" is megabytes
            gigabytes /= 1024
    rounded = round(gigabytes)
    if not 1 <= rounded <= 4096:
        raise UnreadableValue(text)
    return rounded


def parse_storage(text):
    """Read a storage cell ("256 Go SSD", "1 To HDD", "0,5 To") as (GB, type)."""
    if _is_blank(text):
        return None, None
    folded = fold_keep_decimals(text)
    kind = _first_keyword(folded, _STORAGE_TYPES)
    gigabytes = _gigabytes(text)
    if gigabytes is None and (bare := _BARE_NUMBER.match(folded)):
        gigabytes = float(bare.group(1).replace(",", "."))
    if gigabytes is None and kind is None:
        raise UnreadableValue(text)
    size = round(gigabytes) if gigabytes is not None else None
    if size is not None and not 1 <= size <= 100_000:
        raise UnreadableValue(text)
    return size, kind


def parse_screen_inches(text):
    """Read a screen diagonal ("15,6", '15.6"', "14 pouces") in inches."""
    if _is_blank(text):
        return None
    match = _SCREEN.match(text.strip().lower().replace(" ", ""))
    if not match:
        match = _SCREEN.match(fold_keep_decimals(text).replace(" ", ""))
    if not match:
        raise UnreadableValue(text)
    inches = float(match.group(1).replace(",", "."))
    if not 5 <= inches <= 100:
        raise UnreadableValue(text)
    return inches


def parse_category(text):
    """Classify a category cell as laptop, desktop, tablet, monitor or other."""
    if _is_blank(text):
        return None
    return _first_keyword(fold(text), _CATEGORIES) or "other"


def _first_keyword(folded, table):
    padded = f" {folded} "
    for name, keywords in table:
        if any(f" {keyword} " in padded for keyword in keywords):
            return name
    return None


_VALUE_PARSERS = {
    "ram_gb": lambda text: {"ram_gb": parse_ram_gb(text)},
    "storage": lambda text: dict(zip(("storage_gb", "storage_type"), parse_storage(text))),
    "screen_inches": lambda text: {"screen_inches": parse_screen_inches(text)},
}
