"""The device record form: selects where possible, numeric keyboards for numbers."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from ..forms import VersionField
from ..forms import choices, printable
from ..models import CATEGORIES, GRADES, STORAGE_TYPES
from ..vocabulary import terms

YES_NO = {"": _l("unknown"), "yes": _l("yes"), "no": _l("no")}
NUMERIC = {"inputmode": "numeric", "pattern": "[0-9]*"}
DECIMAL = {"inputmode": "decimal"}


class CommaDecimalField(DecimalField):
    """A decimal that also takes the French comma (15,6)."""

    def process_formdata(self, valuelist):
        super().process_formdata([v.replace(",", ".").strip() for v in valuelist])


def _tristate(value):
    return {"yes": True, "no": False}.get(value)


def _tristate_value(value):
    return "" if value is None else ("yes" if value else "no")


class DeviceForm(FlaskForm):
    version = VersionField()
    category = SelectField(_l("Category"), choices=choices(terms("category"), CATEGORIES))
    make = StringField(_l("Make"), validators=[Length(max=100), printable])
    model = StringField(_l("Model"), validators=[Length(max=200), printable])
    serial = StringField(_l("Serial number"), validators=[Length(max=100), printable],
                         render_kw={"autocapitalize": "characters", "autocomplete": "off"})
    donor_asset_tag = StringField(_l("Donor's asset tag"), validators=[Length(max=100), printable])
    cpu = StringField(_l("Processor"), validators=[Length(max=200), printable])
    ram_gb = IntegerField(_l("Memory (GB)"), validators=[Optional(), NumberRange(0, 4096)],
                          render_kw=NUMERIC)
    storage_type = SelectField(_l("Storage type"),
                               choices=choices(terms("storage_type"), STORAGE_TYPES, blank="—"))
    storage_gb = IntegerField(_l("Storage (GB)"), validators=[Optional(), NumberRange(0, 100000)],
                              render_kw=NUMERIC)
    screen_inches = CommaDecimalField(_l("Screen (inches)"), places=1,
                                 validators=[Optional(), NumberRange(0, 100)], render_kw=DECIMAL)
    keyboard_layout = SelectField(_l("Keyboard"),
                                  choices=choices(terms("keyboard_layout"), blank="—"))
    webcam = SelectField(_l("Webcam"), choices=choices(YES_NO))
    battery_health = IntegerField(_l("Battery health (%)"),
                                  validators=[Optional(), NumberRange(0, 100)], render_kw=NUMERIC)
    os_found = StringField(_l("OS found"), validators=[Length(max=100)])
    grade = SelectField(_l("Cosmetic grade"), choices=choices(terms("grade"), GRADES, blank="—"))
    working = SelectField(_l("Works"), choices=choices(YES_NO))
    accessories = StringField(_l("Accessories"), validators=[Length(max=500)])
    location = StringField(_l("Location"), validators=[Length(max=100)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])

    FIELDS = ("category", "make", "model", "serial", "donor_asset_tag", "cpu", "ram_gb",
              "storage_type", "storage_gb", "screen_inches", "keyboard_layout", "webcam",
              "battery_health", "os_found", "grade", "working", "accessories", "location",
              "notes")

    def fill_from(self, device):
        for name in self.FIELDS:
            value = getattr(device, name)
            if name in ("webcam", "working"):
                value = _tristate_value(value)
            getattr(self, name).data = value
        self.version.data = str(device.version)

    def changes(self):
        values = {}
        for name in self.FIELDS:
            value = getattr(self, name).data
            if name in ("webcam", "working"):
                value = _tristate(value)
            elif isinstance(value, str):
                value = value.strip()
            values[name] = value
        return values
