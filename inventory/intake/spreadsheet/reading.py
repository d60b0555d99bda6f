"""Read the spreadsheet a donor sends (CSV or Excel) into a header and its rows.

Companies send whatever their software exports: semicolon CSV in
Windows-1252 from a French Excel, comma CSV in UTF-8 with a BOM, "Unicode
text" (UTF-16, tab-separated), or an .xlsx with a title above the table.
This module only reads and shapes the table; spreadsheet_headers recognises
the columns and spreadsheet_rows checks the values.
"""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
from flask_babel import lazy_gettext as _l

from inventory.errors import Refused
from inventory.intake.spreadsheet.headers import FIELD_LABELS, FIELDS, guess_mapping, recognised_count
from inventory.intake.spreadsheet.rows import RowResult, parse_rows

__all__ = [
    "FIELDS", "FIELD_LABELS", "RowResult", "SpreadsheetError", "Table",
    "guess_mapping", "parse_rows", "read_table",
]

HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 100
NOT_A_SPREADSHEET = _l("This file is not a spreadsheet. Send a CSV or Excel (.xlsx) file.")
BAD_ENCODING = _l("The text encoding of this file is not supported: save it as CSV UTF-8.")
EMPTY = _l("The file is empty.")


class SpreadsheetError(Refused):
    """A file that cannot be read as a table."""


@dataclass(frozen=True)
class Table:
    headers: list
    rows: list  # (line number as the person sees it, cells), blank lines left out


def read_table(filename: str, data: bytes, max_bytes=5_000_000, max_rows=20_000) -> Table:
    """Read a CSV or XLSX file into a Table, or raise SpreadsheetError.

    The bytes decide the format, not the file name: donors rename files, and
    a PDF called "liste.csv" must be refused with the right reason.
    """
    if not data:
        raise SpreadsheetError(EMPTY)
    if len(data) > max_bytes:
        raise SpreadsheetError(
            _l("The file is too large (the limit is %(limit)s MB).",
               limit=f"{max_bytes / 1_000_000:g}")
        )
    if _sniff(data) == "xlsx":
        lines = _xlsx_lines(data)
    else:
        lines = _csv_lines(_decode(data))
    return _tabulate(lines, max_rows)


def _sniff(data):
    """Return "xlsx" or "text", refusing files that are something else."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError):
            raise SpreadsheetError(NOT_A_SPREADSHEET)
        if "xl/workbook.xml" in names:
            return "xlsx"
        if any(name.startswith("word/") for name in names):
            raise SpreadsheetError(
                _l("This file is a Word document, not a spreadsheet. "
                   "Send a CSV or Excel (.xlsx) file.")
            )
        if "content.xml" in names:
            raise SpreadsheetError(
                _l("OpenDocument files (.ods) cannot be read: save the file as .xlsx or CSV.")
            )
        raise SpreadsheetError(NOT_A_SPREADSHEET)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # The OLE2 container holds old .xls files and password-protected .xlsx.
        raise SpreadsheetError(
            _l("Old Excel files (.xls) and password-protected workbooks cannot be read: "
               "save the file as .xlsx without a password, or as CSV.")
        )
    if data.startswith(b"%PDF"):
        raise SpreadsheetError(
            _l("This file is a PDF document, not a spreadsheet. Send a CSV or Excel (.xlsx) file.")
        )
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        raise SpreadsheetError(
            _l("This file is an image, not a spreadsheet. Send a CSV or Excel (.xlsx) file.")
        )
    return "text"


def _decode(data):
    """Decode CSV bytes: BOM first, then valid UTF-8, then Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif b"\x00" in data[:4096]:
        if data[1:4096:2].count(0) > len(data[1:4096:2]) // 2:
            raise SpreadsheetError(BAD_ENCODING)
        raise SpreadsheetError(NOT_A_SPREADSHEET)
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise SpreadsheetError(BAD_ENCODING)
        try:
            # A French Excel saves "CSV (séparateur: point-virgule)" in Windows-1252.
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise SpreadsheetError(BAD_ENCODING)
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > len(sample) // 100:
        raise SpreadsheetError(NOT_A_SPREADSHEET)
    if not text.strip():
        raise SpreadsheetError(EMPTY)
    return text


def _delimiter(text):
    """Pick the delimiter that splits the first lines into the most regular columns."""
    sample = [line for line in text[:65536].splitlines()[:50] if line.strip()]
    best, best_score = ";", (0, 0)
    for delimiter in (";", ",", "\t"):
        widths = [len(cells) for cells in csv.reader(sample, delimiter=delimiter)]
        common = max(set(widths), key=widths.count) if widths else 1
        score = (widths.count(common), common) if common > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_lines(text):
    first_line, _, rest = text.partition("\n")
    hint = first_line.strip().lower()
    if hint.startswith("sep=") and len(hint) == 5:
        # Excel writes and honours a "sep=;" first line to name the delimiter.
        yield 1, []
        reader, start = csv.reader(io.StringIO(rest, newline=""), delimiter=hint[4]), 2
    else:
        reader, start = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)), 1
    offset = start - 1
    try:
        for cells in reader:
            yield start, [cell.strip() for cell in cells[:MAX_COLUMNS]]
            start = offset + reader.line_num + 1
    except csv.Error:
        raise SpreadsheetError(_l("The file cannot be read as CSV near line %(line)s.", line=start))


def _xlsx_lines(data):
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged files
        raise SpreadsheetError(
            _l("The Excel file cannot be opened: it may be damaged or protected by a password.")
        )
    try:
        sheet = workbook.active
        # Some exporters write a wrong sheet size, which read-only mode trusts.
        sheet.reset_dimensions()
        # Read-only mode does not report merged ranges; a merged cell's value
        # sits in its top-left cell and the rest read empty, which _tabulate
        # handles (title rows are skipped, two-row headers are combined).
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in row[:MAX_COLUMNS]]
    finally:
        workbook.close()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _tabulate(lines, max_rows):
    """Find the header row, drop blank lines and empty trailing columns."""
    rows = []
    for number, cells in lines:
        if any(cells):
            rows.append((number, cells))
            if len(rows) > max_rows + HEADER_SEARCH_ROWS:
                break
    if not rows:
        raise SpreadsheetError(EMPTY)

    start, headers = _header(rows)
    data = rows[start:]
    if len(data) > max_rows:
        raise SpreadsheetError(
            _l("The file has more than %(limit)s rows: split it into several files.",
               limit=max_rows)
        )
    width = max(_width(cells) for _, cells in [(0, headers), *data])

    def pad(cells):
        return (cells + [""] * width)[:width]

    return Table(headers=pad(headers), rows=[(number, pad(cells)) for number, cells in data])


def _header(rows):
    """Return (index of the first data row, header cells)."""
    candidates = rows[:HEADER_SEARCH_ROWS]
    scores = [recognised_count(cells) for _, cells in candidates]
    index = next((i for i, score in enumerate(scores) if score >= 2), None)
    if index is None:
        index = next((i for i, score in enumerate(scores) if score == 1), None)
    if index is None:
        raise SpreadsheetError(
            _l("No header row was found in the first %(count)s rows: the file needs a row "
               "of column names such as “Serial number”, “Make”, “Model”.",
               count=HEADER_SEARCH_ROWS)
        )
    headers = list(rows[index][1])
    # A header cell merged over a group of columns ("Configuration" above
    # "Processeur", "RAM", "Disque") leaves the real names on the next row.
    if index + 1 < len(rows):
        below = rows[index + 1][1]
        filled = [cell for cell in below if cell]
        if filled and recognised_count(below) == len(filled):
            width = max(len(headers), len(below))
            upper = headers + [""] * (width - len(headers))
            lower = below + [""] * (width - len(below))
            headers = [lower[i] or upper[i] for i in range(width)]
            return index + 2, headers
    return index + 1, headers


def _width(cells):
    return max((i + 1 for i, cell in enumerate(cells) if cell), default=0)
