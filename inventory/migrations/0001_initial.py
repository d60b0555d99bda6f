"""Create every table of the first release.

Frozen copies of the models as they were: later changes go in new numbered
files. Python-side defaults (timestamps, tokens) live in the models, not here.
"""
from peewee import *


def up(migrator, db):
    class Partner(Model):
        name = CharField(max_length=200)
        kind = CharField(max_length=16)
        contact_name = CharField(max_length=120, default='')
        contact_email = CharField(max_length=200, default='')
        contact_phone = CharField(max_length=40, default='')
        town = CharField(max_length=100, default='')
        notes = TextField(default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'partner'
    db.create_tables([Partner])

    class Beneficiary(Model):
        first_name = CharField(max_length=100)
        last_name = CharField(max_length=100)
        partner = ForeignKeyField(Partner, null=True, on_delete='RESTRICT')
        category = CharField(max_length=16)
        town = CharField(max_length=100, default='')
        is_minor = BooleanField(default=False)
        guardian_name = CharField(max_length=200, default='')
        contact = CharField(max_length=200, default='')
        proof_note = TextField(default='')
        language = CharField(max_length=8, default='fr')
        created_at = DateTimeField()
        erased_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'beneficiary'
    db.create_tables([Beneficiary])

    class Donor(Model):
        name = CharField(max_length=200)
        kind = CharField(max_length=16)
        siret = CharField(null=True, max_length=14)
        address = TextField(default='')
        postcode = CharField(max_length=10, default='')
        town = CharField(max_length=100, default='')
        contact_name = CharField(max_length=120, default='')
        contact_email = CharField(max_length=200, default='')
        contact_phone = CharField(max_length=40, default='')
        notes = TextField(default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'donor'
    db.create_tables([Donor])

    class User(Model):
        username = CharField(unique=True, max_length=64)
        display_name = CharField(max_length=120, default='')
        password_hash = CharField()
        role = CharField(max_length=16)
        active = BooleanField(default=True)
        session_token = CharField(max_length=64)
        language = CharField(max_length=8, default='')
        created_at = DateTimeField()
        last_login_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'user'
    db.create_tables([User])

    class Donation(Model):
        donor = ForeignKeyField(Donor, on_delete='RESTRICT')
        reference = CharField(max_length=100, default='')
        received_on = DateField()
        expected_count = IntegerField(null=True)
        notes = TextField(default='')
        wants_erasure_certificate = BooleanField(default=True)
        created_at = DateTimeField()
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'donation'
    db.create_tables([Donation])

    class RecyclingBatch(Model):
        recycler_name = CharField(max_length=200)
        recycler_siret = CharField(max_length=14, default='')
        shipped_on = DateField()
        weight_kg = DecimalField(null=True, max_digits=9, decimal_places=2)
        waste_slip_reference = CharField(max_length=100)
        created_at = DateTimeField()
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'recycling_batch'
    db.create_tables([RecyclingBatch])

    class Device(Model):
        asset_tag = CharField(unique=True, max_length=20)
        donation = ForeignKeyField(Donation, null=True, on_delete='RESTRICT')
        category = CharField(max_length=16, default='laptop')
        make = CharField(max_length=100, default='')
        model = CharField(max_length=200, default='')
        serial = CharField(index=True, max_length=100, default='')
        donor_asset_tag = CharField(max_length=100, default='')
        cpu = CharField(max_length=200, default='')
        ram_gb = IntegerField(null=True)
        storage_type = CharField(max_length=8, default='')
        storage_gb = IntegerField(null=True)
        screen_inches = DecimalField(null=True, max_digits=4, decimal_places=1)
        keyboard_layout = CharField(max_length=8, default='')
        webcam = BooleanField(null=True)
        battery_health = IntegerField(null=True)
        os_found = CharField(max_length=100, default='')
        os_installed = CharField(max_length=100, default='')
        os_licence = CharField(max_length=24, default='')
        grade = CharField(max_length=1, default='')
        working = BooleanField(null=True)
        accessories = TextField(default='')
        location = CharField(index=True, max_length=100, default='')
        notes = TextField(default='')
        triage_decision = CharField(max_length=16, default='')
        triage_reason = TextField(default='')
        parts_taken = TextField(default='')
        recycler_reference = CharField(max_length=100, default='')
        recycling_batch = ForeignKeyField(RecyclingBatch, null=True, on_delete='RESTRICT')
        status = CharField(index=True, max_length=16, default='received')
        cycle = IntegerField(default=1)
        version = IntegerField(default=1)
        received_at = DateTimeField()
        status_changed_at = DateTimeField()
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'device'
            indexes = ((('donation', 'status'), False), (('status', 'category'), False))
    db.create_tables([Device])

    class ChecklistVersion(Model):
        version = IntegerField(unique=True)
        items = TextField()
        created_at = DateTimeField()
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'checklist_version'
    db.create_tables([ChecklistVersion])

    class Check(Model):
        device = ForeignKeyField(Device, on_delete='RESTRICT')
        cycle = IntegerField(default=1)
        checklist = ForeignKeyField(ChecklistVersion, on_delete='RESTRICT')
        results = TextField()
        passed = BooleanField(default=False)
        battery_health = IntegerField(null=True)
        os_installed = CharField(max_length=100, default='')
        os_licence = CharField(max_length=24, default='')
        technician = ForeignKeyField(User, null=True, on_delete='SET NULL')
        note = TextField(default='')
        at = DateTimeField()
        class Meta:
            database = db
            table_name = 'check'
    db.create_tables([Check])

    class Counter(Model):
        name = CharField(unique=True, max_length=64)
        value = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'counter'
    db.create_tables([Counter])

    class Request(Model):
        partner = ForeignKeyField(Partner, on_delete='RESTRICT')
        beneficiary = ForeignKeyField(Beneficiary, null=True, on_delete='RESTRICT')
        category = CharField(max_length=16, default='laptop')
        min_ram_gb = IntegerField(null=True)
        min_storage_gb = IntegerField(null=True)
        needs_webcam = BooleanField(default=False)
        keyboard_layout = CharField(max_length=8, default='')
        note = TextField(default='')
        priority = IntegerField(default=2)
        status = CharField(index=True, max_length=16, default='waiting')
        device = ForeignKeyField(Device, null=True, on_delete='RESTRICT')
        version = IntegerField(default=1)
        created_at = DateTimeField()
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'request'
    db.create_tables([Request])

    class TermsText(Model):
        kind = CharField(max_length=8)
        language = CharField(max_length=8, default='fr')
        version = IntegerField()
        body = TextField()
        sha256 = CharField(max_length=64)
        created_at = DateTimeField()
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'terms_text'
            indexes = ((('kind', 'language', 'version'), True),)
    db.create_tables([TermsText])

    class Handover(Model):
        device = ForeignKeyField(Device, on_delete='RESTRICT')
        beneficiary = ForeignKeyField(Beneficiary, on_delete='RESTRICT')
        request = ForeignKeyField(Request, null=True, on_delete='RESTRICT')
        operator = ForeignKeyField(User, null=True, on_delete='SET NULL')
        handed_on = DateField()
        kind = CharField(max_length=8)
        due_on = DateField(null=True)
        price = DecimalField(null=True, max_digits=8, decimal_places=2)
        accessories = TextField(default='')
        receipt_number = CharField(unique=True, max_length=20)
        terms = ForeignKeyField(TermsText, null=True, on_delete='RESTRICT')
        terms_sha256 = CharField(max_length=64, default='')
        returned_on = DateField(null=True)
        return_reason = TextField(default='')
        return_condition = TextField(default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'handover'
    db.create_tables([Handover])

    class Document(Model):
        kind = CharField(max_length=24)
        number = CharField(unique=True, max_length=40)
        token = CharField(unique=True, max_length=64)
        issued_at = DateTimeField()
        donation = ForeignKeyField(Donation, null=True, on_delete='RESTRICT')
        handover = ForeignKeyField(Handover, null=True, on_delete='RESTRICT')
        facts = TextField(null=True)
        sha256 = CharField(max_length=64)
        pdf = BlobField()
        revoked_at = DateTimeField(null=True)
        issued_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'document'
    db.create_tables([Document])

    class DonorLink(Model):
        donation = ForeignKeyField(Donation, on_delete='RESTRICT')
        token = CharField(unique=True, max_length=64)
        created_at = DateTimeField()
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        revoked_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'donor_link'
    db.create_tables([DonorLink])

    class ErasureLog(Model):
        filename = CharField(max_length=200, default='')
        sha256 = CharField(index=True, max_length=64)
        content = BlobField()
        uploaded_at = DateTimeField()
        uploaded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'erasure_log'
    db.create_tables([ErasureLog])

    class Erasure(Model):
        device = ForeignKeyField(Device, on_delete='RESTRICT')
        cycle = IntegerField(default=1)
        drive_serial = CharField(max_length=100, default='')
        drive_model = CharField(max_length=200, default='')
        drive_type = CharField(max_length=8, default='')
        drive_size_gb = IntegerField(null=True)
        method = CharField(max_length=16)
        technique = CharField(max_length=16, default='')
        tool = CharField(max_length=100, default='')
        tool_version = CharField(max_length=40, default='')
        passes = IntegerField(null=True)
        verification = CharField(max_length=8, default='none')
        result = CharField(max_length=8)
        started_at = DateTimeField(null=True)
        ended_at = DateTimeField(null=True)
        technician = ForeignKeyField(User, null=True, on_delete='SET NULL')
        note = TextField(default='')
        log = ForeignKeyField(ErasureLog, null=True, on_delete='RESTRICT')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'erasure'
    db.create_tables([Erasure])

    class Event(Model):
        device = ForeignKeyField(Device, on_delete='RESTRICT')
        at = DateTimeField(index=True)
        user = ForeignKeyField(User, null=True, on_delete='SET NULL')
        kind = CharField(max_length=16)
        from_status = CharField(max_length=16, default='')
        to_status = CharField(max_length=16, default='')
        note = TextField(default='')
        data = TextField(null=True)
        class Meta:
            database = db
            table_name = 'event'
            indexes = ((('device', 'at'), False),)
    db.create_tables([Event])

    class LoginThrottle(Model):
        key = CharField(unique=True, max_length=64)
        failures = IntegerField(default=0)
        last_failure_at = DateTimeField(null=True)
        locked_until = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'login_throttle'
    db.create_tables([LoginThrottle])

    class PartUsed(Model):
        device = ForeignKeyField(Device, on_delete='RESTRICT')
        cycle = IntegerField(default=1)
        description = CharField(max_length=200)
        at = DateTimeField()
        user = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'part_used'
    db.create_tables([PartUsed])

    class PurgeRun(Model):
        at = DateTimeField()
        older_than_months = IntegerField()
        dry_run = BooleanField()
        affected = IntegerField()
        details = TextField(null=True)
        user = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'purge_run'
    db.create_tables([PurgeRun])

    class Target(Model):
        name = CharField(max_length=200)
        metric = CharField(max_length=24)
        goal = IntegerField()
        starts_on = DateField()
        ends_on = DateField()
        active = BooleanField(default=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'target'
    db.create_tables([Target])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('target'))
    migrator.migrate(migrator.drop_table('purge_run'))
    migrator.migrate(migrator.drop_table('part_used'))
    migrator.migrate(migrator.drop_table('login_throttle'))
    migrator.migrate(migrator.drop_table('event'))
    migrator.migrate(migrator.drop_table('erasure'))
    migrator.migrate(migrator.drop_table('erasure_log'))
    migrator.migrate(migrator.drop_table('donor_link'))
    migrator.migrate(migrator.drop_table('document'))
    migrator.migrate(migrator.drop_table('handover'))
    migrator.migrate(migrator.drop_table('terms_text'))
    migrator.migrate(migrator.drop_table('request'))
    migrator.migrate(migrator.drop_table('counter'))
    migrator.migrate(migrator.drop_table('check'))
    migrator.migrate(migrator.drop_table('checklist_version'))
    migrator.migrate(migrator.drop_table('device'))
    migrator.migrate(migrator.drop_table('recycling_batch'))
    migrator.migrate(migrator.drop_table('donation'))
    migrator.migrate(migrator.drop_table('user'))
    migrator.migrate(migrator.drop_table('donor'))
    migrator.migrate(migrator.drop_table('beneficiary'))
    migrator.migrate(migrator.drop_table('partner'))
