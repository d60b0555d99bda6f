"""Each test gets its own database, an app, a client, a CLI runner and factories.

SQLite (the default): the migrations run once into a template file, and each
test gets a copy of it. PostgreSQL: set DATABASE_URL=postgresql://...; the
migrations run once into that (empty) database and each test starts from
emptied tables. An unreachable PostgreSQL fails the run, it never skips.
"""
import os
import shutil

import pytest
from flask_babel import force_locale

from inventory import create_app
from inventory.db import database, open_database

from .factories import Factories

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
USING_POSTGRES = POSTGRES_URL.startswith("postgres")


def pytest_report_header(config):
    return "database: %s" % ("PostgreSQL " + POSTGRES_URL if USING_POSTGRES else "SQLite files")


def _migrate(url):
    from inventory.db import bind, upgrade
    bind(url)
    upgrade()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    if USING_POSTGRES:
        db = open_database(POSTGRES_URL)
        try:
            db.connect()
        except Exception as error:  # noqa: BLE001 — any failure to connect ends the run
            pytest.exit("PostgreSQL at %s is unreachable: %s" % (POSTGRES_URL, error), returncode=3)
        db.close()
        _migrate(POSTGRES_URL)
        return POSTGRES_URL
    path = tmp_path_factory.mktemp("template") / "template.db"
    _migrate("sqlite:///%s" % path)
    # Fold the WAL into the main file so a plain copy of the closed file is whole.
    db = open_database("sqlite:///%s" % path)
    db.connect()
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return str(path)


def _empty_postgres_tables():
    """Delete every row and restart the ids (faster than TRUNCATE for a handful of rows)."""
    from peewee import sort_models

    from inventory.jobs.queue import huey
    from inventory.models import ALL_MODELS
    tables = [m._meta.table_name for m in reversed(sort_models(ALL_MODELS))]
    storage = huey.storage
    queue = [m._meta.table_name for m in (storage.Task, storage.Schedule, storage.KV,
                                          storage.Counter)]
    with database.connection_context(), database.atomic():
        for table in queue + tables:  # the job queue's tables too: no task outlives its test
            database.execute_sql('DELETE FROM "%s"' % table)
        for table in tables:
            database.execute_sql("SELECT setval(pg_get_serial_sequence('\"%s\"', 'id'), 1, false)"
                                 % table)


@pytest.fixture
def database_url(database_template, tmp_path):
    if USING_POSTGRES:
        return database_template
    path = tmp_path / "inventory.db"
    shutil.copyfile(database_template, path)
    return "sqlite:///%s" % path


@pytest.fixture
def app_config(tmp_path, database_url):
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        # Still scrypt, at a cost that keeps the suite fast.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "DATABASE_POOL_SIZE": 40,  # the race tests hold 20 connections at once
        "BASE_URL": "https://dons.example.org",
        "ORG_NAME": "Ordinateurs Solidaires Test",
    }


@pytest.fixture
def app(app_config, tmp_path):
    app = create_app(app_config)
    if USING_POSTGRES:
        _empty_postgres_tables()
    with app.app_context(), database.connection_context():
        from inventory.cli.defaults import ensure_defaults
        ensure_defaults()
    yield app
    if not database.is_closed():
        database.close()


@pytest.fixture
def db(app):
    """An open connection inside an app context, for tests that call use cases."""
    with app.test_request_context(), database.connection_context():
        yield database


@pytest.fixture
def english(app):
    """Messages in English, for tests that compare them word for word (French is the default)."""
    with app.test_request_context(), force_locale("en"):
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app):
    return Factories(app)


@pytest.fixture
def login(app, client, make):
    """Log the client in with a new user of the given role; return the user."""
    def login_as(role="operator", client=client):
        user = make.user(role)
        response = client.post("/login", data={"username": user.username,
                                               "password": make.PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user
    return login_as
