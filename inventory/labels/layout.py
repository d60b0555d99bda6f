"""Where each element goes on a label, and how text is made to fit.

A label is laid out once per format (and per QR size), then every label of a
run reuses that layout:

- The QR code sits at the left, as large as the label height allows. Its
  4-module quiet zone may cover the label's padding (padding is blank paper
  anyway), but no dark module is drawn inside the padding. On a thermal
  printer (`dots_per_inch` set) the module is rounded down to whole printer
  dots so that every module prints the same width.
- The asset tag (large bold type) and the short line go in the column to the
  right of the QR, shrunk and then shortened with an ellipsis to fit.
- Code128 rule: a format may list "code128" only where the label is wide
  enough for the Code128 of a 13-character tag (the worst case, all letters:
  178 modules plus 10-module quiet zones each side) at a 0.25 mm X-dimension,
  which cheap 1D scanners read, with the QR code still at 0.5 mm modules
  (4 dots at 203 dpi) for a 62-byte URL (version 4, 33 modules) above a 6 mm
  bar band. The barcode then spans the label width at the bottom.
"""
import math
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from ..fonts import FONT, FONT_BOLD, one_line
from .qr import QUIET_ZONE

TAG_FONT = FONT_BOLD
LINE_FONT = FONT
TAG_MAX_PT = 22
TAG_MIN_PT = 5
LINE_MAX_PT = 9
LINE_MIN_PT = 4.5
LEADING = 1.15
ELLIPSIS = "\u2026"

MIN_BAR_MODULE_MM = 0.25
MAX_BAR_MODULE_MM = 0.5
BAR_HEIGHT_MM = 6.0
BAND_GAP_MM = 1.0
CODE128_QUIET = 10  # modules each side (ISO/IEC 15417)
LONGEST_TAG = "ABCDEFGHIJKLM"
MIN_QR_MODULE_MM = 0.5
REFERENCE_QR_MODULES = 33  # version 4 at level M holds 62 bytes
QR_MAX_SHARE = 0.6  # of the label width, when text shares the label
# A point this far (times the corner radius) from both edges of a rounded
# corner is on the label: 1 - 1/sqrt(2).
CORNER_INSET = 1 - 1 / math.sqrt(2)


def inner_padding(label_format):
    """Return the blank margin in mm that no ink may enter, rounded corners included."""
    return max(label_format.padding, label_format.corner_radius * CORNER_INSET)


def code128_bars(value):
    """Return ([(start, width), ...] of bars in modules, total modules) or None if not encodable."""
    try:
        symbol = Code128(value, quiet=0)
        symbol.validate()
        if not symbol.valid or not value:
            return None
        symbol.encode()
        pattern = symbol.decompose()
    except (KeyError, ValueError, IndexError):
        return None
    bars, position = [], 0
    for letter in pattern:  # upper case = bar, lower case = space, letter = width
        width = ord(letter.lower()) - ord("a") + 1
        if letter.isupper():
            bars.append((position, width))
        position += width
    return bars, position


def code128_problem(label_format):
    """Return why the format cannot carry a Code128 under the rule above, or None."""
    width = label_format.label_width - 2 * inner_padding(label_format)
    needed = (code128_bars(LONGEST_TAG)[1] + 2 * CODE128_QUIET) * MIN_BAR_MODULE_MM
    if width + 1e-6 < needed:
        return _l("'elements': a Code128 of a %(length)s-character tag needs %(needed)s mm of "
                  "width, the label has %(width)s mm inside its padding",
                  length=len(LONGEST_TAG), needed=f"{needed:.1f}", width=f"{width:.1f}")
    module = LabelLayout(label_format).qr_box(REFERENCE_QR_MODULES)[3] / mm
    if module + 1e-6 < MIN_QR_MODULE_MM:
        return _l("'elements': with a Code128 the QR modules would be %(size)s mm, under "
                  "the %(minimum)s mm that a 203 dpi printer needs",
                  size=f"{module:.2f}", minimum=MIN_QR_MODULE_MM)
    return None


class LabelLayout:
    """Boxes on one label of a format, in points from the label's bottom-left corner."""

    def __init__(self, label_format):
        self.width = label_format.label_width * mm
        self.height = label_format.label_height * mm
        self.pad = inner_padding(label_format) * mm
        self.dot = 72 / label_format.dots_per_inch if label_format.dots_per_inch else None
        self.has_barcode = "code128" in label_format.elements
        self.has_tag = "tag" in label_format.elements
        self.has_line = "line" in label_format.elements
        self.text_lines = label_format.text_lines if self.has_line else 0
        # Bottom of the area above the barcode band (the band holds the bottom padding).
        self.bottom = (self.pad + (BAR_HEIGHT_MM + BAND_GAP_MM) * mm) if self.has_barcode else 0
        self._qr_boxes = {}

    def qr_box(self, modules):
        """Return (x, y, side, module) of the QR square (quiet zone included) for a symbol size."""
        if modules not in self._qr_boxes:
            self._qr_boxes[modules] = self._fit_qr(modules)
        return self._qr_boxes[modules]

    def _fit_qr(self, modules):
        count = modules + 2 * QUIET_ZONE
        pad_bottom = 0 if self.has_barcode else self.pad
        room = self.height - self.bottom
        share = QR_MAX_SHARE if (self.has_tag or self.has_line) else 1
        limit = min(room, self.width * share)

        def extent(side):
            """Height used by a square of this side once its dark modules clear the padding."""
            quiet = QUIET_ZONE * side / count
            return side + max(0, self.pad - quiet) + max(0, pad_bottom - quiet)

        # extent() grows with side, so bisection finds the largest side that fits.
        low, high = 0.0, limit
        for _ in range(50):
            middle = (low + high) / 2
            low, high = (middle, high) if extent(middle) <= room and middle <= limit \
                else (low, middle)
        module = low / count
        if self.dot and module >= self.dot:
            module = math.floor(module / self.dot + 1e-9) * self.dot
        side = module * count
        quiet = QUIET_ZONE * module
        x = max(0, self.pad - quiet)
        # Centre the square in the height left once the dark modules clear the padding.
        low = self.bottom + max(0, pad_bottom - quiet)
        high = self.height - max(0, self.pad - quiet) - side
        y = (low + high) / 2
        if self.dot:
            x = math.ceil(x / self.dot - 1e-9) * self.dot
            y = min(max(round(y / self.dot) * self.dot, low), high)
        return x, y, side, module

    def text_box(self, modules):
        """Return (left, bottom, right, top) of the text column beside a QR of this size."""
        x, _, side, _ = self.qr_box(modules)
        bottom = self.bottom if self.has_barcode else self.pad
        return x + side, bottom, self.width - self.pad, self.height - self.pad

    def barcode_box(self, total_modules):
        """Return (x, y, bar module, bar height) for a Code128, or None if it would be too thin."""
        if not self.has_barcode:
            return None
        room = self.width - 2 * self.pad
        module = min(MAX_BAR_MODULE_MM * mm, room / (total_modules + 2 * CODE128_QUIET))
        if self.dot:
            module = math.floor(module / self.dot + 1e-9) * self.dot
        if module < MIN_BAR_MODULE_MM * mm * 0.999:
            return None
        x = (self.width - total_modules * module) / 2
        if self.dot:
            x = round(x / self.dot) * self.dot
        return x, self.pad, module, BAR_HEIGHT_MM * mm


def printable(text):
    """Return text as one line for a label: spaces for line breaks, controls dropped.

    Letters are kept as typed: the label font (inventory.fonts) is the one of
    the documents, and what it cannot draw is refused when the text is typed.
    """
    return " ".join(one_line(text).split())


def _longest_prefix(text, font, size, width, suffix=""):
    """Return the length of the longest prefix of text that fits in width with suffix."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle].rstrip() + suffix, font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def shorten(text, font, size, width):
    """Return text, or its longest prefix plus an ellipsis, that fits in width points."""
    if stringWidth(text, font, size) <= width:
        return text
    length = _longest_prefix(text, font, size, width, ELLIPSIS)
    if length:
        return text[:length].rstrip() + ELLIPSIS
    return ELLIPSIS if stringWidth(ELLIPSIS, font, size) <= width else ""


def wrap(text, font, size, width, lines):
    """Split text into at most `lines` lines that fit width; the last is shortened if needed."""
    if lines < 1:
        return []
    result, words = [], [word for word in text.split(" ") if word]
    while words and len(result) < lines - 1:
        line = words.pop(0)
        while words and stringWidth(line + " " + words[0], font, size) <= width:
            line += " " + words.pop(0)
        if stringWidth(line, font, size) > width:
            # A word longer than the line is cut; the rest goes on the next line.
            length = _longest_prefix(line, font, size, width)
            if not length:
                return result
            words.insert(0, line[length:].strip())
            line = line[:length]
        result.append(line)
    if words:
        result.append(shorten(" ".join(words), font, size, width))
    return [line for line in result if line]


@lru_cache(maxsize=64)
def _ascent_descent(font, size):
    ascent, descent = getAscentDescent(font, size)
    return ascent, -descent


def text_lines(layout, modules, tag, line):
    """Return [(text, font, size, x, baseline), ...] for the tag and short line of one label."""
    left, bottom, right, top = layout.text_box(modules)
    width, height = right - left, top - bottom
    if width <= 0 or height <= 0:
        return []
    placed, cursor = [], top
    if layout.has_tag:
        tag = printable(tag)
        # A hair under the exact fit: at that size the rounding of stringWidth may find the
        # tag a millionth of a point too wide, and shorten() would then cut it.
        fit = width * (1 - 1e-9) / max(stringWidth(tag, TAG_FONT, 1), 1e-6)
        size = min(TAG_MAX_PT, 0.45 * height, fit)
        size = max(size, TAG_MIN_PT)
        ascent, descent = _ascent_descent(TAG_FONT, size)
        if ascent + descent > height:
            return []
        tag = shorten(tag, TAG_FONT, size, width)
        if tag:
            placed.append((tag, TAG_FONT, size, left, cursor - ascent))
        cursor -= (ascent + descent) * LEADING
    if layout.text_lines:
        # Sized from the column height, not from the tag, so that a long tag
        # that had to shrink does not shrink the line with it.
        size = max(LINE_MIN_PT, min(LINE_MAX_PT, 0.27 * height, 0.11 * width))
        ascent, descent = _ascent_descent(LINE_FONT, size)
        step = (ascent + descent) * LEADING
        room = 0 if cursor - ascent - descent < bottom else \
            1 + int((cursor - ascent - descent - bottom) / step)
        for text in wrap(printable(line), LINE_FONT, size, width, min(room, layout.text_lines)):
            placed.append((text, LINE_FONT, size, left, cursor - ascent))
            cursor -= step
    return placed
