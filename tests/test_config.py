"""Settings from the environment and instance/config.py; unsafe ones refused."""
import pytest

from inventory import create_app
from inventory.config import ConfigError, from_environment


def test_settings_are_read_from_the_environment():
    found = from_environment({
        "INVENTORY_BASE_URL": "https://dons.example.org/",
        "DATABASE_URL": "postgresql://db/inventory",
        "INVENTORY_ASSET_TAG_PREFIX": "lsm",
        "INVENTORY_DEMO": "oui",
        "INVENTORY_RETENTION_MONTHS": "36",
        "ORG_NAME": "Entraide Informatique",
    })
    assert found == {"BASE_URL": "https://dons.example.org/",
                     "DATABASE_URL": "postgresql://db/inventory", "ASSET_TAG_PREFIX": "lsm",
                     "DEMO": True, "RETENTION_MONTHS": 36, "ORG_NAME": "Entraide Informatique"}


def test_without_a_secret_key_the_app_refuses_to_start(monkeypatch, tmp_path):
    for name in ("INVENTORY_SECRET_KEY", "SECRET_KEY", "INVENTORY_DEMO"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError) as refused:
        create_app({"DATABASE_URL": "sqlite:///%s" % (tmp_path / "x.db")})
    assert "SECRET_KEY is not set" in str(refused.value)


def test_a_short_secret_key_is_refused(tmp_path):
    with pytest.raises(ConfigError):
        create_app({"SECRET_KEY": "short", "DATABASE_URL": "sqlite:///%s" % (tmp_path / "x.db")})


def test_demo_mode_keeps_one_key_for_every_worker(tmp_path, monkeypatch):
    monkeypatch.delenv("INVENTORY_SECRET_KEY", raising=False)
    config = {"DEMO": True, "DATABASE_URL": "sqlite:///%s" % (tmp_path / "x.db")}
    first, second = create_app(config), create_app(config)
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32


def test_derived_settings(app_config):
    app = create_app(dict(app_config, BASE_URL="https://dons.example.org/inventaire/",
                          ASSET_TAG_PREFIX=" cc "))
    assert app.config["BASE_URL"] == "https://dons.example.org/inventaire"
    assert app.config["ASSET_TAG_PREFIX"] == "CC"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_sqlite_is_opened_with_wal_foreign_keys_and_a_busy_timeout(app, db):
    from .conftest import USING_POSTGRES
    if USING_POSTGRES:
        pytest.skip("SQLite pragmas")
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 15000


def test_a_query_outside_a_connection_fails_loudly(app):
    from peewee import InterfaceError

    from inventory.models import Device
    with pytest.raises(InterfaceError):
        Device.select().count()
