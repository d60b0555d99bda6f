"""The Unicode font every document and label is printed in, and which text it can print.

DejaVu Sans 2.37, regular and bold, copied from Debian's fonts-dejavu-core
(licence: LICENSE-DejaVu.txt beside this file). It covers Latin with
Vietnamese, Greek and Cyrillic, so "Nguyễn", "Łukasz" or "Ярослава" print as
typed. It ships inside the package so that the output does not depend on the
fonts of the machine; reportlab embeds the subset of glyphs a PDF uses.
"""
import os
import unicodedata

from flask_babel import lazy_ngettext
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT, FONT_BOLD = "InventorySans", "InventorySans-Bold"
FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
DIRECTORY = os.path.dirname(os.path.abspath(__file__))

# reportlab lays every line out left to right and does not join letters, so
# Hebrew and Arabic would print reversed and unjoined although DejaVu has
# their glyphs: they are refused like characters the font lacks.
RIGHT_TO_LEFT = frozenset(("R", "AL", "AN"))


def _register():
    """Register both faces and the family once per process; return the characters they draw."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        for name, filename in FILES.items():
            pdfmetrics.registerFont(TTFont(name, os.path.join(DIRECTORY, filename)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                      boldItalic=FONT_BOLD)
    # Any text may be set in bold (names in headers, table heads): only what both faces have.
    faces = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in FILES]
    return frozenset(map(chr, set.intersection(*faces)))


DRAWABLE = _register()


def normalized(text):
    """Return text in NFC, so that "e" + combining marks prints as the one letter "ễ"."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def _is_invisible(char):
    """Whether char is a control or format character that prints as nothing (e.g. U+200B)."""
    return not char.isspace() and unicodedata.category(char) in ("Cc", "Cf")


def _is_break(char):
    """Whether char is a space the font does not draw as such (tab, line break, ideographic).

    The no-break spaces of French typography are drawn as they are.
    """
    return char.isspace() and (char not in DRAWABLE
                               or unicodedata.category(char) in ("Cc", "Zl", "Zp"))


def one_line(text):
    """Return text in NFC on one line: line breaks and tabs become spaces, invisible controls go.

    Nothing else is changed: a letter the font lacks stays (and shows as a
    box); refusal() keeps such text out when it is typed.
    """
    return "".join(" " if _is_break(char) else char for char in normalized(text)
                   if not _is_invisible(char))


def unprintable(text):
    """Return the characters of text that the documents and labels cannot print, once each."""
    text = "" if text is None else str(text)
    if text.isascii():  # the font draws all of ASCII; controls print as spaces or nothing
        return []
    found = []
    for char in normalized(text):
        if char.isspace() or _is_invisible(char) or char in found:
            continue
        if char not in DRAWABLE or unicodedata.bidirectional(char) in RIGHT_TO_LEFT:
            found.append(char)
    return found


def refusal(text):
    """Return the message refusing text if some of its characters cannot be printed, else None."""
    chars = unprintable(text)
    if not chars:
        return None
    shown = ", ".join("%s (U+%04X)" % (char, ord(char)) for char in chars)
    return lazy_ngettext(
        "This character cannot be printed on receipts, certificates and labels: %(chars)s. "
        "Remove it or write the text with other characters.",
        "These characters cannot be printed on receipts, certificates and labels: %(chars)s. "
        "Remove them or write the text with other characters.",
        len(chars), chars=shown)
