"""Failed logins counted per account name and address (one row each, expiring), instead of
one lock per account name that any stranger could hold on the admin's name.
"""
from peewee import *


def up(migrator, db):
    class LoginFailure(Model):
        account = CharField(max_length=64)
        source = CharField(max_length=64)
        at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'login_failure'
            indexes = ((('source', 'account', 'at'), False),)
    db.create_tables([LoginFailure])
    # Only counters of failed logins, minutes old: nothing a user would miss.
    db.execute_sql('DROP TABLE login_throttle')


def down(migrator, db):
    class LoginThrottle(Model):
        key = CharField(unique=True, max_length=64)
        failures = IntegerField(default=0)
        last_failure_at = DateTimeField(null=True)
        locked_until = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'login_throttle'
    db.create_tables([LoginThrottle])
    db.execute_sql('DROP TABLE login_failure')
