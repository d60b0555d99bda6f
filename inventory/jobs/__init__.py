"""Long work as background jobs: queued in the database, run by `inventory worker`, followed
on a progress page, their file downloaded when done.

A job kind is a function registered with @job_kind(name): it takes the job's params and a
`progress(done, total)` callback and returns (filename, mimetype, chunks), chunks being an
iterable of bytes that is stored piece by piece, never held whole.
"""
import contextlib
import datetime
import logging
import time

from flask import has_app_context, has_request_context
from flask_babel import force_locale, get_locale, lazy_gettext as _l
from huey import crontab

from ..db import connected, database
from ..errors import Refused
from ..models import Job, JobChunk, now
from .queue import huey

log = logging.getLogger(__name__)

KINDS = {}
CHUNK_BYTES = 1024 * 1024
PROGRESS_EVERY = 0.5  # seconds between progress writes
# A running job whose heartbeat is older than this lost its consumer: it runs again.
STALE_AFTER = datetime.timedelta(minutes=2)
MAX_ATTEMPTS = 3

# The application the consumer serves (set by `inventory worker`); requests have their own.
_worker_app = None


def job_kind(name):
    def register(function):
        KINDS[name] = function
        return function
    return register


def start(kind, user_id, **params):
    """Queue a job of this kind; return it. The job and its queue entry commit together."""
    if kind not in KINDS:
        raise KeyError(kind)
    if has_request_context():
        params.setdefault("lang", str(get_locale()))  # the file speaks its asker's language
    with database.atomic():
        job = Job.create(kind=kind, user=user_id, params=params)
        run_job(job.id)
    return Job.get_by_id(job.id)


def serve_with(app):
    global _worker_app
    _worker_app = app


def _context():
    if has_app_context():
        return contextlib.nullcontext()
    return _worker_app.app_context()


@huey.task()
def run_job(job_id):
    with _context(), connected():
        execute(job_id)


def _claim(job_id):
    stale = now() - STALE_AFTER
    return Job.update(status="running", attempts=Job.attempts + 1, heartbeat_at=now()).where(
        (Job.id == job_id) & (Job.attempts < MAX_ATTEMPTS)
        & ((Job.status == "queued") | ((Job.status == "running") & (Job.heartbeat_at < stale)))
    ).execute() == 1


class Progress:
    """The callback a job kind reports through; writes at most every PROGRESS_EVERY seconds."""

    def __init__(self, job_id):
        self.job_id, self.last = job_id, 0.0

    def __call__(self, done, total=None, force=False):
        moment = time.monotonic()
        if not force and moment - self.last < PROGRESS_EVERY:
            return
        self.last = moment
        values = {"done": done, "heartbeat_at": now()}
        if total is not None:
            values["total"] = total
        Job.update(**values).where(Job.id == self.job_id).execute()


def execute(job_id):
    """Run one job if nobody else is running it; record its file or why it failed."""
    if not _claim(job_id):
        return False
    job = Job.get_by_id(job_id)
    progress = Progress(job.id)
    try:
        with force_locale(job.params.get("lang", "fr")):
            filename, mimetype, chunks = KINDS[job.kind](job.params, progress)
            size = _store(job.id, chunks, progress)
    except Refused as error:
        _fail(job.id, str(error))
    except Exception:  # noqa: BLE001 — the job fails, the consumer goes on
        log.exception("Job %s (%s) failed", job.id, job.kind)
        _fail(job.id, str(_l("The work failed; the error is logged. Try again, or tell an "
                             "administrator.")))
    else:
        Job.update(status="done", filename=filename, mimetype=mimetype, size=size,
                   finished_at=now(), heartbeat_at=now()).where(Job.id == job.id).execute()
    return True


def _store(job_id, chunks, progress):
    # One short transaction per piece: a long export never holds SQLite's write lock.
    JobChunk.delete().where(JobChunk.job == job_id).execute()
    buffer, seq, size = bytearray(), 0, 0
    for piece in chunks:
        buffer += piece
        while len(buffer) >= CHUNK_BYTES:
            JobChunk.create(job=job_id, seq=seq, data=bytes(buffer[:CHUNK_BYTES]))
            del buffer[:CHUNK_BYTES]
            seq, size = seq + 1, size + CHUNK_BYTES
    if buffer or seq == 0:
        JobChunk.create(job=job_id, seq=seq, data=bytes(buffer))
        size += len(buffer)
    return size


def _fail(job_id, message):
    with database.atomic():
        JobChunk.delete().where(JobChunk.job == job_id).execute()
        Job.update(status="failed", message=message[:1000], finished_at=now()).where(
            Job.id == job_id).execute()


def file_chunks(job):
    """The job's file, piece by piece (one query per piece: memory stays at one megabyte)."""
    seq = 0
    while True:
        # Streamed after the request's own connection closed: each piece opens one if needed.
        with connected():
            row = JobChunk.get_or_none((JobChunk.job == job.id) & (JobChunk.seq == seq))
        if row is None:
            return
        yield bytes(row.data)
        seq += 1


def recover():
    """Queue again the jobs whose consumer died (queued or running, heartbeat gone stale)."""
    stale = now() - STALE_AFTER
    lost = [job.id for job in Job.select(Job.id).where(
        Job.status.in_(("queued", "running")) & (Job.heartbeat_at < stale)
        & (Job.attempts < MAX_ATTEMPTS))]
    for job_id in lost:
        # Back to the queue; the claim in execute() keeps two consumers from both running it.
        requeued = Job.update(status="queued", heartbeat_at=now()).where(
            (Job.id == job_id) & Job.status.in_(("queued", "running"))
            & (Job.heartbeat_at < stale)).execute()
        if requeued:
            run_job(job_id)
    # A job out of attempts will not run again: say so rather than spin forever.
    Job.update(status="failed", message=str(_l("The work was interrupted too often.")),
               finished_at=now()).where(
        Job.status.in_(("queued", "running")) & (Job.heartbeat_at < stale)
        & (Job.attempts >= MAX_ATTEMPTS)).execute()
    return lost


@huey.periodic_task(crontab(minute="*"))
def recover_lost_jobs():
    with _context(), connected():
        recover()


def init_app(app):
    # Tests run jobs where they are queued (the job still goes through the database);
    # JOBS_IMMEDIATE=False in a test queues them for a real consumer.
    huey.immediate = bool(app.config.get("JOBS_IMMEDIATE", app.config.get("TESTING")))
    from . import kinds  # noqa: F401  registers the job kinds
