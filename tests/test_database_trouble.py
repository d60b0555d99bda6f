"""When the database fails a person (busy, disk full, read-only, unreachable), the page says
so in the site's look, and nothing was half-saved."""
import sqlite3
import threading

import psycopg2
import pytest

from inventory import create_app
from inventory.db import database
from inventory.models import Donor

from .conftest import POSTGRES_URL, USING_POSTGRES

NEW_DONOR = {"name": "Crédit Agricole Nord de France", "kind": "company"}


@pytest.fixture
def app_config(app_config):
    return dict(app_config, DATABASE_BUSY_SECONDS=0.2)


def _donors():
    with database.connection_context():
        return Donor.select().count()


def _add_pragma(pragma, value):
    """Every new connection of the app gets this pragma (SQLite only)."""
    obj = database.obj
    obj._pragmas = list(obj._pragmas) + [(pragma, value)]
    if not database.is_closed():
        database.close()


def _assert_trouble_page(response, code, words):
    page = response.get_data(as_text=True)
    assert response.status_code == code, page
    assert words in page
    assert "Traceback" not in page
    assert 'class="top"' in page  # the site's own header: the page is in its look


def test_a_busy_database_says_try_again_and_saves_nothing(app, client, login):
    login("operator")
    before = _donors()
    if USING_POSTGRES:
        holder = psycopg2.connect(POSTGRES_URL)
        holder.cursor().execute('LOCK TABLE "donor" IN ACCESS EXCLUSIVE MODE')
    else:
        holder = sqlite3.connect(app.config["DATABASE_URL"][len("sqlite:///"):])
        holder.execute("BEGIN IMMEDIATE")
    try:
        response = client.post("/donors/new", data=NEW_DONOR)
    finally:
        holder.rollback()
        holder.close()
    _assert_trouble_page(response, 503, "occupée")
    assert response.headers["Retry-After"] == "5"
    assert _donors() == before


@pytest.mark.skipif(USING_POSTGRES, reason="a full disk is simulated with SQLite's page limit")
def test_a_full_disk_says_nothing_was_saved(app, client, login, make):
    login("operator")
    before = _donors()
    path = app.config["DATABASE_URL"][len("sqlite:///"):]
    filler = sqlite3.connect(path)
    pages = filler.execute("PRAGMA page_count").fetchone()[0]
    limit = pages + 4
    filler.execute("PRAGMA max_page_count = %d" % limit)
    filler.execute("CREATE TABLE filler (x BLOB)")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        while True:  # use every page the limit leaves, as a full disk would
            filler.execute("INSERT INTO filler VALUES (zeroblob(1000))")
            filler.commit()
    filler.close()
    _add_pragma("max_page_count", limit)
    # Longer than a page: the row needs pages the disk no longer has.
    response = client.post("/donors/new", data=dict(NEW_DONOR, notes="Palette 3, " * 450))
    _assert_trouble_page(response, 507, "disque est plein")
    assert _donors() == before


@pytest.mark.skipif(USING_POSTGRES, reason="simulated with SQLite's query_only")
def test_a_read_only_database_says_nothing_was_saved(app, client, login):
    login("operator")
    before = _donors()
    _add_pragma("query_only", 1)
    response = client.post("/donors/new", data=NEW_DONOR)
    _assert_trouble_page(response, 503, "lecture seule")
    assert _donors() == before


def test_an_unreachable_database_gives_the_sites_page_not_a_bare_500(tmp_path):
    app = create_app({"TESTING": True, "BASE_URL": "https://dons.example.org",
                      "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nowhere"})
    response = app.test_client().get("/login")
    _assert_trouble_page(response, 503, "ne peut pas être jointe")


def test_a_database_failing_for_a_logged_in_person_still_renders(app, client, login,
                                                                 monkeypatch):
    """The page must not ask the failing database who is logged in."""
    login("operator")
    if USING_POSTGRES:
        pytest.skip("SQLite's query_only stands in for the failure")
    _add_pragma("query_only", 1)
    response = client.post("/donors/new", data=NEW_DONOR)
    assert response.status_code == 503
