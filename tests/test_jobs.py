"""Long work runs as a background job: queued in the database, run by `inventory worker`,
followed on a progress page, its file downloaded in pieces; nothing is lost with the consumer.
"""
import csv
import datetime
import io
import os
import subprocess
import sys
import time
import tracemalloc

import pytest
from openpyxl import load_workbook

from inventory import jobs
from inventory.db import database
from inventory.errors import Refused
from inventory.jobs.queue import huey
from inventory.models import Job, JobChunk

from .conftest import USING_POSTGRES

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def app_config(app_config):
    return dict(app_config, EXPORT_INLINE_ROWS=3)


def _rows(body, format):
    if format == "csv":
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(body)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_a_big_export_runs_as_a_job_and_gives_the_same_file(app, client, login, make, db,
                                                             format):
    make.devices(5, make="Lenovo", model="ThinkPad T480")
    user = login("viewer")
    response = client.get("/devices/export.%s" % format)
    assert response.status_code == 302
    job_url = response.headers["Location"]
    page = client.get(job_url).get_data(as_text=True)
    job = Job.get()
    assert job.user_id == user.id and job.status == "done" and job.kind == "device_export"
    assert "/jobs/%d/download" % job.id in page
    download = client.get("/jobs/%d/download" % job.id)
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].endswith('.%s"' % format)
    app.config["EXPORT_INLINE_ROWS"] = 1000
    inline = client.get("/devices/export.%s" % format)
    assert inline.status_code == 200
    assert _rows(download.data, format) == _rows(inline.data, format)
    assert len(_rows(download.data, format)) == 6


def test_a_job_is_seen_only_by_whoever_started_it_and_administrators(app, client, login, make):
    make.devices(5)
    login("viewer")
    job_url = client.get("/devices/export.csv").headers["Location"]
    client.post("/logout")
    login("operator")
    assert client.get(job_url).status_code == 404
    assert client.get(job_url + "/download").status_code == 404
    client.post("/logout")
    login("admin")
    assert client.get(job_url).status_code == 200


def test_a_file_bigger_than_a_piece_is_stored_in_pieces_and_comes_back_whole(app, db, make,
                                                                              monkeypatch):
    monkeypatch.setattr(jobs, "CHUNK_BYTES", 1000)
    payload = os.urandom(4500)

    @jobs.job_kind("test_bytes")
    def _bytes(params, progress):
        return "x.bin", "application/octet-stream", (payload[i:i + 700]
                                                     for i in range(0, len(payload), 700))
    job = jobs.start("test_bytes", make.user("admin").id)
    assert job.status == "done" and job.size == 4500
    assert JobChunk.select().where(JobChunk.job == job.id).count() == 5
    assert b"".join(jobs.file_chunks(job)) == payload


def test_a_refused_job_says_why_and_a_broken_one_says_it_failed(app, db, make):
    @jobs.job_kind("test_refused")
    def _refused(params, progress):
        raise Refused("Ce don n’a pas d’appareils.")

    @jobs.job_kind("test_broken")
    def _broken(params, progress):
        raise ZeroDivisionError()
    user = make.user("admin")
    refused = jobs.start("test_refused", user.id)
    broken = jobs.start("test_broken", user.id)
    assert (refused.status, refused.message) == ("failed", "Ce don n’a pas d’appareils.")
    assert broken.status == "failed" and "l’erreur est enregistrée" in broken.message
    assert JobChunk.select().count() == 0


def test_a_job_runs_once_even_when_two_consumers_take_it(app, db, make):
    calls = []

    @jobs.job_kind("test_count")
    def _count(params, progress):
        calls.append(1)
        return "x.txt", "text/plain", [b"ok"]
    huey.immediate = False
    try:
        job = jobs.start("test_count", make.user("admin").id)
    finally:
        huey.immediate = True
    assert jobs.execute(job.id) is True
    assert jobs.execute(job.id) is False  # the second consumer finds it taken
    assert calls == [1]


def test_a_job_lost_with_its_consumer_is_run_again(app, db, make):
    @jobs.job_kind("test_again")
    def _again(params, progress):
        return "x.txt", "text/plain", [b"again"]
    huey.immediate = False
    try:
        job = jobs.start("test_again", make.user("admin").id)
    finally:
        huey.immediate = True
    # The consumer took it, then died: running, heartbeat long gone.
    Job.update(status="running", attempts=1,
               heartbeat_at=datetime.datetime(2026, 1, 1)).where(Job.id == job.id).execute()
    assert jobs.recover() == [job.id]
    job = Job.get_by_id(job.id)
    assert job.status == "done" and b"".join(jobs.file_chunks(job)) == b"again"
    assert job.attempts == 2


def test_a_job_out_of_attempts_is_marked_failed_not_run_forever(app, db, make):
    huey.immediate = False
    try:
        job = jobs.start("device_export", make.user("admin").id, format="csv", args=[])
    finally:
        huey.immediate = True
    Job.update(status="running", attempts=jobs.MAX_ATTEMPTS,
               heartbeat_at=datetime.datetime(2026, 1, 1)).where(Job.id == job.id).execute()
    assert jobs.recover() == []
    assert Job.get_by_id(job.id).status == "failed"


@pytest.mark.slow
def test_a_queued_job_survives_until_a_consumer_starts_and_then_runs(app, client, login, make,
                                                                     database_url):
    """No consumer while the job is queued (as after a restart); `inventory worker` runs it."""
    make.devices(5)
    login("viewer")
    huey.immediate = False
    try:
        job_url = client.get("/devices/export.csv").headers["Location"]
    finally:
        huey.immediate = True
    job_id = int(job_url.rsplit("/", 1)[1])
    with database.connection_context():
        assert Job.get_by_id(job_id).status == "queued"
        assert huey.storage.queue_size() == 1
    env = dict(os.environ, INVENTORY_DATABASE_URL=database_url, DATABASE_URL=database_url,
               INVENTORY_DEMO="1", PYTHONPATH=TOP)
    worker = subprocess.Popen([sys.executable, "-m", "inventory", "worker", "--threads", "1"],
                              env=env, cwd=str(app.instance_path), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        status = "queued"
        while time.monotonic() < deadline and status != "done":
            time.sleep(0.3)
            with database.connection_context():
                status = Job.get_by_id(job_id).status
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert status == "done", output
    body = client.get(job_url + "/download").data
    assert len(_rows(body, "csv")) == 6


@pytest.mark.slow
@pytest.mark.skipif(USING_POSTGRES, reason="the memory bound is the same; SQLite fills faster")
def test_a_big_export_job_keeps_memory_bounded(app, db, make, monkeypatch):
    from inventory.models import Device
    donation = make.donation()
    rows = [{"asset_tag": "CC-%05d" % n, "donation": donation.id, "category": "laptop",
             "make": "Dell", "model": "Latitude 5490 " + "x" * 40, "serial": "SN%08d" % n}
            for n in range(1, 20001)]
    with database.atomic():
        for start in range(0, len(rows), 500):
            Device.insert_many(rows[start:start + 500]).execute()
    user = make.user("admin")
    tracemalloc.start()
    job = jobs.start("device_export", user.id, format="csv", args=[])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert job.status == "done" and job.size > 1_500_000
    # The file is about 2 MB; held whole with its 20,000 rows it would take well over 50 MB.
    assert peak < 25 * 1024 * 1024, peak
