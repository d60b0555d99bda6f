"""What every document shares: fonts, safe text, styles, page template, QR and signature boxes."""
import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table,
    TableStyle,
)

from ...fonts import FONT, FONT_BOLD, one_line
from ...labels.qr import draw_qr
from .text import format_date, word

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 16 * mm
HEADER_HEIGHT = 26 * mm
FOOTER_HEIGHT = 14 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#e8ecef")
RULE = colors.HexColor("#9aa5ad")

BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, spaceAfter=3)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7.5, leading=9.5, textColor=GREY)
H1 = ParagraphStyle("h1", parent=BODY, fontName=FONT_BOLD, fontSize=15, leading=19,
                    spaceAfter=2)
H2 = ParagraphStyle("h2", parent=BODY, fontName=FONT_BOLD, fontSize=10.5, leading=13,
                    spaceBefore=8, spaceAfter=4)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=7.5, leading=9, spaceAfter=0)
CELL_HEAD = ParagraphStyle("cell_head", parent=CELL, fontName=FONT_BOLD)
COMPACT = ParagraphStyle("compact", parent=CELL, fontSize=6.8, leading=8.2)
COMPACT_HEAD = ParagraphStyle("compact_head", parent=COMPACT, fontName=FONT_BOLD)
CELL_RIGHT = ParagraphStyle("cell_right", parent=CELL, alignment=TA_RIGHT)
BANNER = ParagraphStyle("banner", parent=BODY, fontName=FONT_BOLD, fontSize=10, leading=13,
                        spaceAfter=0)


def clean(value, limit=300):
    """Return value as one line of text (see inventory.fonts.one_line), cut at limit.

    Letters are never replaced: what the font lacks is refused when typed
    (inventory.fonts.refusal), so a name prints exactly as it was entered.
    """
    text = one_line(value)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def safe(value, limit=300):
    """Return value cleaned and escaped, ready to sit inside Paragraph markup."""
    return escape(clean(value, limit))


def para(value, style=BODY, limit=300):
    """Return a Paragraph that prints value literally, whatever markup it contains."""
    return Paragraph(safe(value, limit), style)


def multiline(value, style=BODY, limit=20000):
    """Return Paragraphs for plain text: blank lines separate paragraphs, newlines are kept."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [block for block in text.split("\n\n") if block.strip()]
    paragraphs, budget = [], limit
    for block in blocks:
        if budget <= 0:
            break
        lines = [safe(line, budget) for line in block.strip("\n").split("\n")]
        budget -= len(block)
        paragraphs.append(Paragraph("<br/>".join(lines), style))
    return paragraphs


def phrase(lang, key, style=BODY, limit=300, **values):
    """Return a Paragraph of our wording with user values escaped into it."""
    template = escape(word(lang, key))
    filled = {name: (safe(v, limit) if isinstance(v, str) else v) for name, v in values.items()}
    return Paragraph(template % filled if filled else template, style)


def labelled(label, value, style=BODY, limit=300):
    """Return a Paragraph "label: value" with the label in bold."""
    return Paragraph("<b>%s</b> %s" % (escape(label), safe(value, limit)), style)


def fit(text, font, size, width):
    """Return text cut with an ellipsis so that it is at most width points wide."""
    text = clean(text)
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def boxed(paragraph, color=colors.black):
    """Return paragraph framed in a full-width box, for statements that must not be missed."""
    table = Table([[paragraph]], colWidths=[CONTENT_WIDTH], spaceBefore=6, spaceAfter=8)
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.5, color),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def grid_style(header_rows=1, extra=()):
    """Return the table style shared by the data tables."""
    return TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *extra,
    ])


def fields_table(rows, pairs_per_line=2, label_width=30 * mm, width=CONTENT_WIDTH):
    """Return a table of (label, value) pairs, several per line, values printed literally."""
    value_width = width / pairs_per_line - label_width
    cells = [[para(label, CELL_HEAD), para(value, CELL)] for label, value in rows]
    lines = []
    for start in range(0, len(cells), pairs_per_line):
        line = sum(cells[start:start + pairs_per_line], [])
        lines.append(line + [""] * (2 * pairs_per_line - len(line)))
    table = Table(lines, colWidths=[label_width, value_width] * pairs_per_line, hAlign="LEFT")
    table.setStyle(grid_style(header_rows=0, extra=[
        ("BACKGROUND", (column, 0), (column, -1), LIGHT)
        for column in range(0, 2 * pairs_per_line, 2)]))
    return table


class VerificationQR(Flowable):
    """A vector QR code, drawn by inventory.qr, as a platypus flowable."""

    def __init__(self, payload, size=26 * mm):
        super().__init__()
        self.payload = payload
        self.size = size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        draw_qr(self.canv, self.payload, 0, 0, self.size)


def verification_block(lang, verify_url):
    """Return the QR code with its caption, or nothing when there is no URL."""
    if not verify_url:
        return []
    caption = [para(word(lang, "scan_to_verify"), SMALL), para(verify_url, SMALL, limit=500)]
    table = Table([[VerificationQR(verify_url), caption]],
                  colWidths=[30 * mm, CONTENT_WIDTH - 30 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [KeepTogether(table)]


def signature_boxes(boxes, height=32 * mm):
    """Return side-by-side boxes; each box is a list of lines (the first one in bold).

    The room left for signing is a spacer rather than a fixed row height, so a
    long name makes the box taller instead of running out of it.
    """
    cells = []
    for lines in boxes:
        first, *rest = lines
        content = [para(first, CELL_HEAD, limit=120)] + [para(line, CELL, limit=120)
                                                          for line in rest]
        used = sum(item.wrap(CONTENT_WIDTH / len(boxes) - 12, PAGE_HEIGHT)[1] for item in content)
        cells.append(content + [Spacer(1, max(height - used, 12 * mm))])
    width = CONTENT_WIDTH / len(boxes)
    table = Table([cells], colWidths=[width] * len(boxes))
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
        ("INNERGRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _numbered_canvas(lang):
    """Return a Canvas class that writes "page x / y" once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(GREY)
                self.drawRightString(PAGE_WIDTH - MARGIN, MARGIN - 7 * mm,
                                     word(lang, "page", page=number, pages=total))
                super().showPage()
            super().save()

    return NumberedCanvas


def _draw_header_footer(canvas, meta):
    """Draw the organisation, title, number and date above, the verify URL below."""
    org, lang = meta["organisation"], meta["lang"]
    canvas.saveState()
    top = PAGE_HEIGHT - MARGIN
    left_width, right_width = CONTENT_WIDTH * 0.52, CONTENT_WIDTH * 0.46
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawString(MARGIN, top - 4 * mm, fit(org.name, FONT_BOLD, 11, left_width))
    lines = list(org.address_lines[:1]) + [", ".join(org.address_lines[1:])]
    lines += [word(lang, "siret", siret=org.siret) if org.siret else "",
              " · ".join(filter(None, [org.email, org.phone]))]
    lines = [line for line in lines if line]
    canvas.setFont(FONT, 8)
    canvas.setFillColor(GREY)
    for index, line in enumerate(lines[:4]):
        canvas.drawString(MARGIN, top - (8.5 + 3.4 * index) * mm, fit(line, FONT, 8, left_width))
    right = PAGE_WIDTH - MARGIN
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT_BOLD, 9)
    canvas.drawRightString(right, top - 4 * mm, fit(meta["title"], FONT_BOLD, 9, right_width))
    canvas.setFont(FONT, 9)
    canvas.drawRightString(right, top - 9 * mm,
                           fit(word(lang, "number", number=meta["number"]), FONT, 9, right_width))
    canvas.drawRightString(right, top - 13 * mm,
                           word(lang, "dated", date=format_date(meta["issued_on"])))
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    rule_y = PAGE_HEIGHT - MARGIN - HEADER_HEIGHT + 2.5 * mm
    canvas.line(MARGIN, rule_y, PAGE_WIDTH - MARGIN, rule_y)
    canvas.line(MARGIN, MARGIN - 3 * mm, PAGE_WIDTH - MARGIN, MARGIN - 3 * mm)
    if meta["verify_url"]:
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        footer = word(lang, "verify_footer", url=meta["verify_url"])
        canvas.drawString(MARGIN, MARGIN - 7 * mm,
                          fit(footer, FONT, 7.5, CONTENT_WIDTH - 30 * mm))
    canvas.restoreState()


def build_pdf(story, *, organisation, title, number, issued_on, verify_url, lang):
    """Lay story out on A4 pages with the common header and footer; return the PDF bytes."""
    buffer = io.BytesIO()
    meta = dict(organisation=organisation, title=clean(title), number=clean(number, 60),
                issued_on=issued_on, verify_url=clean(verify_url, 500), lang=lang)
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT, bottomMargin=MARGIN + FOOTER_HEIGHT - 10 * mm,
        title="%s %s" % (meta["title"], meta["number"]), author=clean(organisation.name),
        subject=meta["title"], creator="inventory", invariant=1, lang=lang,
    )
    frame = Frame(MARGIN, doc.bottomMargin, CONTENT_WIDTH,
                  PAGE_HEIGHT - doc.topMargin - doc.bottomMargin, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(
        id="page", frames=[frame], onPage=lambda canvas, _doc: _draw_header_footer(canvas, meta))])
    doc.build(story, canvasmaker=_numbered_canvas(lang))
    return buffer.getvalue()
