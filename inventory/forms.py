"""Forms shared by several areas."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, Regexp, ValidationError

from .fonts import refusal
from .models import ROLES

ROLE_LABELS = {
    "admin": _l("administrator"),
    "operator": _l("operator"),
    "technician": _l("technician"),
    "viewer": _l("viewer"),
}

MIN_PASSWORD = 10


def choices(labels, keys=None, blank=None):
    """Select options from a {value: label} table, optionally with an empty first one."""
    options = [SelectChoice("", blank)] if blank is not None else []
    return options + [SelectChoice(key, labels.get(key, key)) for key in (keys or labels)]


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
    role = SelectField(_l("Role"), choices=choices(ROLE_LABELS, ROLES))
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(_l("New password"), validators=[Length(max=200)],
                             render_kw={"autocomplete": "new-password"})
