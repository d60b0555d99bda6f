"""A scratch app and database for benchmarks: SQLite in a temporary folder, or DATABASE_URL."""
import os
import statistics
import tempfile
import time

from inventory import create_app


def scratch_app():
    """An app on a new empty database (a fresh SQLite file, or the given PostgreSQL)."""
    url = os.environ.get("DATABASE_URL", "")
    folder = tempfile.mkdtemp(prefix="inventory-bench-")
    if not url.startswith("postgres"):
        url = "sqlite:///%s/bench.db" % folder
    app = create_app({"TESTING": True, "DATABASE_URL": url, "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})
    from inventory.db import upgrade
    upgrade()
    if url.startswith("postgres"):
        from inventory.db import connected, database
        from inventory.models import ALL_MODELS
        with connected():
            names = ", ".join('"%s"' % m._meta.table_name for m in ALL_MODELS)
            database.execute_sql("TRUNCATE %s RESTART IDENTITY CASCADE" % names)
    return app


def backend():
    return "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"


def timings(function, arguments):
    """Call function once per argument; return (median ms, p95 ms)."""
    samples = []
    for argument in arguments:
        started = time.perf_counter()
        function(argument)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]
