"""`inventory backup`: a consistent copy of a live SQLite database."""
import sqlite3
import threading

import pytest

from inventory.db import connected
from inventory.intake.receive import receive_devices
from inventory.models import Device, Event

from .conftest import USING_POSTGRES


@pytest.mark.skipif(USING_POSTGRES, reason="the SQLite backup; PostgreSQL uses pg_dump")
def test_a_backup_taken_during_writes_restores_whole(app, make, runner, tmp_path):
    donation = make.donation()
    stop = threading.Event()
    written = []

    def writer():
        with app.test_request_context(), connected():
            while not stop.is_set() and len(written) < 200:
                written.extend(receive_devices(donation, 5, None))

    thread = threading.Thread(target=writer)
    thread.start()
    while len(written) < 20 and thread.is_alive():
        stop.wait(0.01)
    try:
        target = tmp_path / "backup.db"
        result = runner.invoke(args=["backup", str(target)])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output
    restored = sqlite3.connect(target)
    assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert restored.execute("PRAGMA foreign_key_check").fetchall() == []
    devices = restored.execute("SELECT COUNT(*) FROM device").fetchone()[0]
    events = restored.execute("SELECT COUNT(*) FROM event").fetchone()[0]
    # Each receive writes devices and their events in one transaction: a torn copy would differ.
    assert devices == events and devices % 5 == 0
    with app.app_context(), connected():
        assert Device.select().count() >= devices
        assert Event.select().count() >= events


@pytest.mark.skipif(not USING_POSTGRES, reason="only on PostgreSQL")
def test_on_postgresql_backup_explains_pg_dump(runner, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path / "x.dump")])
    assert result.exit_code != 0
    assert "pg_dump" in result.output
