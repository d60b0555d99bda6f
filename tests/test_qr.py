"""QR symbols: same matrix as the qrcode library, faster, drawn as vector shapes."""
import random
import string
import time
from io import BytesIO

import pypdfium2
import pytest
import qrcode
import zxingcpp
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from inventory.labels.qr import ERROR_CORRECTION, QUIET_ZONE, draw_qr, qr_matrix

_random = random.Random(18004)
PAYLOADS = [
    "https://dons.example.org/d/CC-00042",
    "https://dons.example.org/inventaire/d/ABCDEF-123456",
    "ACTION:READY",
    "0123456789" * 8,  # numeric mode
    "HTTPS://EXAMPLE.ORG/D/CC-1",  # alphanumeric mode
    "é" * 40,  # UTF-8 bytes
    "x",
    "A" * 400,  # version 7 and above carry version information cells
    *("".join(_random.choice(string.printable) for _ in range(_random.randint(1, 120)))
      for _ in range(60)),
]


def reference_matrix(payload):
    """The qrcode library's own symbol, with its own (slow) mask choice."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=0)
    code.add_data(payload)
    code.make()
    return tuple(tuple(bool(cell) for cell in row) for row in code.modules)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_matrix_is_the_one_qrcode_builds(payload):
    assert qr_matrix(payload) == reference_matrix(payload)


def test_matrix_is_square_booleans_without_quiet_zone():
    matrix = qr_matrix("https://dons.example.org/d/CC-00042")
    size = len(matrix)
    assert (size - 17) % 4 == 0 and all(len(row) == size for row in matrix)
    assert all(isinstance(cell, bool) for row in matrix for cell in row)
    # The finder pattern's dark 7-module border starts at the very first module.
    assert all(matrix[0][:7]) and all(row[0] for row in matrix[:7])


def test_mask_choice_is_much_faster_than_qrcode():
    payloads = [f"https://dons.example.org/d/CC-{number:05d}" for number in range(60)]
    qr_matrix(payloads[0])  # per-version tables are built once

    def seconds(build):
        started = time.perf_counter()
        for payload in payloads:
            build(payload)
        return time.perf_counter() - started

    assert seconds(qr_matrix) * 2 < seconds(reference_matrix)


def render(draw, width=60 * mm, height=60 * mm):
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=0)
    result = draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), result


def thermal_image(pdf, dpi=203):
    """First page as a thermal head prints it: pure black and white, no grey."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=dpi / 72).to_pil().convert("L")
    return image.point(lambda value: 255 if value >= 128 else 0)


@pytest.mark.parametrize("payload", [
    "https://dons.example.org/inventaire/d/ABCDEF-123456",
    "ACTION:READY",
])
def test_drawn_code_decodes_at_203_dpi_with_its_quiet_zone(payload):
    x, y, size = 10 * mm, 12 * mm, 25 * mm
    pdf, module = render(lambda canvas: draw_qr(canvas, payload, x, y, size))
    count = len(qr_matrix(payload))
    assert module == pytest.approx(size / (count + 2 * QUIET_ZONE))
    assert b"/Subtype /Image" not in pdf  # vector shapes, never a raster image

    image = thermal_image(pdf)
    scale = 203 / 72
    left, top = round(x * scale), round((60 * mm - y - size) * scale)
    side = round(size * scale)
    results = zxingcpp.read_barcodes(image.crop((left, top, left + side, top + side)))
    assert [(result.text, result.ec_level) for result in results] == [(payload, "M")]

    quiet = int(QUIET_ZONE * module * scale) - 1
    symbol = image.crop((left + 1, top + 1, left + side - 1, top + side - 1))
    inner = symbol.crop((quiet, quiet, symbol.width - quiet, symbol.height - quiet))
    assert symbol.histogram()[0] == inner.histogram()[0]  # no dark pixel in the quiet zone


def test_dark_runs_are_merged_into_one_rectangle_each():
    payload = "https://dons.example.org/d/CC-00042"
    pdf, _ = render(lambda canvas: draw_qr(canvas, payload, 0, 0, 40 * mm))
    runs = sum(len("".join("1" if cell else "0" for cell in row).replace("0", " ").split())
               for row in qr_matrix(payload))
    start = pdf.index(b"stream") + len(b"stream")
    operators = pdf[start:pdf.index(b"endstream", start)].decode("latin-1")
    # One rectangle per run of dark modules, plus the white background square,
    # and the dark ones all filled at once.
    assert operators.count(" re") == runs + 1
    assert operators.count("\nf") == 1
