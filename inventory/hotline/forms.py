"""The hotline's forms: partners, requests, beneficiaries, handovers, returns, terms."""
import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, DecimalField, IntegerField, SelectField, SelectMultipleField,
    StringField, TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..forms import VersionField
from ..forms import choices, printable
from wtforms.fields.choices import SelectChoice
from ..models import BENEFICIARY_CATEGORIES, CATEGORIES, HANDOVER_KINDS, PARTNER_KINDS
from ..vocabulary import terms

NUMERIC = {"inputmode": "numeric", "pattern": "[0-9]*"}


def _id_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class PartnerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200), printable])
    kind = SelectField(_l("Kind"), choices=choices(terms("partner_kind"), PARTNER_KINDS))
    contact_name = StringField(_l("Contact person"), validators=[Length(max=120)])
    contact_email = StringField(_l("E-mail"), validators=[Length(max=200)],
                                render_kw={"type": "email", "autocapitalize": "none"})
    contact_phone = StringField(_l("Phone"), validators=[Length(max=40)],
                                render_kw={"type": "tel"})
    town = StringField(_l("Town"), validators=[Length(max=100)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=2000)])


class RequestForm(FlaskForm):
    version = VersionField()
    partner = SelectField(_l("Partner"), coerce=_id_or_none)
    beneficiary = SelectField(_l("Beneficiary"), coerce=_id_or_none)
    category = SelectField(_l("Kind of device"), choices=choices(terms("category"), CATEGORIES))
    min_ram_gb = IntegerField(_l("Minimum memory (GB)"),
                              validators=[Optional(), NumberRange(0, 1024)], render_kw=NUMERIC)
    min_storage_gb = IntegerField(_l("Minimum storage (GB)"),
                                  validators=[Optional(), NumberRange(0, 100000)],
                                  render_kw=NUMERIC)
    needs_webcam = BooleanField(_l("Needs a webcam"))
    keyboard_layout = SelectField(_l("Keyboard"),
                                  choices=choices(terms("keyboard_layout"), blank=_l("any")))
    priority = SelectField(_l("Priority"), coerce=int,
                           choices=choices(terms("priority")), default=2)
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
                           choices=choices(terms("beneficiary_category"), BENEFICIARY_CATEGORIES))
    town = StringField(_l("Town"), validators=[Length(max=100), printable])
    is_minor = BooleanField(_l("Under 18"))
    guardian_name = StringField(_l("Legal representative"),
                                validators=[Length(max=200), printable])
    contact = StringField(_l("Contact (one phone number or e-mail)"),
                          validators=[Length(max=200)], render_kw={"autocapitalize": "none"})
    language = SelectField(_l("Language of the documents"), choices=choices(terms("language")))
    proof_note = TextAreaField(_l("Proof seen"), validators=[Length(max=500)])

    FIELDS = ("first_name", "last_name", "partner", "category", "town", "is_minor",
              "guardian_name", "contact", "language", "proof_note")

    def fill_choices(self, partners):
        self.partner.choices = [SelectChoice("", "—")] + [
            SelectChoice(p.id, p.name) for p in partners]

    def values(self):
        return {name: getattr(self, name).data for name in self.FIELDS}


class HandoverForm(FlaskForm):
    version = VersionField()
    beneficiary = SelectField(_l("Beneficiary"), coerce=_id_or_none,
                              validators=[InputRequired(message=_l("Choose the beneficiary."))])
    kind = SelectField(_l("Kind"), choices=choices(terms("handover_kind"), HANDOVER_KINDS))
    handed_on = DateField(_l("Date"), default=datetime.date.today,
                          validators=[InputRequired()])
    due_on = DateField(_l("Return date (loan)"), validators=[Optional()])
    price = DecimalField(_l("Price in euros (sale)"), places=2,
                         validators=[Optional(), NumberRange(0, 100000)],
                         render_kw={"inputmode": "decimal"})
    accessories = SelectMultipleField(_l("Accessories given"),
                                      choices=choices(terms("accessory")), validate_choice=True)
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
    version = VersionField()
    returned_on = DateField(_l("Returned on"), default=datetime.date.today,
                            validators=[InputRequired()])
    reason = SelectField(_l("Reason"), choices=choices(terms("return_reason"), blank="—"))
    condition = SelectField(_l("Condition"), choices=choices(terms("condition"), blank="—"))
    note = TextAreaField(_l("What is wrong with the device"), validators=[Length(max=2000)])


class TermsForm(FlaskForm):
    body = TextAreaField(_l("Text"), validators=[InputRequired(), Length(max=20000), printable],
                         render_kw={"rows": 14})


class ReserveForm(FlaskForm):
    version = VersionField()
    request = SelectField(_l("For the request"), coerce=int)
