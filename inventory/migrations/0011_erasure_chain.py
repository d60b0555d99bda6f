"""The erasure chain: drives taken out of a device tracked on their own, an admin's exception
to the flash-memory rule on an erasure, and an index to find one drive serial on two devices.
"""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class Device(Model):
        class Meta:
            database = db
            table_name = 'device'

    migrator.migrate(
        migrator.add_column('erasure', 'exception_reason', TextField(default='')),
        migrator.add_column('erasure', 'exception_by_id',
                            ForeignKeyField(User, null=True, on_delete='SET NULL', field=User.id)),
        migrator.add_column('erasure', 'exception_at', DateTimeField(null=True)),
        migrator.add_index('erasure', ('drive_serial',)),
    )

    class RemovedDrive(Model):
        device = ForeignKeyField(Device, on_delete='RESTRICT')
        cycle = IntegerField(default=1)
        drive_serial = CharField(max_length=100)
        drive_model = CharField(max_length=200, default='')
        drive_type = CharField(max_length=8, default='')
        drive_size_gb = IntegerField(null=True)
        location = CharField(max_length=100, default='')
        note = TextField(default='')
        removed_at = DateTimeField()
        removed_by = ForeignKeyField(User, null=True, on_delete='SET NULL', backref='+')

        class Meta:
            database = db
            table_name = 'removed_drive'
            indexes = ((('device', 'cycle', 'drive_serial'), True),)
    db.create_tables([RemovedDrive])


def down(migrator, db):
    db.execute_sql('DROP TABLE removed_drive')
    migrator.migrate(
        migrator.drop_index('erasure', 'erasure_drive_serial'),
        migrator.drop_column('erasure', 'exception_at'),
        migrator.drop_column('erasure', 'exception_by_id'),
        migrator.drop_column('erasure', 'exception_reason'),
    )
