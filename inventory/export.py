"""Tables to CSV and XLSX files that a spreadsheet opens safely."""
import csv
import datetime
import io
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


def to_csv(headers, rows, semicolon=False):
    """CSV bytes in UTF-8 with a BOM (Excel reads the accents then)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if semicolon else ",", lineterminator="\r\n")
    writer.writerow([_cell(h) for h in headers])
    for row in rows:
        cells = [_cell(v) for v in row]
        if semicolon:
            # French Excel reads "1,5" as a number, "1.5" as text.
            cells = [c.replace(".", ",") if _is_decimal(v) else c for c, v in zip(cells, row)]
        writer.writerow(cells)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _is_decimal(value):
    return isinstance(value, (float, Decimal))


def to_xlsx(headers, rows, title="Export"):
    """XLSX bytes; numbers and dates stay typed, text is neutralised."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(h) for h in headers])
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
    if format == "csv":
        return to_csv(headers, rows, semicolon=semicolon), CSV_TYPE
    return to_xlsx(headers, rows, title=title), XLSX_TYPE
