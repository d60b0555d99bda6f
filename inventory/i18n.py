"""Translations: French by default, English available, catalogues compiled on start."""
import os

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, has_request_context, session
from flask_babel import Babel, format_datetime
from flask_login import current_user

CATALOGUES = os.path.join(os.path.dirname(__file__), "translations")


def compile_catalogues(source=CATALOGUES, target=None):
    """Compile every .po to a .mo beside it (or under target) when missing or stale."""
    target = target or source
    for lang in os.listdir(source):
        po_path = os.path.join(source, lang, "LC_MESSAGES", "messages.po")
        if not os.path.isfile(po_path):
            continue
        mo_dir = os.path.join(target, lang, "LC_MESSAGES")
        mo_path = os.path.join(mo_dir, "messages.mo")
        if os.path.exists(mo_path) and os.path.getmtime(mo_path) >= os.path.getmtime(po_path):
            continue
        os.makedirs(mo_dir, exist_ok=True)
        with open(po_path, "rb") as fh:
            catalogue = read_po(fh, locale=lang)
        # Write beside, then rename: another worker may be reading the old one.
        temporary = "%s.%d" % (mo_path, os.getpid())
        with open(temporary, "wb") as fh:
            write_mo(fh, catalogue)
        os.replace(temporary, mo_path)
    return target


def select_locale():
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]  # commands and jobs say their own
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    if getattr(current_user, "is_authenticated", False) and current_user.language in languages:
        return current_user.language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def date_fr(value):
    """dd/mm/yyyy, whatever the language: the users' paper forms use it."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def init_app(app):
    directory = CATALOGUES
    if not os.access(directory, os.W_OK):
        directory = os.path.join(app.instance_path, "translations")
    compile_catalogues(CATALOGUES, directory)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = directory
    Babel(app, locale_selector=select_locale)
    app.jinja_env.filters["date"] = date_fr
    app.jinja_env.filters["datetime"] = datetime_local


def datetime_local(value):
    """dd/mm/yyyy hh:mm in the organisation's time zone (stored values are UTC)."""
    return format_datetime(value, "dd/MM/yyyy HH:mm") if value else ""
