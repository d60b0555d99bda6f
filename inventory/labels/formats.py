"""Label formats: one TOML file per label stock in the top-level labels/ folder.

Every length in a file is in millimetres. A file that cannot be used is
reported with its name and the faulty field, and the other files still load.
"""
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import lazy_gettext as _l
from reportlab.lib.units import mm

from .layout import code128_problem

# The checkout's labels/ folder, linked from the package so a wheel carries it.
DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "label_formats"
ELEMENTS = ("qr", "tag", "line", "code128")
ORIENTATIONS = ("portrait", "landscape")
# Room left for rounding in the published sheet figures (they are given to 0.05 mm).
TOLERANCE_MM = 0.1


@dataclass(frozen=True)
class LabelFormat:
    """One label stock: page, grid of labels, and what a label shows."""

    name: str
    description: str
    page_width: float
    page_height: float
    orientation: str
    columns: int
    rows: int
    label_width: float
    label_height: float
    margin_top: float = 0.0
    margin_left: float = 0.0
    gap_horizontal: float = 0.0
    gap_vertical: float = 0.0
    corner_radius: float = 0.0
    padding: float = 1.5
    text_lines: int = 1
    dots_per_inch: int | None = None
    elements: tuple = field(default=("qr", "tag", "line"))

    @property
    def per_page(self):
        return self.columns * self.rows

    @property
    def pagesize(self):
        """Page (width, height) in points, turned to the declared orientation."""
        short, long = sorted((self.page_width, self.page_height))
        if self.orientation == "landscape":
            return long * mm, short * mm
        return short * mm, long * mm

    def label_origin(self, position):
        """Bottom-left corner in points of the label at position 0.. (rows from the top left)."""
        row, column = divmod(position, self.columns)
        x = self.margin_left + column * (self.label_width + self.gap_horizontal)
        top = self.margin_top + row * (self.label_height + self.gap_vertical)
        return x * mm, self.pagesize[1] - (top + self.label_height) * mm


# field -> (kind, required); kinds are checked by _check below.
_FIELDS = {
    "name": ("text", False),
    "description": ("text", True),
    "page_width": ("length", True),
    "page_height": ("length", True),
    "orientation": ("orientation", False),
    "columns": ("count", True),
    "rows": ("count", True),
    "label_width": ("length", True),
    "label_height": ("length", True),
    "margin_top": ("distance", False),
    "margin_left": ("distance", False),
    "gap_horizontal": ("distance", False),
    "gap_vertical": ("distance", False),
    "corner_radius": ("distance", False),
    "padding": ("distance", False),
    "text_lines": ("count", False),
    "dots_per_inch": ("count", False),
    "elements": ("elements", True),
}


class FormatError(ValueError):
    """A label format file that cannot be used; str() is the message for a person."""


def load_formats(directory=None):
    """Read every *.toml in directory; return ({name: LabelFormat}, [error strings])."""
    directory = Path(directory) if directory is not None else DEFAULT_DIRECTORY
    formats, errors = {}, []
    for path in sorted(directory.glob("*.toml")):
        try:
            label_format = parse_format(path.read_text(encoding="utf-8"), path.stem)
            if label_format.name in formats:
                raise FormatError(_l("the name '%(name)s' is already used by another file",
                                     name=label_format.name))
        except (FormatError, OSError, UnicodeDecodeError) as error:
            errors.append(f"{path.name}: {error}")
            continue
        formats[label_format.name] = label_format
    return formats, errors


def parse_format(text, default_name):
    """Build a LabelFormat from TOML text, or raise FormatError naming the faulty field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FormatError(_l("not a valid TOML file (%(error)s)", error=str(error))) from None
    for key in data:
        if key not in _FIELDS:
            raise FormatError(_l("unknown field '%(field)s'", field=key))
    values = {}
    for key, (kind, required) in _FIELDS.items():
        if key not in data:
            if required:
                raise FormatError(_l("'%(field)s' is missing", field=key))
            continue
        values[key] = _check(key, kind, data[key])
    values.setdefault("name", default_name)
    values.setdefault("orientation",
                      "landscape" if values["page_width"] > values["page_height"] else "portrait")
    label_format = LabelFormat(**values)
    _check_geometry(label_format)
    return label_format


def _check(key, kind, value):
    """Return value converted for its kind, or raise FormatError."""
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise FormatError(_l("'%(field)s' must be a non-empty text", field=key))
        return value.strip()
    if kind == "count":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise FormatError(_l("'%(field)s' must be a whole number greater than 0",
                                 field=key))
        return value
    if kind == "length":
        if not is_number or value <= 0:
            raise FormatError(_l("'%(field)s' must be a length in mm greater than 0",
                                 field=key))
        return float(value)
    if kind == "distance":
        if not is_number or value < 0:
            raise FormatError(_l("'%(field)s' must be a length in mm, 0 or more", field=key))
        return float(value)
    if kind == "orientation":
        if value not in ORIENTATIONS:
            raise FormatError(_l("'%(field)s' must be \"portrait\" or \"landscape\"",
                                 field=key))
        return value
    # elements
    if (not isinstance(value, list) or not all(isinstance(item, str) for item in value)
            or not set(value) <= set(ELEMENTS) or "qr" not in value):
        raise FormatError(_l("'%(field)s' must list \"qr\" and any of %(choices)s",
                             field=key, choices=", ".join(ELEMENTS[1:])))
    return tuple(item for item in ELEMENTS if item in value)


def _check_geometry(label_format):
    """Raise FormatError when the labels do not fit on the page or the elements on a label."""
    page_width, page_height = (size / mm for size in label_format.pagesize)
    needed = (label_format.margin_left + label_format.columns * label_format.label_width
              + (label_format.columns - 1) * label_format.gap_horizontal)
    if needed > page_width + TOLERANCE_MM:
        raise FormatError(_l("'columns': %(count)s labels need %(needed)s mm, the page is "
                             "%(size)s mm wide", count=label_format.columns,
                             needed=_number(needed), size=_number(page_width)))
    needed = (label_format.margin_top + label_format.rows * label_format.label_height
              + (label_format.rows - 1) * label_format.gap_vertical)
    if needed > page_height + TOLERANCE_MM:
        raise FormatError(_l("'rows': %(count)s labels need %(needed)s mm, the page is "
                             "%(size)s mm high", count=label_format.rows,
                             needed=_number(needed), size=_number(page_height)))
    if 2 * label_format.padding >= min(label_format.label_width, label_format.label_height):
        raise FormatError(_l("'padding' leaves no room on the label"))
    if "code128" in label_format.elements:
        problem = code128_problem(label_format)
        if problem:
            raise FormatError(problem)


def _number(value):
    return f"{value:g}" if value == round(value, 2) else f"{value:.2f}"


def describe_formats(formats):
    """Return one line per format, sorted by name, for `inventory labels --list`."""
    lines = []
    for name in sorted(formats):
        label_format = formats[name]
        lines.append(str(_l("%(name)s: %(description)s (%(count)s per page, %(width)s x "
                            "%(height)s mm)", name=name,
                            description=label_format.description,
                            count=label_format.per_page,
                            width=_number(label_format.label_width),
                            height=_number(label_format.label_height))))
    return lines
