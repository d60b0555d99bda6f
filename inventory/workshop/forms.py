"""The workshop's forms: selects and radios where possible, numeric keyboards for numbers."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField, DateField, DateTimeLocalField, DecimalField, IntegerField, RadioField,
    SelectField, SelectMultipleField, StringField, TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import VersionField
from ..models import ERASURE_TECHNIQUES, RESULTS, TRIAGE_DECISIONS
from ..vocabulary import term, terms
from ..devices.forms import DECIMAL, NUMERIC, DeviceForm
from ..forms import choices, printable
from ..models import CHECK_STATES, OS_LICENCES, STORAGE_TYPES, VERIFICATIONS
from .triage import COMPONENTS

# The erasure form explains each method it offers, beyond the method's term.
METHOD_CHOICES = {
    "clear": _l("Clear: overwrite with ordinary writes"),
    "purge": _l("Purge: the drive's own sanitize, block or crypto erase"),
    "destroy": _l("Destroy: shredded or drilled"),
}
NO_SPACE = {"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}


class CommaDecimalField(DecimalField):
    """A decimal typed the French way (12,5) or the English way (12.5)."""

    def process_formdata(self, valuelist):
        super().process_formdata([v.replace(",", ".").replace(" ", "") for v in valuelist])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TriageForm(FlaskForm):
    version = VersionField()
    cpu = DeviceForm.cpu
    ram_gb = DeviceForm.ram_gb
    storage_type = DeviceForm.storage_type
    storage_gb = DeviceForm.storage_gb
    screen_inches = DeviceForm.screen_inches
    keyboard_layout = DeviceForm.keyboard_layout
    webcam = DeviceForm.webcam
    battery_health = DeviceForm.battery_health
    os_found = DeviceForm.os_found
    working = DeviceForm.working
    grade = DeviceForm.grade
    decision = RadioField(_l("What becomes of it"),
                          choices=choices(terms("decision"), TRIAGE_DECISIONS),
                          validators=[InputRequired(message=_l("Choose what becomes of it."))])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])

    SPECS = ("cpu", "ram_gb", "storage_type", "storage_gb", "screen_inches", "keyboard_layout",
             "webcam", "battery_health", "os_found", "working", "grade")

    def fill_from(self, device):
        for name in self.SPECS:
            value = getattr(device, name)
            if name in ("webcam", "working"):
                value = "" if value is None else ("yes" if value else "no")
            getattr(self, name).data = value
        self.decision.data = device.triage_decision or None
        self.reason.data = device.triage_reason
        self.version.data = str(device.version)

    def specs(self):
        values = {}
        for name in self.SPECS:
            value = getattr(self, name).data
            if name in ("webcam", "working"):
                value = {"yes": True, "no": False}.get(value)
            elif isinstance(value, str):
                value = value.strip()
            values[name] = value
        return values


class ErasureForm(FlaskForm):
    drive_serial = StringField(_l("Drive serial number"),
                               validators=[InputRequired(), Length(max=100), printable],
                               render_kw=NO_SPACE)
    drive_model = StringField(_l("Drive model"), validators=[Length(max=200), printable])
    drive_type = SelectField(_l("Drive type"),
                             choices=choices(terms("storage_type"), STORAGE_TYPES, blank="—"))
    drive_size_gb = IntegerField(_l("Size (GB)"), validators=[Optional(), NumberRange(0, 100000)],
                                 render_kw=NUMERIC)
    method = RadioField(_l("Method (NIST SP 800-88)"), choices=choices(METHOD_CHOICES),
                        validators=[InputRequired(message=_l("Choose the method."))])
    technique = SelectField(_l("Technique"),
                            choices=choices(terms("technique"), ERASURE_TECHNIQUES, blank="—"))
    tool = StringField(_l("Tool"), validators=[Length(max=100), printable])
    tool_version = StringField(_l("Tool version"), validators=[Length(max=40), printable])
    passes = IntegerField(_l("Passes"), validators=[Optional(), NumberRange(0, 100)],
                          render_kw=NUMERIC)
    verification = SelectField(_l("Verification"), choices=choices(terms("verification"),
                                                                   VERIFICATIONS))
    result = RadioField(_l("Result"), choices=choices(terms("result"), RESULTS),
                        validators=[InputRequired(message=_l("Say whether it passed."))])
    started_at = DateTimeLocalField(_l("Started"), validators=[Optional()],
                                    format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])
    ended_at = DateTimeLocalField(_l("Ended"), validators=[Optional()],
                                  format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


class RemoveDriveForm(FlaskForm):
    version = VersionField()
    drive_serial = ErasureForm.drive_serial
    drive_model = ErasureForm.drive_model
    drive_type = ErasureForm.drive_type
    drive_size_gb = ErasureForm.drive_size_gb
    location = StringField(_l("Where it is kept until erased or destroyed"),
                           validators=[InputRequired(), Length(max=100)])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
    no_storage_left = BooleanField(_l("No drive is left in the device"))


class LooseErasureForm(FlaskForm):
    method = ErasureForm.method
    technique = ErasureForm.technique
    tool = ErasureForm.tool
    tool_version = ErasureForm.tool_version
    passes = ErasureForm.passes
    verification = ErasureForm.verification
    result = ErasureForm.result
    note = ErasureForm.note


class ExceptionForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(), Length(max=2000)])


class LogForm(FlaskForm):
    log = FileField(_l("nwipe / ShredOS log file"), validators=[FileRequired()])


class LogDrivesForm(FlaskForm):
    serials = MultiCheckboxField(_l("Drives of this device"), choices=[])


def checklist_form(checklist, formdata=None):
    """A form with one ok/fixed/n.a./failed choice and one note per checklist item."""
    class ChecklistForm(FlaskForm):
        checklist_id = VersionField()
        battery_health = IntegerField(_l("Battery health (%)"),
                                      validators=[Optional(), NumberRange(0, 100)],
                                      render_kw=NUMERIC)
        note = TextAreaField(_l("Note"), validators=[Length(max=2000)])

    for index, item in enumerate(checklist.items):
        # A select per item keeps a 17-item list short on a phone; "ok" is preset.
        setattr(ChecklistForm, "state_%d" % index, SelectField(
            term("checklist_item", item), choices=choices(terms("check_state"), CHECK_STATES),
            default="ok"))
        setattr(ChecklistForm, "note_%d" % index, StringField(
            _l("Note"), validators=[Length(max=500)]))
    form = ChecklistForm() if formdata is None else ChecklistForm(formdata=formdata)
    form.items = [(item, form["state_%d" % i], form["note_%d" % i])
                  for i, item in enumerate(checklist.items)]
    return form


def checklist_results(form):
    return {item: {"state": state.data, "note": note.data or ""}
            for item, state, note in form.items}


class OsForm(FlaskForm):
    version = VersionField()
    os_installed = StringField(_l("Operating system installed"),
                               validators=[Length(max=100), printable],
                               render_kw={"list": "os-names"})
    os_licence = SelectField(_l("Licence"), choices=choices(terms("licence"), OS_LICENCES,
                                                           blank="—"))


class PartUsedForm(FlaskForm):
    description = StringField(_l("Part fitted"), validators=[InputRequired(), Length(max=200)],
                              render_kw={"list": "part-names"})


class PartsForm(FlaskForm):
    version = VersionField()
    components = MultiCheckboxField(_l("Components taken"),
                                    choices=choices(terms("component"), COMPONENTS))
    note = TextAreaField(_l("Note"), validators=[Length(max=500)])


class RecycleForm(FlaskForm):
    version = VersionField()
    batch = SelectField(_l("Recycling batch"), choices=[])
    recycler_reference = StringField(_l("Recycler's reference (waste slip)"),
                                     validators=[Length(max=100)], render_kw=NO_SPACE)
    note = TextAreaField(_l("Note"), validators=[Length(max=500)])


class BatchForm(FlaskForm):
    recycler_name = StringField(_l("Recycler"), validators=[InputRequired(), Length(max=200)])
    recycler_siret = StringField(_l("Recycler's SIRET"), validators=[Length(max=20)],
                                 render_kw=NUMERIC)
    shipped_on = DateField(_l("Date"), validators=[InputRequired()])
    weight_kg = CommaDecimalField(_l("Weight (kg)"), places=2,
                             validators=[Optional(), NumberRange(0, 9999999)], render_kw=DECIMAL)
    waste_slip_reference = StringField(_l("Waste slip reference"),
                                       validators=[InputRequired(), Length(max=100)],
                                       render_kw=NO_SPACE)


class AddDeviceForm(FlaskForm):
    tag = StringField(_l("Asset tag (scan or type)"), validators=[InputRequired(), Length(max=300)],
                      render_kw={**NO_SPACE, "autofocus": True, "autocomplete": "off"})


class ChecklistEditorForm(FlaskForm):
    items = TextAreaField(_l("Items, one per line"), validators=[InputRequired()],
                          render_kw={"rows": 20})
