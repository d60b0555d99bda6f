"""Background jobs with their files, and the job queue's own tables (huey's SQL storage,
prefixed so they never meet the application's tables).
"""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class Job(Model):
        kind = CharField(max_length=40)
        user = ForeignKeyField(User, null=True, on_delete='SET NULL', backref='+')
        params = TextField()
        status = CharField(max_length=12, default='queued')
        done = IntegerField(default=0)
        total = IntegerField(null=True)
        message = TextField(default='')
        filename = CharField(max_length=200, default='')
        mimetype = CharField(max_length=120, default='')
        size = IntegerField(default=0)
        attempts = IntegerField(default=0)
        created_at = DateTimeField()
        heartbeat_at = DateTimeField(index=True)
        finished_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = 'job'

    class JobChunk(Model):
        job = ForeignKeyField(Job, on_delete='CASCADE', backref='+')
        seq = IntegerField()
        data = BlobField()

        class Meta:
            database = db
            table_name = 'job_chunk'
            indexes = ((('job', 'seq'), True),)

    class QueueKV(Model):
        queue = CharField()
        key = CharField()
        value = BlobField()

        class Meta:
            database = db
            table_name = 'job_queue_kv'
            primary_key = CompositeKey('queue', 'key')

    class QueueSchedule(Model):
        queue = CharField()
        data = BlobField()
        timestamp = TimestampField(resolution=1000)

        class Meta:
            database = db
            table_name = 'job_queue_schedule'
            indexes = ((('queue', 'timestamp'), False),)

    class QueueTask(Model):
        queue = CharField()
        data = BlobField()
        priority = FloatField(default=0.0)

        class Meta:
            database = db
            table_name = 'job_queue_task'

    QueueTask.add_index(QueueTask.priority.desc(), QueueTask.id)

    class QueueCounter(Model):
        queue = CharField()
        key = CharField()
        value = IntegerField()

        class Meta:
            database = db
            table_name = 'job_queue_counter'
            primary_key = CompositeKey('queue', 'key')

    db.create_tables([Job, JobChunk, QueueKV, QueueSchedule, QueueTask, QueueCounter])


def down(migrator, db):
    for table in ('job_queue_counter', 'job_queue_task', 'job_queue_schedule', 'job_queue_kv',
                  'job_chunk', 'job'):
        db.execute_sql('DROP TABLE %s' % table)
