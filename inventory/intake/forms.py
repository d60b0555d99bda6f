"""Forms for donors, donations, receiving devices and importing a spreadsheet."""
import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..forms import VersionField
from ..devices.forms import NUMERIC
from .donors import DONATION_TEXT, DONOR_TEXT, MAX_EXPECTED
from ..forms import choices, printable
from .receive import MAX_RECEIVE
from ..models import CATEGORIES, DONOR_KINDS
from ..vocabulary import terms


def _length(limit):
    return Length(max=limit, message=_l("At most %(max)d characters.", max=limit))


class DonorForm(FlaskForm):
    version = VersionField()
    name = StringField(_l("Name"), validators=[InputRequired(_l("A name is needed.")),
                                               _length(DONOR_TEXT["name"]), printable])
    kind = SelectField(_l("Kind"), choices=choices(terms("donor_kind"), DONOR_KINDS))
    siret = StringField(_l("SIRET (optional)"), validators=[Length(max=20)],
                        render_kw={"inputmode": "numeric", "autocomplete": "off"})
    address = TextAreaField(_l("Address"), validators=[_length(DONOR_TEXT["address"]), printable])
    postcode = StringField(_l("Postcode"), validators=[_length(DONOR_TEXT["postcode"]), printable],
                           render_kw={"inputmode": "numeric", "autocomplete": "postal-code"})
    town = StringField(_l("Town"), validators=[_length(DONOR_TEXT["town"]), printable])
    contact_name = StringField(_l("Contact person"),
                               validators=[_length(DONOR_TEXT["contact_name"]), printable])
    contact_email = StringField(_l("Contact e-mail"),
                                validators=[_length(DONOR_TEXT["contact_email"])],
                                render_kw={"type": "email", "autocomplete": "email"})
    contact_phone = StringField(_l("Contact phone"),
                                validators=[_length(DONOR_TEXT["contact_phone"])],
                                render_kw={"type": "tel", "autocomplete": "tel"})
    notes = TextAreaField(_l("Notes"), validators=[_length(DONOR_TEXT["notes"])])

    FIELDS = ("name", "kind", "siret", "address", "postcode", "town", "contact_name",
              "contact_email", "contact_phone", "notes")

    def values(self):
        return {name: self[name].data for name in self.FIELDS}


class DonationForm(FlaskForm):
    version = VersionField()
    received_on = DateField(_l("Date received"), default=datetime.date.today,
                            validators=[InputRequired(_l("Give the date the devices arrived."))])
    reference = StringField(_l("Reference (delivery note, order...)"),
                            validators=[_length(DONATION_TEXT["reference"]), printable])
    expected_count = IntegerField(_l("Expected number of devices"),
                                  validators=[Optional(), NumberRange(1, MAX_EXPECTED)],
                                  render_kw=NUMERIC)
    wants_erasure_certificate = BooleanField(_l("The donor wants an erasure certificate"),
                                             default=True)
    notes = TextAreaField(_l("Notes"), validators=[_length(DONATION_TEXT["notes"])])

    FIELDS = ("received_on", "reference", "expected_count", "wants_erasure_certificate", "notes")

    def values(self):
        return {name: self[name].data for name in self.FIELDS}


class ReceiveForm(FlaskForm):
    seen = VersionField()  # the donation's device count the form was filled from
    count = IntegerField(_l("Number of devices"), validators=[
        InputRequired(_l("Give a number of devices.")),
        NumberRange(1, MAX_RECEIVE, message=_l("Between 1 and %(max)d.", max=MAX_RECEIVE))],
        render_kw=NUMERIC)
    category = SelectField(_l("Category"), choices=choices(terms("category"), CATEGORIES))
    make = StringField(_l("Make (optional, for all)"), validators=[_length(100), printable])
    model = StringField(_l("Model (optional, for all)"), validators=[_length(200), printable])


class UploadForm(FlaskForm):
    file = FileField(_l("Spreadsheet (CSV or Excel .xlsx)"),
                     validators=[FileRequired(_l("Choose a file."))],
                     render_kw={"accept": ".csv,.txt,.xlsx,text/csv,application/vnd."
                                          "openxmlformats-officedocument.spreadsheetml.sheet"})
    category = SelectField(_l("Category of rows that do not say"),
                           choices=choices(terms("category"), CATEGORIES))


class ConfirmForm(FlaskForm):
    skip_errors = BooleanField(_l("Leave out the rows with problems"))
