"""The erasure certificate of a donation, after NIST SP 800-88 Rev. 1's sample certificate."""

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Spacer, Table

from .common import (
    BANNER, BODY, CELL, CELL_HEAD, COMPACT, COMPACT_HEAD, CONTENT_WIDTH, H1, H2, SMALL, boxed,
    build_pdf, grid_style, para, phrase, signature_boxes, verification_block,
)
from .data import ErasureCertificateData
from .text import code, colon, format_date, format_number, word

COLUMNS = (  # wording key, width
    ("device", 17 * mm), ("drive_serial", 25 * mm), ("model", 21 * mm), ("method", 26 * mm),
    ("tool", 18 * mm), ("verification", 18 * mm), ("result", 16 * mm), ("date", 18.5 * mm),
    ("technician", 18.5 * mm),
)
assert abs(sum(width for _, width in COLUMNS) - CONTENT_WIDTH) < 1 * mm
WARNING = colors.HexColor("#fff1cc")
ALERT = colors.HexColor("#b42318")


def _row(lang, row):
    """Return the cells of one drive, or of one device without storage."""
    if row.state == "no_storage":
        drive_serial = model = method = tool = verification = "—"
    else:
        size = word(lang, "gigabytes", size=format_number(row.drive_size_gb, lang)) \
            if row.drive_size_gb else ""
        drive_serial = row.drive_serial
        model = " · ".join(filter(None, [row.drive_model, row.drive_type, size]))
        method = " · ".join(filter(None, [code(lang, row.method), code(lang, row.technique)]))
        tool = " ".join(filter(None, [row.tool, row.tool_version]))
        verification = code(lang, row.verification)
    cells = [(row.device_tag, 40), (drive_serial, 60), (model, 120), (method, 80), (tool, 80),
             (verification, 40)]
    return [para(text, COMPACT, limit) for text, limit in cells] + [
        para(code(lang, row.state), COMPACT_HEAD),
        para(format_date(row.done_on), COMPACT),
        para(row.technician, COMPACT, limit=80),
    ]


def _exception(lang, row):
    """The line under a drive whose overwrite an admin accepted instead of Purge."""
    return phrase(lang, "erasure_exception", COMPACT, limit=600, reason=row.exception_reason,
                  admin=row.exception_by, date=format_date(row.exception_on))


def _drive_table(lang, rows):
    data = [[para(word(lang, key), COMPACT_HEAD) for key, _ in COLUMNS]]
    marks = []
    for row in rows:
        data.append(_row(lang, row))
        # Pending and failed rows stand out, so nobody reads them as certified.
        if row.state in ("pending", "failed"):
            marks.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), WARNING))
        if row.exception_reason:
            data.append([_exception(lang, row)] + [""] * (len(COLUMNS) - 1))
            marks += [("SPAN", (0, len(data) - 1), (-1, len(data) - 1)),
                      ("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), WARNING)]
    table = LongTable(data, colWidths=[width for _, width in COLUMNS], repeatRows=1)
    table.setStyle(grid_style(extra=marks))
    return table


def _party(title, name, address_lines, siret, extra=()):
    lines = [para(title, CELL_HEAD), para(name, CELL)]
    lines += [para(line, CELL) for line in address_lines[:4]]
    if siret:
        lines.append(para("SIRET " + siret, CELL))
    lines += [para(line, CELL) for line in extra if line]
    return lines


def _parties(lang, data):
    org, donor, donation = data.organisation, data.donor, data.donation
    donation_line = "%s %s — %s %s" % (
        colon(lang, word(lang, "donation_reference")), donation.reference,
        colon(lang, word(lang, "received_on")), format_date(donation.received_on))
    location = colon(lang, word(lang, "location")) + " " + data.location if data.location else ""
    table = Table([[
        _party(word(lang, "data_owner"), donor.name, donor.address_lines, donor.siret,
               [donation_line]),
        _party(word(lang, "sanitizer"), org.name, org.address_lines, org.siret,
               [location, org.email, org.phone]),
    ]], colWidths=[CONTENT_WIDTH / 2] * 2)
    table.setStyle(grid_style(header_rows=0))
    return table


def _signature(lang, role, person):
    return [
        word(lang, role),
        "%s %s" % (colon(lang, word(lang, "name")), person.name),
        "%s %s" % (colon(lang, word(lang, "title")), person.title),
        "%s %s" % (colon(lang, word(lang, "date")), format_date(person.signed_on)),
        colon(lang, word(lang, "signature")),
    ]


def render_erasure_certificate(data: ErasureCertificateData, lang="fr") -> bytes:
    """Return the PDF erasure certificate; it says at the top when it is partial."""
    states = data.states
    open_rows = states["pending"] + states["failed"]
    title = word(lang, "erasure_title")
    if data.is_partial:
        banner = boxed(phrase(lang, "partial_banner", BANNER.clone("partial", textColor=ALERT),
                              count=open_rows), ALERT)
    else:
        banner = boxed(phrase(lang, "complete_banner", BANNER))
    story = [
        para(title, H1),
        para("%s — %s" % (word(lang, "number", number=data.number), format_date(data.issued_on))),
        banner,
        _parties(lang, data),
        Spacer(1, 2 * mm),
        phrase(lang, "erasure_summary", BODY, done=states["done"], destroyed=states["destroyed"],
               none=states["no_storage"], pending=states["pending"], failed=states["failed"]),
        para(word(lang, "erasure_standard"), SMALL),
        para(word(lang, "storage_media"), H2),
        _drive_table(lang, data.rows),
        Spacer(1, 6 * mm),
        signature_boxes([_signature(lang, "technician", data.technician),
                         _signature(lang, "manager", data.manager)], height=36 * mm),
        Spacer(1, 4 * mm),
        *verification_block(lang, data.verify_url),
    ]
    return build_pdf(story, organisation=data.organisation, title=title, number=data.number,
                     issued_on=data.issued_on, verify_url=data.verify_url, lang=lang)
