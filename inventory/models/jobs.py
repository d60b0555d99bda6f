"""Background jobs (long exports, big documents) and the files they produce."""
from peewee import BlobField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .base import BaseModel, JSONField, now
from .people import User

JOB_STATUSES = ("queued", "running", "done", "failed")


class Job(BaseModel):
    """One piece of long work: who asked, how far it is, and its file when done."""

    kind = CharField(max_length=40)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    params = JSONField(default=dict)
    status = CharField(max_length=12, default="queued", choices=[(s, s) for s in JOB_STATUSES])
    done = IntegerField(default=0)
    total = IntegerField(null=True)
    message = TextField(default="")
    filename = CharField(max_length=200, default="")
    mimetype = CharField(max_length=120, default="")
    size = IntegerField(default=0)
    attempts = IntegerField(default=0)
    created_at = DateTimeField(default=now)
    # Touched when queued, claimed and at each progress step: a running job whose
    # heartbeat stops was lost with its consumer and is run again.
    heartbeat_at = DateTimeField(default=now, index=True)
    finished_at = DateTimeField(null=True)

    @property
    def percent(self):
        if self.status == "done":
            return 100
        if not self.total:
            return 0
        return min(99, int(100 * self.done / self.total))


class JobChunk(BaseModel):
    """A job's file, in pieces of at most a megabyte: any host can serve it, in bounded memory."""

    job = ForeignKeyField(Job, on_delete="CASCADE")
    seq = IntegerField()
    data = BlobField()

    class Meta:
        indexes = ((("job", "seq"), True),)
