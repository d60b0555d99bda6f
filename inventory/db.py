"""The database proxy, per-request connections, and the migration runner."""
import io
import os

from flask import g

from peewee import DatabaseProxy, SqliteDatabase
from playhouse import db_url
from playhouse.migrations import Runner

database = DatabaseProxy()

POOL_SIZE = 8
MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), "migrations")

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("synchronous", "normal"),
    ("cache_size", -16000),  # 16 MB
)


def open_database(url, pool_size=POOL_SIZE, busy_timeout=15):
    """Make (but do not connect) the database named by url."""
    if url.startswith("sqlite"):
        # BEGIN IMMEDIATE takes the write lock at the start of a transaction, so
        # two writers queue on the busy timeout instead of one failing when it
        # tries to upgrade a read lock.
        return db_url.connect(
            url, pragmas=SQLITE_PRAGMAS, timeout=busy_timeout, autoconnect=False,
            lock_type="IMMEDIATE", check_same_thread=False,
        )
    # A small pool per process: opening a PostgreSQL connection costs more than most
    # requests; close() at the end of a request hands it back.
    scheme, _, rest = url.partition("://")
    if scheme in ("postgres", "postgresql"):
        url = "postgresql+pool://" + rest
    # A write waiting on another one's lock gives up like SQLite's busy timeout does, so the
    # page says "busy, try again" instead of holding a worker until the proxy times out.
    return db_url.connect(url, autoconnect=False, max_connections=pool_size, stale_timeout=300,
                          options="-c lock_timeout=%d" % int(busy_timeout * 1000))


def bind(url, pool_size=POOL_SIZE, busy_timeout=15):
    """Point the proxy at the database named by url; return it."""
    db = open_database(url, pool_size, busy_timeout)
    database.initialize(db)
    return db


def describe_url():
    """The bound database's address for a message: never its password."""
    db = database.obj
    if db is None:
        return "(none)"
    if isinstance(db, SqliteDatabase):
        return db.database
    params = db.connect_params
    return "postgresql://%s@%s:%s/%s" % (params.get("user", ""), params.get("host", ""),
                                         params.get("port", 5432), db.database)


# What went wrong with the database, by the driver's own error codes: SQLite's result code
# names (Python 3.11 exposes them) and PostgreSQL's SQLSTATE classes (Appendix A of its manual).
SQLITE_TROUBLES = {"SQLITE_BUSY": "busy", "SQLITE_LOCKED": "busy", "SQLITE_FULL": "full",
                   "SQLITE_READONLY": "read_only", "SQLITE_IOERR": "disk",
                   "SQLITE_CANTOPEN": "unreachable"}
POSTGRES_TROUBLES = {"53100": "full", "25006": "read_only", "55P03": "busy", "40P01": "busy",
                     "40001": "busy", "57P03": "unreachable", "53300": "busy"}


def trouble(error):
    """Name what went wrong in a database error ("busy", "full", ...), or None if unknown.

    Walks the chain of errors: after SQLITE_FULL, SQLite has already rolled back, and the
    rollback's own "no transaction is active" error hides the disk that filled up.
    """
    seen = 0
    while error is not None and seen < 10:
        kind = _one_trouble(error)
        if kind:
            return kind
        error, seen = error.__context__, seen + 1
    return None


def _one_trouble(error):
    original = getattr(error, "orig", error)  # peewee keeps the driver's own error there
    name = getattr(original, "sqlite_errorname", None)
    if name:
        return SQLITE_TROUBLES.get("_".join(name.split("_")[:2]))  # SQLITE_IOERR_WRITE: IOERR
    code = getattr(original, "pgcode", None)
    if code:
        return POSTGRES_TROUBLES.get(code)
    if type(original).__module__.startswith("psycopg2") and type(original).__name__ in (
            "OperationalError", "InterfaceError"):
        return "unreachable"  # no SQLSTATE: the connection itself failed
    return None


def is_sqlite():
    return isinstance(database.obj, SqliteDatabase)


def migration_runner():
    return Runner(database.obj, MIGRATIONS_DIR)


def upgrade():
    """Apply pending migrations; return their names."""
    with connected():
        return migration_runner().up()


def init_app(app):
    bind(app.config["DATABASE_URL"], app.config.get("DATABASE_POOL_SIZE", POOL_SIZE),
         app.config["DATABASE_BUSY_SECONDS"])

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


def page_of(query, page, size):
    """Rows of page (from 1) of size, and whether another page follows; one query, no COUNT."""
    rows = list(query.offset((max(page, 1) - 1) * size).limit(size + 1))
    return rows[:size], len(rows) > size


def bulk_insert(model, fields, rows):
    """Insert many rows of plain values (in field order) fast, inside the caller's transaction.

    peewee builds one SQL node per value, which costs more than the insert itself
    for thousands of rows; here SQLite binds the values and PostgreSQL takes a COPY
    stream. Text, numbers, dates and booleans only. Fields left out get
    their default, evaluated once for all the rows (fine for timestamps, wrong for
    per-row tokens: do not use it for those).
    """
    meta = model._meta
    missing = [f for f in meta.sorted_fields
               if f.name not in fields and not f.primary_key and f.default is not None]
    names = list(fields) + [f.name for f in missing]
    extra = tuple(f.db_value(f.default() if callable(f.default) else f.default) for f in missing)
    converters = [meta.fields[name].db_value for name in fields]
    values = [tuple(convert(v) for convert, v in zip(converters, row)) + extra for row in rows]
    columns = ", ".join('"%s"' % meta.fields[name].column_name for name in names)
    table = '"%s"' % meta.table_name
    cursor = database.cursor()
    if is_sqlite():
        marks = ", ".join("?" for _ in names)
        cursor.executemany("INSERT INTO %s (%s) VALUES (%s)" % (table, columns, marks), values)
        return
    # PostgreSQL's COPY takes the rows as text in one stream, many times faster than INSERTs.
    buffer = io.StringIO()
    for row in values:
        buffer.write("\t".join(_copy_text(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert("COPY %s (%s) FROM STDIN" % (table, columns), buffer)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value):
    """One value in COPY's text format: \\N for NULL, backslash escapes for the separators."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (bytes, memoryview)):
        raise TypeError("bulk_insert does not take binary values")
    return str(value).translate(_COPY_ESCAPES)
