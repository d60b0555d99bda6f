"""Label sheets: every shipped format prints labels that scanners read back exactly."""
import shutil
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from inventory.labels.sheets import (CARD_COLUMNS, CARD_MARGIN_MM, CARD_ROWS, DEFAULT_DIRECTORY,
                              Label, describe_formats, load_formats, render_action_cards,
                              render_labels)
from inventory.labels.layout import (LabelLayout, code128_bars, inner_padding, printable,
                                     shorten, text_lines, wrap)
from inventory.labels.qr import qr_matrix

SHIPPED = {"a4-21": 21, "a4-24": 24, "a4-65": 65,
           "brother-62x29": 1, "dymo-57x32": 1, "zebra-2x1": 1}
WITH_CODE128 = {"a4-21", "a4-24", "dymo-57x32"}
FORMATS, ERRORS = load_formats()
SCANNED = (zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.Code128)


def make_labels(base_url, tags, line="Dell Latitude 5490"):
    return [Label(tag, f"{base_url}/d/{tag}", line) for tag in tags]


def page_images(pdf, dpi, thermal):
    """Rasterise each page; `thermal` thresholds to pure black and white like a 203 dpi head."""
    for page in pypdfium2.PdfDocument(pdf):
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        yield image.point(lambda value: 255 if value >= 128 else 0) if thermal else image


def label_images(label_format, pdf, dpi=203, thermal=True, start=1):
    """Cut every label position of every page out of the page images, in order."""
    scale = dpi / 72
    page_height = label_format.pagesize[1]
    for page_number, image in enumerate(page_images(pdf, dpi, thermal)):
        for position in range(label_format.per_page):
            x, y = label_format.label_origin(position)
            box = (round(x * scale), round((page_height - y - label_format.label_height * mm)
                                           * scale),
                   round((x + label_format.label_width * mm) * scale),
                   round((page_height - y) * scale))
            yield page_number, position, image.crop(box)


def decoded(image):
    return sorted((result.format.name, result.text)
                  for result in zxingcpp.read_barcodes(image, formats=SCANNED))


def expected_codes(label_format, label):
    codes = [("QRCode", label.url)]
    if label_format.name in WITH_CODE128:
        codes.append(("Code128", label.tag))
    return sorted(codes)


def test_shipped_formats_all_load():
    assert ERRORS == []
    assert {name: label_format.per_page for name, label_format in FORMATS.items()} == SHIPPED


def test_default_directory_is_the_labels_folder_beside_the_package():
    # Through the package's label_formats link, so an installed wheel has them too.
    assert DEFAULT_DIRECTORY.resolve() == Path(__file__).resolve().parent.parent / "labels"
    assert load_formats(DEFAULT_DIRECTORY)[0] == FORMATS


def test_formats_are_listed_with_size_and_count_per_page():
    lines = describe_formats(FORMATS)
    assert len(lines) == len(SHIPPED)
    assert lines[0].startswith("a4-21: ") and "21" in lines[0] and "63.5 x 38.1 mm" in lines[0]
    assert any(line.startswith("zebra-2x1: ") and "50.8 x 25.4 mm" in line for line in lines)


PAYLOADS = {
    "short": ("https://dons.example.org", ["CC-00001", "CC-00042", "CC-99999"]),
    # Longest tags, behind a base URL with a path prefix: the largest QR version.
    "longest": ("https://dons.example.org/inventaire", ["ABCDEF-123456", "ZZZZZZ-999999",
                                                        "A1B2C3-D4E5F6"]),
}


@pytest.mark.parametrize("printing", ["203dpi-thermal", "300dpi"])
@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("name", SHIPPED)
def test_every_label_decodes_to_its_url_and_tag(name, payload, printing):
    label_format = FORMATS[name]
    base_url, tags = PAYLOADS[payload]
    count = label_format.per_page if label_format.per_page > 1 else 3
    labels = make_labels(base_url, (tags * count)[:count])
    pdf = render_labels(label_format, labels)
    dpi, thermal = (203, True) if printing == "203dpi-thermal" else (300, False)

    found = [decoded(image) for _, _, image in label_images(label_format, pdf, dpi, thermal)]

    assert found == [expected_codes(label_format, label) for label in labels]


@pytest.mark.parametrize("name", SHIPPED)
def test_qr_modules_are_at_least_half_a_millimetre(name):
    url = "https://dons.example.org/inventaire/d/ABCDEF-123456"
    module = LabelLayout(FORMATS[name]).qr_box(len(qr_matrix(url)))[3]
    assert module >= 0.5 * mm - 1e-9  # 4 dots at 203 dpi


@pytest.mark.parametrize("name", ["zebra-2x1", "brother-62x29", "dymo-57x32"])
def test_thermal_modules_are_whole_printer_dots(name):
    label_format = FORMATS[name]
    dot = 72 / label_format.dots_per_inch
    x, y, side, module = LabelLayout(label_format).qr_box(33)
    assert module / dot == pytest.approx(round(module / dot))
    assert x / dot == pytest.approx(round(x / dot))


@pytest.mark.parametrize("start, filled", [
    (1, [0, 1, 2]),
    (5, [4, 5, 6]),
    (20, [19, 20, 21 + 0]),
])
def test_sheet_starts_at_the_given_position(start, filled):
    label_format = FORMATS["a4-21"]
    labels = make_labels("https://dons.example.org", ["CC-00001", "CC-00002", "CC-00003"])
    pdf = render_labels(label_format, labels, start=start)

    found = {(page * 21 + position): decoded(image)
             for page, position, image in label_images(label_format, pdf, dpi=100)}

    assert len(found) == 21 * (2 if start == 20 else 1)
    assert [position for position, codes in sorted(found.items()) if codes] == filled
    assert [found[position][1][1] for position in filled] == [label.url for label in labels]


@pytest.mark.parametrize("start", [0, 22, -1, "3", 2.0])
def test_start_outside_the_sheet_is_refused(start):
    with pytest.raises(ValueError, match="between 1 and 21"):
        render_labels(FORMATS["a4-21"], [], start=start)


def test_same_input_gives_the_same_bytes(tmp_path):
    labels = make_labels("https://dons.example.org", ["CC-00001", "CC-00002"])
    first = render_labels(FORMATS["a4-24"], labels)
    with open(tmp_path / "labels.pdf", "wb") as out:
        assert render_labels(FORMATS["a4-24"], iter(labels), out=out) is None

    assert (tmp_path / "labels.pdf").read_bytes() == first
    assert render_labels(FORMATS["a4-24"], labels[:1]) != first
    assert b"/Subtype /Image" not in first  # vector shapes only


def copy_format(tmp_path, name, edit=None):
    source = (DEFAULT_DIRECTORY / f"{name}.toml").read_text()
    (tmp_path / f"{name}.toml").write_text(edit(source) if edit else source)


def replace_line(key, value):
    def edit(text):
        lines = [f"{key} = {value}" if line.startswith(f"{key} =") else line
                 for line in text.splitlines()]
        return "\n".join(line for line in lines if value is not None or line != f"{key} = None")
    return edit


@pytest.mark.parametrize("edit, error", [
    (replace_line("columns", 0), "a4-24.toml: 'columns' must be a whole number greater than 0"),
    (replace_line("columns", '"3"'), "a4-24.toml: 'columns' must be a whole number greater"),
    (replace_line("columns", 2.5), "a4-24.toml: 'columns' must be a whole number greater"),
    (replace_line("label_width", -70), "a4-24.toml: 'label_width' must be a length in mm"),
    (replace_line("label_width", None), "a4-24.toml: 'label_width' is missing"),
    (replace_line("gap_vertical", "true"), "a4-24.toml: 'gap_vertical' must be a length"),
    (replace_line("orientation", '"sideways"'), "a4-24.toml: 'orientation' must be"),
    (replace_line("elements", '["tag", "line"]'), "a4-24.toml: 'elements' must list \"qr\""),
    (replace_line("elements", '["qr", "logo"]'), "a4-24.toml: 'elements' must list \"qr\""),
    (replace_line("columns", 4), "a4-24.toml: 'columns': 4 labels need 280 mm, the page is"),
    (replace_line("rows", 9), "a4-24.toml: 'rows': 9 labels need 333.5 mm"),
    (replace_line("padding", 19), "a4-24.toml: 'padding' leaves no room"),
    (lambda text: text + "\ncolums = 3\n", "a4-24.toml: unknown field 'colums'"),
    (lambda text: text.replace("rows = 8", "rows = = 8"), "a4-24.toml: not a valid TOML file"),
    (lambda text: text.replace('"A4 sheet', "'A4 sheet"), "a4-24.toml: not a valid TOML file"),
])
def test_a_malformed_format_is_reported_and_the_others_still_load(tmp_path, edit, error):
    copy_format(tmp_path, "a4-21")
    copy_format(tmp_path, "a4-24", edit)
    copy_format(tmp_path, "zebra-2x1")

    formats, errors = load_formats(tmp_path)

    assert len(errors) == 1 and errors[0].startswith(error), errors
    assert set(formats) == {"a4-21", "zebra-2x1"}


@pytest.mark.parametrize("name, error", [
    ("a4-65", "a4-65.toml: 'elements': a Code128 of a 13-character tag needs 49.5 mm"),
    ("brother-62x29", "brother-62x29.toml: 'elements': with a Code128 the QR modules would"),
])
def test_code128_is_refused_where_the_label_is_too_small(tmp_path, name, error):
    copy_format(tmp_path, name, replace_line("elements", '["qr", "tag", "line", "code128"]'))
    formats, errors = load_formats(tmp_path)
    assert formats == {} and len(errors) == 1 and errors[0].startswith(error), errors


def test_adding_a_printer_is_adding_a_file(tmp_path):
    copy_format(tmp_path, "zebra-2x1", lambda text: text.replace("50.8", "76.2").replace(
        "2 x 1 in", "3 x 1 in"))
    shutil.copy(DEFAULT_DIRECTORY / "a4-21.toml", tmp_path / "a4-21-copy.toml")
    (tmp_path / "a4-21-copy.toml").write_text((DEFAULT_DIRECTORY / "a4-21.toml").read_text()
                                              + 'name = "workshop-sheet"\n')
    formats, errors = load_formats(tmp_path)
    assert errors == [] and set(formats) == {"zebra-2x1", "workshop-sheet"}
    assert formats["zebra-2x1"].label_width == 76.2


def test_two_files_with_one_name_are_reported(tmp_path):
    copy_format(tmp_path, "a4-21")
    (tmp_path / "b.toml").write_text((DEFAULT_DIRECTORY / "a4-21.toml").read_text()
                                     + 'name = "a4-21"\n')
    formats, errors = load_formats(tmp_path)
    assert set(formats) == {"a4-21"}
    assert errors == ["b.toml: the name 'a4-21' is already used by another file"]


HOSTILE = [
    ("CC-00042", "W" * 300),
    ("CC-00043", "مرحبا بالعالم " * 10),  # right-to-left script
    ("CC-00044", "😀🚀 émoji " * 20),
    ("CC-00045", "\u202eevil\u202c \x00\x1b[31m <b>bold</b> %(x)s {} \n\t" * 5),
    ("CC-00046", ""),
    ("WWWWWWWWWWWWWWWWWWWW", "MMMMMMMMMM " * 30),  # a tag far wider than the label
]


@pytest.mark.parametrize("name", SHIPPED)
def test_hostile_text_never_leaves_its_column(name):
    label_format = FORMATS[name]
    layout = LabelLayout(label_format)
    for tag, line in HOSTILE:
        modules = len(qr_matrix(f"https://dons.example.org/d/{tag}"))
        left, bottom, right, top = layout.text_box(modules)
        qr_x, qr_y, side, _ = layout.qr_box(modules)
        assert left >= qr_x + side and right <= layout.width and top <= layout.height
        for text, font, size, x, baseline in text_lines(layout, modules, tag, line):
            ascent, descent = getAscentDescent(font, size)
            assert x >= left and x + stringWidth(text, font, size) <= right + 1e-6
            assert baseline + ascent <= top + 1e-6 and baseline + descent >= bottom - 1e-6


@pytest.mark.parametrize("name", SHIPPED)
def test_hostile_text_leaves_no_ink_outside_the_label_and_codes_still_decode(name):
    label_format = FORMATS[name]
    labels = make_labels("https://dons.example.org", [tag for tag, _ in HOSTILE])
    labels = [label._replace(line=line) for label, (_, line) in zip(labels, HOSTILE)]
    pdf = render_labels(label_format, labels)
    # 2 pixels of slack: crop rounding and anti-aliased glyph edges.
    dpi, inset = 150, inner_padding(label_format) * mm * 150 / 72 - 2

    for index, (_, _, image) in enumerate(label_images(label_format, pdf, dpi, thermal=False)):
        ink = image.point(lambda value: 255 if value < 250 else 0).getbbox()
        if index >= len(labels):
            assert ink is None  # unused positions stay blank
            continue
        assert ink is not None
        assert ink[0] >= inset and ink[1] >= inset
        assert ink[2] <= image.width - inset and ink[3] <= image.height - inset
        assert ("QRCode", labels[index].url) in decoded(image)
        if name in WITH_CODE128 and len(labels[index].tag) <= 13:
            assert ("Code128", labels[index].tag) in decoded(image)


@pytest.mark.parametrize("text, expected", [
    ("Dell  Latitude\n5490", "Dell Latitude 5490"),
    ("Élève à Lille — 50 €", "Élève à Lille — 50 €"),
    ("\u202eevil\u202c", "evil"),
    # Letters are never replaced: what the font lacks is refused at entry (test_unicode_documents).
    ("Łukasz Wróbel-Żółć", "Łukasz Wróbel-Żółć"),
    ("Nguye\u0302\u0303n", "Nguy\u1ec5n"),  # decomposed (NFD, as macOS files it) -> NFC
    ("😀 ok", "😀 ok"),
    (None, ""),
])
def test_text_is_one_line_without_controls_and_keeps_its_letters(text, expected):
    assert printable(text) == expected


@pytest.mark.parametrize("text, width, expected", [
    ("Dell Latitude", 200, "Dell Latitude"),
    ("Dell Latitude 5490 i5", 50, "Dell Latit…"),
    ("WWWW", 1, ""),
])
def test_text_too_long_is_shortened_with_an_ellipsis(text, width, expected):
    shortened = shorten(text, "Helvetica", 10, width)
    assert shortened == expected
    assert stringWidth(shortened, "Helvetica", 10) <= width


@pytest.mark.parametrize("text, lines, expected", [
    ("Dell Latitude 5490 i5", 2, ["Dell Latitude", "5490 i5"]),
    ("Dell Latitude 5490 i5 8 Go SSD 256", 2, ["Dell Latitude", "5490 i5 8…"]),
    ("Supercalifragilistic", 2, ["Supercalifrag", "ilistic"]),
    ("Dell Latitude", 0, []),
])
def test_short_line_wraps_then_shortens(text, lines, expected):
    wrapped = wrap(text, "Helvetica", 10, 60, lines)
    assert wrapped == expected
    assert all(stringWidth(line, "Helvetica", 10) <= 60 for line in wrapped)


def test_tags_that_code128_cannot_encode_get_no_barcode():
    assert code128_bars("CC-00042") is not None
    assert code128_bars("CC-ÉTÉ") is None and code128_bars("") is None


def test_action_cards_decode_to_their_code():
    cards = [(f"Action {number}", f"ACTION:STEP{number}") for number in range(9)]
    pdf = render_action_cards(cards)
    pages = list(page_images(pdf, 203, thermal=True))
    assert len(pages) == 2  # 8 cards a page

    scale = 203 / 72
    margin = CARD_MARGIN_MM * mm * scale
    width = (pages[0].width - 2 * margin) / CARD_COLUMNS
    height = (pages[0].height - 2 * margin) / CARD_ROWS
    found = []
    for page in pages:
        for row in range(CARD_ROWS):
            for column in range(CARD_COLUMNS):
                left, top = margin + column * width, margin + row * height
                card = page.crop((round(left), round(top), round(left + width),
                                  round(top + height)))
                found.append(decoded(card))
    expected = [sorted([("QRCode", code), ("Code128", code)]) for _, code in cards]
    assert found == expected + [[]] * 7
