"""French by default, English on request, and no string left untranslated."""
import os

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from inventory.i18n import CATALOGUES

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2)}
METHODS = [("**.py", "python"), ("**.html", "jinja2")]


def extracted():
    found = set()
    for folder in ("inventory", "templates"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                os.path.join(TOP, folder), METHODS, keywords=KEYWORDS):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_a_french_translation():
    with open(os.path.join(CATALOGUES, "fr", "LC_MESSAGES", "messages.po"), "rb") as fh:
        catalogue = read_po(fh, locale="fr")
    missing = sorted(m for m in extracted()
                     if m and (m not in catalogue or not catalogue[m].string))
    assert missing == []


def test_french_is_the_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="fr">' in page and "Connexion" in page and "Nom d'utilisateur" in page


def test_english_after_the_switch_and_back(client):
    response = client.post("/language", data={"language": "en", "next": "/login"})
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "User name" in page and "Log in" in page
    client.post("/language", data={"language": "fr"})
    assert "Connexion" in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize("language", ["de", "", "<script>"])
def test_an_unknown_language_changes_nothing(client, language):
    client.post("/language", data={"language": language})
    assert '<html lang="fr">' in client.get("/login").get_data(as_text=True)


def test_catalogues_are_compiled_by_the_app_itself(tmp_path):
    from inventory.i18n import compile_catalogues
    target = compile_catalogues(CATALOGUES, str(tmp_path))
    assert os.path.getsize(os.path.join(target, "fr", "LC_MESSAGES", "messages.mo")) > 1000


def test_dates_are_day_month_year(app):
    import datetime
    assert app.jinja_env.filters["date"](datetime.date(2026, 3, 7)) == "07/03/2026"
