"""Tables to CSV and XLSX files that a spreadsheet opens safely."""
import csv
import datetime
import io
import tempfile
from decimal import Decimal

from openpyxl import Workbook

# A cell starting with these is a formula (or becomes one) in Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Return value, prefixed with ' when a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def iter_csv(headers, rows, semicolon=False, batch=500):
    """CSV in UTF-8 with a BOM (Excel reads the accents then), as pieces of bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if semicolon else ",", lineterminator="\r\n")
    writer.writerow([_cell(h) for h in headers])
    yield b"\xef\xbb\xbf"
    for number, row in enumerate(rows, 1):
        cells = [_cell(v) for v in row]
        if semicolon:
            # French Excel reads "1,5" as a number, "1.5" as text.
            cells = [c.replace(".", ",") if _is_decimal(v) else c for c, v in zip(cells, row)]
        writer.writerow(cells)
        if number % batch == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer):
    piece = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return piece


def to_csv(headers, rows, semicolon=False):
    return b"".join(iter_csv(headers, rows, semicolon=semicolon))


def _is_decimal(value):
    return isinstance(value, (float, Decimal))


def iter_xlsx(headers, rows, title="Export", piece=1024 * 1024):
    """XLSX as pieces of bytes; numbers and dates stay typed, text is neutralised.

    openpyxl's write-only mode streams rows to a temporary file, so memory stays flat
    whatever the number of rows.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(h) for h in headers])
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while True:
            data = file.read(piece)
            if not data:
                return
            yield data


def to_xlsx(headers, rows, title="Export"):
    return b"".join(iter_xlsx(headers, rows, title=title))


def _xlsx_cell(value):
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table(headers, rows, format, title="Export", semicolon=False):
    """Return (bytes, mimetype) of a table as "csv" or "xlsx"."""
    pieces, mimetype = iter_table(headers, rows, format, title=title, semicolon=semicolon)
    return b"".join(pieces), mimetype


def iter_table(headers, rows, format, title="Export", semicolon=False):
    """Return (pieces of bytes, mimetype) of a table as "csv" or "xlsx"."""
    if format == "csv":
        return iter_csv(headers, rows, semicolon=semicolon), CSV_TYPE
    return iter_xlsx(headers, rows, title=title), XLSX_TYPE
