"""`inventory init` and `inventory backup`: create or upgrade the database, copy it safely."""
import os
import sqlite3

import click

from ..db import database, is_sqlite, upgrade
from .defaults import ensure_defaults
from .options import with_database


class BackupError(RuntimeError):
    pass


def backup_sqlite(db, target):
    """Copy db to target with SQLite's backup API, check it, return its page count.

    The backup API copies a consistent snapshot even while other connections
    write (a plain file copy of a WAL database can lose or tear pages).
    """
    temporary = target + ".partial"
    if os.path.exists(temporary):
        os.remove(temporary)
    destination = sqlite3.connect(temporary)
    try:
        # In one step: in WAL mode the read snapshot does not block writers.
        db.connection().backup(destination)
        check = destination.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError("integrity check of the copy failed: %s" % check)
        pages = destination.execute("PRAGMA page_count").fetchone()[0]
        destination.execute("PRAGMA journal_mode=delete")
    finally:
        destination.close()
    os.replace(temporary, target)
    return pages


@click.command("init")
@with_database
def init_command():
    """Create the database, or upgrade it to the current schema."""
    applied = upgrade()
    ensure_defaults()
    if applied:
        click.echo("Applied: %s" % ", ".join(applied))
    else:
        click.echo("The database is up to date.")


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
@with_database
def backup_command(target):
    """Copy the live SQLite database to TARGET, consistently, while it is in use."""
    if not is_sqlite():
        raise click.ClickException(
            "This database is PostgreSQL: back it up with pg_dump, e.g.\n"
            "  pg_dump --format=custom --file=%s \"$DATABASE_URL\"\n"
            "and restore with pg_restore --clean --dbname=\"$DATABASE_URL\" %s" % (target, target))
    pages = backup_sqlite(database.obj, target)
    click.echo("Backup written to %s (%d pages, integrity ok)." % (target, pages))


COMMANDS = (init_command, backup_command)
