"""The `inventory` command."""
import os
import subprocess
import sys

import pytest

from inventory import lifecycle, localtime
from inventory.dashboard import figures as dashboard
from inventory.db import connected
from inventory.models import Device, Donation, Donor, Event, Handover, Request, User

from .conftest import USING_POSTGRES


def inventory(*args, env=None, **kwargs):
    command = [os.path.join(os.path.dirname(sys.executable), "inventory"), *args]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("INVENTORY_")}
    environment.pop("SECRET_KEY", None)
    environment.update(env or {})
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120,
                          **kwargs)


def test_help_lists_the_commands():
    result = inventory("--help")
    assert result.returncode == 0
    for command in ("init", "create-user", "demo", "serve", "backup"):
        assert command in result.stdout


def test_serve_refuses_to_start_without_a_secret_key(tmp_path):
    result = inventory("serve", env={"INVENTORY_DATABASE_URL": "sqlite:///%s" % (tmp_path / "x.db")})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_create_user(runner, db):
    result = runner.invoke(args=["create-user", "marie", "--role", "technician",
                                 "--password", "a long password"])
    assert result.exit_code == 0, result.output
    assert User.get(User.username == "marie").check_password("a long password")
    again = runner.invoke(args=["create-user", "marie", "--role", "viewer",
                                "--password", "a long password"])
    assert again.exit_code != 0 and "déjà pris" in again.output


def test_create_user_refuses_a_short_password(runner, db):
    result = runner.invoke(args=["create-user", "paul", "--role", "viewer", "--password", "short"])
    assert result.exit_code != 0
    assert User.select().where(User.username == "paul").count() == 0


def snapshot():
    return sorted((d.asset_tag, d.serial, d.status, d.ram_gb, d.grade) for d in Device.select())


def test_demo_fills_every_status_once(runner, db):
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    counts = Device.status_counts()
    assert set(counts) == set(lifecycle.STATES)
    assert sorted(u.role for u in User.select()) == ["admin", "operator", "technician", "viewer"]
    social_housing = Donation.select().join(Donor).where(Donor.name == "Logis Métropole").get()
    assert social_housing.devices.count() == 100
    assert Handover.select().count() == counts["handed_over"] + counts["returned"]
    first = snapshot()
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0 and "not added" in again.output
    assert snapshot() == first


def test_demo_is_a_campaigns_last_twelve_weeks(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    today = localtime.today()
    data = dashboard.figures(today)
    first_monday = data.weekly[0][0]
    donations = list(Donation.select())
    assert (len(donations), Donor.select().count()) == (6, 5)  # one donor gave twice
    assert all(first_monday <= d.received_on < today for d in donations)
    # Each device dated by its donation, its history starting there.
    for device in Device.select(Device, Donation).join(Donation):
        assert localtime.local_date(device.received_at) == device.donation.received_on
    first = {}
    for device_id, at in Event.select(Event.device, Event.at).tuples():
        first[device_id] = min(at, first.get(device_id, at))
    assert first == dict(Device.select(Device.id, Device.received_at).tuples())
    # Every device received counts in the dashboard's weeks, and the work is spread over them.
    assert sum(week["received"] for _monday, week in data.weekly) == Device.select().count()
    assert len({donation.received_on for donation in donations}) == len(donations)
    assert sum(1 for _monday, week in data.weekly if week["given"]) >= 6
    assert sum(1 for _monday, week in data.weekly if week["ready"]) >= 6
    assert data.average_days > 7 and data.handovers_timed >= 20
    assert Request.select().where(Request.status == "waiting").count() >= 5
    loans_out = Handover.select().where((Handover.kind == "loan") & Handover.returned_on.is_null())
    assert len([h for h in loans_out if h.due_on >= today]) >= 2
    assert len([h for h in loans_out if h.due_on < today]) == 1  # overdue
    # Receipts are numbered in the order of the handovers.
    handovers = list(Handover.select().order_by(Handover.receipt_number))
    assert [h.handed_on for h in handovers] == sorted(h.handed_on for h in handovers)


@pytest.mark.skipif(USING_POSTGRES, reason="needs two databases; SQLite files are cheap")
def test_demo_is_deterministic(app_config, tmp_path):
    from inventory import create_app
    snapshots = []
    for name in ("one.db", "two.db"):
        app = create_app(dict(app_config, DATABASE_URL="sqlite:///%s" % (tmp_path / name)))
        runner = app.test_cli_runner()
        assert runner.invoke(args=["init"]).exit_code == 0
        assert runner.invoke(args=["demo"]).exit_code == 0
        with app.app_context(), connected():
            snapshots.append(snapshot())
    assert snapshots[0] == snapshots[1] and len(snapshots[0]) > 100


def test_demo_refuses_a_database_with_data(runner, make, db):
    make.device()
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0


@pytest.mark.slow
def test_make_run_steps_twice_on_a_new_database(tmp_path):
    """What `make run` does before serving, twice: no error, no duplicate demo data."""
    env = {"INVENTORY_DATABASE_URL": "sqlite:///%s" % (tmp_path / "run.db"), "INVENTORY_DEMO": "1"}
    for _ in range(2):
        for step in (("init",), ("demo", "--if-empty")):
            result = inventory(*step, env=env, cwd=tmp_path)
            assert result.returncode == 0, result.stderr
    import sqlite3
    connection = sqlite3.connect(tmp_path / "run.db")
    assert connection.execute("SELECT COUNT(*) FROM user").fetchone()[0] == 4
    assert connection.execute("SELECT COUNT(*) FROM donor").fetchone()[0] == 5
