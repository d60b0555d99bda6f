"""The README's tables, read the way a person reads them."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def section(title):
    """The text under the heading title, up to the next heading of the same or a higher level."""
    lines = README.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        heading = re.match(r"(#+) (.*)$", line)
        if heading and heading.group(2).strip() == title:
            level = len(heading.group(1))
            body = []
            for rest in lines[index + 1:]:
                deeper = re.match(r"(#+) ", rest)
                if deeper and len(deeper.group(1)) <= level:
                    break
                body.append(rest)
            return body
    raise AssertionError("README.md has no section %r" % title)


def first_column(title):
    """The first cell of each row of the first table in the section (header row left out)."""
    rows = []
    for line in section(title):
        if not line.startswith("|"):
            if rows:
                break
            continue
        # "\|" inside a cell is a literal bar, not a column.
        rows.append(re.split(r"(?<!\\)\|", line)[1].strip())
    assert len(rows) > 2, "no table in README section %r" % title
    return rows[2:]


def code_spans(cell):
    return re.findall(r"`([^`]+)`", cell)
