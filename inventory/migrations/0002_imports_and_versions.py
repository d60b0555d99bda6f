"""Uploaded donor spreadsheets (kept between the import steps), and version columns on donors
and donations so that two people editing one record at once cannot overwrite each other.
"""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('donor', 'version', IntegerField(default=1)),
        migrator.add_column('donation', 'version', IntegerField(default=1)),
    )

    class Donation(Model):
        class Meta:
            database = db
            table_name = 'donation'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class ImportFile(Model):
        token = CharField(unique=True, max_length=64)
        donation = ForeignKeyField(Donation, on_delete='RESTRICT')
        filename = CharField(max_length=200, default='')
        sha256 = CharField(index=True, max_length=64)
        content = BlobField()
        mapping = TextField(null=True)
        category = CharField(max_length=16, default='laptop')
        created_at = DateTimeField(index=True)
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL', backref='+')
        imported_at = DateTimeField(null=True)
        imported_by = ForeignKeyField(User, null=True, on_delete='SET NULL', backref='+')
        added = IntegerField(default=0)
        skipped = IntegerField(default=0)
        first_tag = CharField(max_length=20, default='')
        last_tag = CharField(max_length=20, default='')
        class Meta:
            database = db
            table_name = 'import_file'
    db.create_tables([ImportFile])


def down(migrator, db):
    db.execute_sql('DROP TABLE import_file')
    migrator.migrate(
        migrator.drop_column('donation', 'version'),
        migrator.drop_column('donor', 'version'),
    )
