"""Label rendering benchmark: `run()` returns (name, figure, unit) rows for `make bench`.

Targets (issue "labels"): 1,000 labels on A4 24-up in 1.5 s or less; 10,000 in
12 s or less with a peak RSS of 100 MB or less. The naive build (qrcode -> PNG
-> canvas.drawImage) is measured in the same run for comparison.
"""
import json
import os
import resource
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = "https://dons.example.org/inventaire"
FORMAT = "a4-24"


def labels(count):
    """Yield count labels, made on demand so that none is held in memory."""
    from inventory.labels.sheets import Label

    for number in range(1, count + 1):
        tag = f"CC-{number:05d}"
        yield Label(tag, f"{BASE_URL}/d/{tag}", "Dell Latitude 5490 - Entreprise du Nord")


def render_to_devnull(count):
    """Render count labels to /dev/null; print seconds and this process's peak RSS as JSON."""
    from inventory.labels.sheets import load_formats, render_labels

    label_format = load_formats()[0][FORMAT]
    started = time.perf_counter()
    with open(os.devnull, "wb") as out:
        render_labels(label_format, labels(count), out=out)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mb": peak_rss_mb()}))


def peak_rss_mb():
    """Peak resident memory of this process in MB.

    VmHWM belongs to this program alone; ru_maxrss also counts what the parent
    held when it forked us, so it is only the fallback off Linux.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_subprocess(count):
    """Run render_to_devnull in a fresh interpreter, so its peak RSS is its own."""
    code = f"import bench.labels as b; b.render_to_devnull({count})"
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def naive(label_format, items):
    """The obvious build: a PNG per QR code, placed with drawImage."""
    import qrcode
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from inventory.labels.layout import LabelLayout

    target = BytesIO()
    canvas = Canvas(target, pagesize=label_format.pagesize, invariant=1)
    layout = LabelLayout(label_format)
    x0, y0, side, _ = layout.qr_box(33)
    for index, label in enumerate(items):
        position = index % label_format.per_page
        if index and not position:
            canvas.showPage()
        x, y = label_format.label_origin(position)
        png = BytesIO()
        qrcode.make(label.url, error_correction=qrcode.constants.ERROR_CORRECT_M).save(png)
        png.seek(0)
        canvas.drawImage(ImageReader(png), x + x0, y + y0, side, side)
        canvas.setFont("Helvetica-Bold", 14)
        canvas.drawString(x + x0 + side, y + y0 + side - 14, label.tag)
    canvas.showPage()
    canvas.save()
    return target.getvalue()


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def run():
    """Measure and return [(name, figure, unit), ...]."""
    import qrcode

    from inventory.labels.sheets import load_formats, render_labels
    from inventory.labels.qr import ERROR_CORRECTION, qr_rows

    label_format = load_formats()[0][FORMAT]
    many = in_subprocess(10_000)
    render_labels(label_format, labels(24))  # warm the per-version tables and fonts
    seconds, pdf = timed(render_labels, label_format, labels(1000))
    naive_seconds, naive_pdf = timed(naive, label_format, list(labels(1000)))

    payloads = [label.url for label in labels(300)]

    def reference(payload):
        code = qrcode.QRCode(error_correction=ERROR_CORRECTION)
        code.add_data(payload)
        code.make()

    ours = timed(lambda: [qr_rows(payload) for payload in payloads])[0]
    theirs = timed(lambda: [reference(payload) for payload in payloads])[0]
    return [
        ("labels: 1,000 on A4 24-up (target <= 1.5 s)", round(seconds, 3), "s"),
        ("labels: 1,000 naive build (qrcode PNG + drawImage)", round(naive_seconds, 3), "s"),
        ("labels: 1,000 PDF size", round(len(pdf) / 1024), "KiB"),
        ("labels: 1,000 naive PDF size", round(len(naive_pdf) / 1024), "KiB"),
        ("labels: 10,000 on A4 24-up (target <= 12 s)", round(many["seconds"], 3), "s"),
        ("labels: 10,000 peak RSS (target <= 100 MB)", round(many["peak_mb"], 1), "MB"),
        ("labels: QR symbol, inventory.qr", round(ours / len(payloads) * 1000, 3), "ms"),
        ("labels: QR symbol, qrcode with its mask search", round(theirs / len(payloads) * 1000,
                                                                 3), "ms"),
    ]


if __name__ == "__main__":
    for row in run():
        print(*row)
