"""The text of a PDF, as the tests compare it."""
import io
import re

import pypdf


def pages_text(pdf):
    """Return the text of each page, with non-breaking spaces as plain spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [page.extract_text().replace("\u00a0", " ") for page in reader.pages]


def flat(pdf):
    """Return the whole text on one line, so wrapped cells still match."""
    return re.sub(r"\s+", " ", " ".join(pages_text(pdf)))
