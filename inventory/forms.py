"""Forms shared by several areas, and the version field of every version-checked form."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, Regexp, ValidationError

from .lifecycle import StaleVersion
from .fonts import refusal
from .models import ROLES
from .vocabulary import terms

MIN_PASSWORD = 10


def choices(labels, keys=None, blank=None):
    """Select options from a {value: label} table, optionally with an empty first one."""
    options = [SelectChoice("", blank)] if blank is not None else []
    return options + [SelectChoice(key, labels.get(key, key)) for key in (keys or labels)]


# ASCII digits only: str.isdigit() and int() also take "²" or "٣". At most what a 64-bit
# version column holds, so a huge number is refused here rather than overflow the query.
VERSION = re.compile(r"[0-9]{1,19}", re.ASCII)
MAX_VERSION = 2 ** 63 - 1


class UnreadableVersion(StaleVersion):
    """A form posted no version, or not a whole number: refused as if it were stale."""

    def __init__(self):
        super().__init__(_l("This page did not say which version of the record it showed: "
                            "nothing was saved. Reload the page and try again."))


def posted_version(value):
    """The record version a form posted back, as a number; UnreadableVersion if it is not one.

    Never the stored version instead: a request without one would skip the concurrency check.
    """
    text = value if isinstance(value, str) else ""
    if not VERSION.fullmatch(text) or int(text) > MAX_VERSION:
        raise UnreadableVersion()
    return int(text)


class VersionField(HiddenField):
    """The version of the record the form was filled from, posted back as it was."""

    def process_formdata(self, valuelist):
        # Only what was posted: never the record's own version passed as the form's obj.
        self.data = valuelist[0] if valuelist else None

    def seen(self):
        """The version posted, as a number; raise UnreadableVersion when it is not one."""
        return posted_version(self.data)


def printable(form, field):
    """Validator of text printed on receipts, certificates or labels: refuse what the font lacks.

    The text is refused, never changed, so a name prints exactly as typed.
    """
    message = refusal(field.data)
    if message:
        raise ValidationError(message)


class LoginForm(FlaskForm):
    username = StringField(_l("User name"), validators=[InputRequired(), Length(max=64)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[InputRequired()],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField(_l("New password"), validators=[
        InputRequired(), Length(min=MIN_PASSWORD, max=200,
                                message=_l("At least %(min)d characters.", min=MIN_PASSWORD))],
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("New password again"), validators=[
        EqualTo("new", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class UserForm(FlaskForm):
    username = StringField(_l("User name"), validators=[
        InputRequired(), Length(max=64),
        Regexp(r"^[a-z0-9._-]+$", message=_l("Lower-case letters, digits, dot, dash, underscore."))],
        render_kw={"autocapitalize": "none"})
    display_name = StringField(_l("Full name"), validators=[Length(max=120), printable])
    role = SelectField(_l("Role"), choices=choices(terms("role"), ROLES))
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(_l("New password"), validators=[Length(max=200)],
                             render_kw={"autocomplete": "new-password"})
