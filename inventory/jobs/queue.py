"""The job queue: huey, keeping its queue in the application's own database.

huey's SQL storage (by peewee's author) already speaks peewee; this subclass points it at the
application's database proxy instead of a second connection, so a job is queued in the same
transaction as the record that asks for it (SQLite allows one writer: a second connection
would wait for the request's own lock), and names its tables job_queue_* (the application has
a `counter` table of its own). The tables are made by migration 0010, not at import.
"""
from huey import Huey
from huey.contrib.sql_huey import BytesBlobField, SqlStorage
from peewee import (CharField, CompositeKey, FloatField, IntegerField, Model,
                    PostgresqlDatabase, TimestampField)

from ..db import database

QUEUE_NAME = "inventory"


class QueueStorage(SqlStorage):
    def __init__(self, name=QUEUE_NAME, **kwargs):
        # SqlStorage's own __init__ connects at import; everything it sets is set here lazily.
        self.name = name
        self.database = database
        self.KV, self.Schedule, self.Task, self.Counter = self.create_models()

    def atomic(self):
        return database.atomic()

    @property
    def for_update(self):
        # Two consumers never take the same task: PostgreSQL skips rows another one locked;
        # SQLite's BEGIN IMMEDIATE (set by db.open_database) serialises them instead.
        return "FOR UPDATE SKIP LOCKED" if isinstance(database.obj, PostgresqlDatabase) else None

    def create_models(self):
        class Base(Model):
            class Meta:
                database = self.database

        class KV(Base):
            queue = CharField()
            key = CharField()
            value = BytesBlobField()

            class Meta:
                table_name = "job_queue_kv"
                primary_key = CompositeKey("queue", "key")

        class Schedule(Base):
            queue = CharField()
            data = BytesBlobField()
            timestamp = TimestampField(resolution=1000)

            class Meta:
                table_name = "job_queue_schedule"

        class Task(Base):
            queue = CharField()
            data = BytesBlobField()
            priority = FloatField(default=0.0)

            class Meta:
                table_name = "job_queue_task"

        class Counter(Base):
            queue = CharField()
            key = CharField()
            value = IntegerField()

            class Meta:
                table_name = "job_queue_counter"
                primary_key = CompositeKey("queue", "key")

        return KV, Schedule, Task, Counter

    def create_tables(self):
        pass  # migration 0010

    def close(self):
        pass  # connections belong to the application's request and task hooks


huey = Huey(QUEUE_NAME, storage_class=QueueStorage, results=False, utc=True,
            immediate_use_memory=False)
