"""The accessories that did not come back with a returned device, and the received devices a
donor's spreadsheet filled (rather than added) when it was imported after them.
"""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('handover', 'missing_accessories', TextField(default='')),
        migrator.add_column('import_file', 'filled', IntegerField(default=0)),
        migrator.add_column('import_file', 'first_filled', CharField(max_length=20, default='')),
        migrator.add_column('import_file', 'last_filled', CharField(max_length=20, default='')),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('import_file', 'last_filled'),
        migrator.drop_column('import_file', 'first_filled'),
        migrator.drop_column('import_file', 'filled'),
        migrator.drop_column('handover', 'missing_accessories'),
    )
