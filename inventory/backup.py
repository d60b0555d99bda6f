"""Online backup of a SQLite database."""
import os
import sqlite3


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
