"""The hotline's forms: partners, requests, beneficiaries, handovers, returns, terms."""
import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, DecimalField, HiddenField, IntegerField, SelectField,
    SelectMultipleField, StringField, TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..devices.forms import CATEGORY_LABELS, LAYOUT_LABELS
from ..forms import choices, printable
from wtforms.fields.choices import SelectChoice
from ..models import BENEFICIARY_CATEGORIES, CATEGORIES, HANDOVER_KINDS, PARTNER_KINDS

NUMERIC = {"inputmode": "numeric", "pattern": "[0-9]*"}

PARTNER_KIND_LABELS = {"association": _l("association"), "school": _l("school"),
                       "university": _l("university"), "job_centre": _l("job centre"),
                       "social_service": _l("social service"), "other": _l("other")}
BENEFICIARY_CATEGORY_LABELS = {"pupil": _l("pupil"), "student": _l("student"),
                               "job_seeker": _l("job seeker"), "other": _l("other")}
PRIORITY_LABELS = {1: _l("urgent"), 2: _l("normal"), 3: _l("low")}
REQUEST_STATUS_LABELS = {"waiting": _l("waiting"), "reserved": _l("reserved"),
                         "fulfilled": _l("fulfilled"), "cancelled": _l("cancelled")}
HANDOVER_KIND_LABELS = {"gift": _l("gift"), "loan": _l("loan"), "sale": _l("solidarity sale")}
ACCESSORY_LABELS = {"charger": _l("charger"), "bag": _l("bag"), "mouse": _l("mouse"),
                    "keyboard": _l("keyboard"), "headset": _l("headset"), "cable": _l("cable")}
RETURN_REASON_LABELS = {"loan_end": _l("end of the loan"), "faulty": _l("faulty device"),
                        "not_needed": _l("no longer needed"), "other": _l("other reason")}
CONDITION_LABELS = {"good": _l("good"), "worn": _l("worn"), "damaged": _l("damaged"),
                    "not_working": _l("not working")}
LANGUAGE_LABELS = {"fr": "Français", "en": "English"}
NEED_LABELS = {"ram": _l("memory"), "storage": _l("storage"), "webcam": _l("webcam"),
               "keyboard": _l("keyboard layout")}


def _id_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class PartnerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200), printable])
    kind = SelectField(_l("Kind"), choices=choices(PARTNER_KIND_LABELS, PARTNER_KINDS))
    contact_name = StringField(_l("Contact person"), validators=[Length(max=120)])
    contact_email = StringField(_l("E-mail"), validators=[Length(max=200)],
                                render_kw={"type": "email", "autocapitalize": "none"})
    contact_phone = StringField(_l("Phone"), validators=[Length(max=40)],
                                render_kw={"type": "tel"})
    town = StringField(_l("Town"), validators=[Length(max=100)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=2000)])


class RequestForm(FlaskForm):
    version = HiddenField()
    partner = SelectField(_l("Partner"), coerce=_id_or_none)
    beneficiary = SelectField(_l("Beneficiary"), coerce=_id_or_none)
    category = SelectField(_l("Kind of device"), choices=choices(CATEGORY_LABELS, CATEGORIES))
    min_ram_gb = IntegerField(_l("Minimum memory (GB)"),
                              validators=[Optional(), NumberRange(0, 1024)], render_kw=NUMERIC)
    min_storage_gb = IntegerField(_l("Minimum storage (GB)"),
                                  validators=[Optional(), NumberRange(0, 100000)],
                                  render_kw=NUMERIC)
    needs_webcam = BooleanField(_l("Needs a webcam"))
    keyboard_layout = SelectField(_l("Keyboard"), choices=choices(LAYOUT_LABELS, blank=_l("any")))
    priority = SelectField(_l("Priority"), coerce=int,
                           choices=choices(PRIORITY_LABELS), default=2)
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])

    def fill_choices(self, partners, beneficiaries):
        self.partner.choices = [SelectChoice("", "—")] + [
            SelectChoice(p.id, p.name) for p in partners]
        self.beneficiary.choices = [SelectChoice("", _l("not known yet"))] + [
            SelectChoice(b.id, "%s %s" % (b.last_name, b.first_name)) for b in beneficiaries]

    def values(self):
        return {name: getattr(self, name).data for name in (
            "partner", "beneficiary", "category", "min_ram_gb", "min_storage_gb", "needs_webcam",
            "keyboard_layout", "note", "priority")}


class BeneficiaryForm(FlaskForm):
    first_name = StringField(_l("First name"),
                             validators=[InputRequired(), Length(max=100), printable])
    last_name = StringField(_l("Last name"),
                            validators=[InputRequired(), Length(max=100), printable])
    partner = SelectField(_l("Referred by"), coerce=_id_or_none)
    category = SelectField(_l("Category"),
                           choices=choices(BENEFICIARY_CATEGORY_LABELS, BENEFICIARY_CATEGORIES))
    town = StringField(_l("Town"), validators=[Length(max=100), printable])
    is_minor = BooleanField(_l("Under 18"))
    guardian_name = StringField(_l("Legal representative"),
                                validators=[Length(max=200), printable])
    contact = StringField(_l("Contact (one phone number or e-mail)"),
                          validators=[Length(max=200)], render_kw={"autocapitalize": "none"})
    language = SelectField(_l("Language of the documents"), choices=choices(LANGUAGE_LABELS))
    proof_note = TextAreaField(_l("Proof seen"), validators=[Length(max=500)])

    FIELDS = ("first_name", "last_name", "partner", "category", "town", "is_minor",
              "guardian_name", "contact", "language", "proof_note")

    def fill_choices(self, partners):
        self.partner.choices = [SelectChoice("", "—")] + [
            SelectChoice(p.id, p.name) for p in partners]

    def values(self):
        return {name: getattr(self, name).data for name in self.FIELDS}


class HandoverForm(FlaskForm):
    version = HiddenField()
    beneficiary = SelectField(_l("Beneficiary"), coerce=_id_or_none,
                              validators=[InputRequired(message=_l("Choose the beneficiary."))])
    kind = SelectField(_l("Kind"), choices=choices(HANDOVER_KIND_LABELS, HANDOVER_KINDS))
    handed_on = DateField(_l("Date"), default=datetime.date.today,
                          validators=[InputRequired()])
    due_on = DateField(_l("Return date (loan)"), validators=[Optional()])
    price = DecimalField(_l("Price in euros (sale)"), places=2,
                         validators=[Optional(), NumberRange(0, 100000)],
                         render_kw={"inputmode": "decimal"})
    accessories = SelectMultipleField(_l("Accessories given"),
                                      choices=choices(ACCESSORY_LABELS), validate_choice=True)
    other_accessories = StringField(_l("Other accessories"),
                                    validators=[Length(max=200), printable])

    def fill_choices(self, beneficiaries):
        self.beneficiary.choices = [SelectChoice("", "—")] + [
            SelectChoice(b.id, "%s %s · %s" % (b.last_name, b.first_name, b.town))
            for b in beneficiaries]

    def accessories_text(self):
        items = list(self.accessories.data or [])
        items += [item.strip() for item in (self.other_accessories.data or "").split(",")
                  if item.strip()]
        return ", ".join(items)


class ReturnForm(FlaskForm):
    version = HiddenField()
    returned_on = DateField(_l("Returned on"), default=datetime.date.today,
                            validators=[InputRequired()])
    reason = SelectField(_l("Reason"), choices=choices(RETURN_REASON_LABELS, blank="—"))
    condition = SelectField(_l("Condition"), choices=choices(CONDITION_LABELS, blank="—"))
    note = TextAreaField(_l("What is wrong with the device"), validators=[Length(max=2000)])


class TermsForm(FlaskForm):
    body = TextAreaField(_l("Text"), validators=[InputRequired(), Length(max=20000), printable],
                         render_kw={"rows": 14})


class ReserveForm(FlaskForm):
    version = HiddenField()
    request = SelectField(_l("For the request"), coerce=int)
