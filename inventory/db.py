"""The database proxy, per-request connections, and the migration runner."""
import os

from flask import g

from peewee import DatabaseProxy, SqliteDatabase
from playhouse import db_url
from playhouse.migrations import Runner

database = DatabaseProxy()

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), "migrations")

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("synchronous", "normal"),
    ("cache_size", -16000),  # 16 MB
)


def open_database(url):
    """Make (but do not connect) the database named by url."""
    if url.startswith("sqlite"):
        # BEGIN IMMEDIATE takes the write lock at the start of a transaction, so
        # two writers queue on the busy timeout instead of one failing when it
        # tries to upgrade a read lock.
        return db_url.connect(
            url, pragmas=SQLITE_PRAGMAS, timeout=15, autoconnect=False,
            lock_type="IMMEDIATE", check_same_thread=False,
        )
    return db_url.connect(url, autoconnect=False)


def bind(url):
    """Point the proxy at the database named by url; return it."""
    db = open_database(url)
    database.initialize(db)
    return db


def is_sqlite():
    return isinstance(database.obj, SqliteDatabase)


def migration_runner():
    return Runner(database.obj, MIGRATIONS_DIR)


def upgrade():
    """Apply pending migrations; return their names."""
    with connected():
        return migration_runner().up()


def init_app(app):
    bind(app.config["DATABASE_URL"])

    @app.before_request
    def _connect():
        g.opened_database = database.is_closed()
        if g.opened_database:
            database.connect()

    @app.teardown_request
    def _close(exc):
        # Only what this request opened: a test or command may hold its own.
        if g.get("opened_database") and not database.is_closed():
            database.close()


class connected:
    """Open a connection for the block unless one is open; close only what it opened."""

    def __enter__(self):
        self.opened = database.is_closed()
        if self.opened:
            database.connect()
        return database

    def __exit__(self, *exc):
        if self.opened and not database.is_closed():
            database.close()
