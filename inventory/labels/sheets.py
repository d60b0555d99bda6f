"""Label sheets and action cards as PDF: plain values in, PDF bytes out.

Formats live in labels/*.toml (see labels_formats); where things go on a
label is decided in labels_layout. Output is byte-identical for the same
input (reportlab's invariant mode: no dates, fixed document id).
"""
import zlib
from io import BytesIO
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

from .formats import DEFAULT_DIRECTORY, LabelFormat, describe_formats, load_formats
from .layout import (LINE_FONT, TAG_FONT, LabelLayout, code128_bars, printable,
                            shorten, text_lines)
from .qr import QUIET_ZONE, draw_rows, qr_rows

__all__ = ["DEFAULT_DIRECTORY", "ActionCard", "Label", "LabelFormat", "describe_formats",
           "load_formats", "render_action_cards", "render_labels"]


class Label(NamedTuple):
    """One label: asset tag (upper case), the URL its QR encodes, and one short line."""

    tag: str
    url: str
    line: str = ""


class ActionCard(NamedTuple):
    """A card for the bulk-scanning page: a title for people, a code for scanners."""

    title: str
    code: str


def render_labels(label_format, labels, start=1, out=None):
    """Write the labels onto pages of label_format, the first at position `start` (1-based).

    Labels are drawn as they are read from the iterable, so a generator of any
    length can be passed. Writes to `out` (a binary file) and returns None, or
    returns the PDF bytes when out is None.
    """
    if not isinstance(start, int) or not 1 <= start <= label_format.per_page:
        raise ValueError(str(_l("The first label position must be between 1 and %(count)s.",
                                count=label_format.per_page)))
    target = BytesIO() if out is None else out
    canvas = _canvas(target, label_format.pagesize, label_format.description)
    layout = LabelLayout(label_format)
    position = start - 1
    for label in labels:
        if position == label_format.per_page:
            _end_page(canvas)
            position = 0
        x, y = label_format.label_origin(position)
        _draw_label(canvas, layout, label, x, y)
        position += 1
    _end_page(canvas)
    canvas.save()
    return target.getvalue() if out is None else None


def _canvas(target, pagesize, title):
    # Pages are compressed by _end_page, not by reportlab at save().
    canvas = Canvas(target, pagesize=pagesize, invariant=1, pageCompression=0)
    canvas.setTitle(title)
    canvas.setCreator("inventory")
    return canvas


def _end_page(canvas):
    """Finish the page and deflate its drawing operators now, so memory stays flat.

    reportlab keeps every page's operators as text until save(): about 4 KB a
    label, 45 MB for 10,000 labels. Deflated at once they take about a
    quarter of that, and reportlab writes a stream whose dictionary already
    names its filter as is (pdfdoc.PDFStream.format). It also skips the
    ASCII85 pass that reportlab adds to compressed pages, which is slow in
    pure Python and makes the file a quarter larger.
    """
    canvas.showPage()
    page = canvas._doc.Pages.pages[-1]
    content = zlib.compress(page.stream.encode("utf8"))
    page.Contents = PDFStream(PDFDictionary({"Filter": PDFName("FlateDecode")}), content)
    page.stream = None


def _draw_label(canvas, layout, label, x, y):
    rows = qr_rows(label.url)
    qr_x, qr_y, side, _ = layout.qr_box(len(rows))
    draw_rows(canvas, rows, x + qr_x, y + qr_y, side)
    for text, font, size, left, baseline in text_lines(layout, len(rows), label.tag, label.line):
        canvas.setFont(font, size)
        canvas.drawString(x + left, y + baseline, text)
    bars = code128_bars(label.tag)
    box = layout.barcode_box(bars[1]) if bars else None
    if box:
        bar_x, bar_y, module, height = box
        _draw_bars(canvas, bars[0], x + bar_x, y + bar_y, module, height)


def _draw_bars(canvas, bars, x, y, module, height):
    """Draw Code128 bars as one path, in bar-module units (integers only)."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(module, height)
    canvas.setFillGray(0)
    canvas.addLiteral("\n".join(f"{start} 0 {width} 1 re" for start, width in bars) + "\nf")
    canvas.restoreState()


# Action cards: 2 x 4 cards of 95 x 69.25 mm on A4, with light cutting lines.
CARD_COLUMNS = 2
CARD_ROWS = 4
CARD_MARGIN_MM = 10
CARD_PADDING_MM = 5
CARD_TITLE_MAX_PT = 24
CARD_BAR_HEIGHT_MM = 10
CARD_BAR_MODULE_MM = 0.4


def render_action_cards(cards):
    """Return an A4 PDF of action cards: big title, QR and Code128 of each card's code."""
    page_width, page_height = A4
    card_width = (page_width - 2 * CARD_MARGIN_MM * mm) / CARD_COLUMNS
    card_height = (page_height - 2 * CARD_MARGIN_MM * mm) / CARD_ROWS
    target = BytesIO()
    canvas = _canvas(target, A4, "Action cards")
    per_page = CARD_COLUMNS * CARD_ROWS
    for index, card in enumerate(cards):
        if index and index % per_page == 0:
            _end_page(canvas)
        row, column = divmod(index % per_page, CARD_COLUMNS)
        x = CARD_MARGIN_MM * mm + column * card_width
        y = page_height - CARD_MARGIN_MM * mm - (row + 1) * card_height
        _draw_card(canvas, ActionCard(*card), x, y, card_width, card_height)
    _end_page(canvas)
    canvas.save()
    return target.getvalue()


def _draw_card(canvas, card, x, y, width, height):
    pad = CARD_PADDING_MM * mm
    inner = width - 2 * pad
    title = printable(card.title)
    # A hair under the exact fit, as for the tag (see layout.text_lines).
    fit = inner * (1 - 1e-9) / max(canvas.stringWidth(title, TAG_FONT, 1), 1e-6)
    size = min(CARD_TITLE_MAX_PT, fit)
    size = max(size, 10)
    canvas.setFont(TAG_FONT, size)
    title_top = y + height - pad
    canvas.drawString(x + pad, title_top - size, shorten(title, TAG_FONT, size, inner))
    bar_top = y + pad + CARD_BAR_HEIGHT_MM * mm
    bars = code128_bars(card.code)
    if bars:
        module = min(CARD_BAR_MODULE_MM * mm, inner / (bars[1] + 20))
        left = x + (width - bars[1] * module) / 2
        _draw_bars(canvas, bars[0], left, y + pad, module, CARD_BAR_HEIGHT_MM * mm)
    side = (title_top - size * 1.3) - (bar_top + 2 * mm)
    rows = qr_rows(card.code)
    # The QR's quiet zone may reach into the card padding, never past the card.
    quiet = QUIET_ZONE * side / (len(rows) + 2 * QUIET_ZONE)
    draw_rows(canvas, rows, x + max(pad - quiet, 0), bar_top + 2 * mm, side)
    canvas.setFont(LINE_FONT, 9)
    code_left = x + max(pad - quiet, 0) + side
    canvas.drawString(code_left, bar_top + 2 * mm + side / 2,
                      shorten(printable(card.code), LINE_FONT, 9, x + width - pad - code_left))
    # Cutting line last, so that the QR's white quiet zone does not hide it.
    canvas.saveState()
    canvas.setStrokeGray(0.75)
    canvas.setLineWidth(0.5)
    canvas.setDash(2, 2)
    canvas.rect(x, y, width, height, stroke=1, fill=0)
    canvas.restoreState()
