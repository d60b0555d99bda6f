"""Staff accounts, donors, partners and beneficiaries."""
import secrets

from flask import current_app
from flask_login import UserMixin
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField
from werkzeug.security import check_password_hash, generate_password_hash

from .base import BaseModel, now


class User(UserMixin, BaseModel):
    username = CharField(max_length=64, unique=True)
    display_name = CharField(max_length=120, default="")
    password_hash = CharField(max_length=255)
    role = CharField(max_length=16)
    active = BooleanField(default=True)
    # Part of the session cookie: changing it ends every session of the user.
    session_token = CharField(max_length=64, default=lambda: secrets.token_urlsafe(24))
    language = CharField(max_length=8, default="")
    created_at = DateTimeField(default=now)
    last_login_at = DateTimeField(null=True)

    def set_password(self, password):
        # werkzeug's scrypt (n=2**15, r=8, p=1) unless a test asks for a cheaper cost.
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if current_app else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def get_id(self):
        return "%d:%s" % (self.id, self.session_token)

    @property
    def is_active(self):
        return self.active

    @classmethod
    def by_session_id(cls, session_id):
        user_id, _, token = (session_id or "").partition(":")
        if not user_id.isdigit() or not token:
            return None
        return cls.get_or_none((cls.id == int(user_id)) & (cls.session_token == token))

    @property
    def name(self):
        return self.display_name or self.username


class LoginFailure(BaseModel):
    """One failed login (or one being checked), kept while the throttle's window counts it.

    In the database, not in a worker's memory, so every gunicorn worker and host counts the
    same failures.
    """

    account = CharField(max_length=64)  # the user name as typed, normalised; known or not
    source = CharField(max_length=64)  # the client's address; for IPv6 its /64 network
    at = DateTimeField(index=True)

    class Meta:
        indexes = ((("source", "account", "at"), False),)


class Donor(BaseModel):
    name = CharField(max_length=200)
    kind = CharField(max_length=16)
    siret = CharField(max_length=14, null=True)
    address = TextField(default="")
    postcode = CharField(max_length=10, default="")
    town = CharField(max_length=100, default="")
    contact_name = CharField(max_length=120, default="")
    contact_email = CharField(max_length=200, default="")
    contact_phone = CharField(max_length=40, default="")
    notes = TextField(default="")
    created_at = DateTimeField(default=now)
    version = IntegerField(default=1)

    @property
    def is_public_body(self):
        return self.kind == "public_body"


class Partner(BaseModel):
    name = CharField(max_length=200)
    kind = CharField(max_length=16)
    contact_name = CharField(max_length=120, default="")
    contact_email = CharField(max_length=200, default="")
    contact_phone = CharField(max_length=40, default="")
    town = CharField(max_length=100, default="")
    notes = TextField(default="")
    created_at = DateTimeField(default=now)

    @classmethod
    def by_name(cls):
        return cls.select().order_by(cls.name)


class Beneficiary(BaseModel):
    """The minimum about a person who receives a machine; erasable on request."""

    first_name = CharField(max_length=100)
    last_name = CharField(max_length=100)
    partner = ForeignKeyField(Partner, null=True, backref="beneficiaries", on_delete="RESTRICT")
    category = CharField(max_length=16)
    town = CharField(max_length=100, default="")
    is_minor = BooleanField(default=False)
    guardian_name = CharField(max_length=200, default="")
    contact = CharField(max_length=200, default="")
    proof_note = TextField(default="")
    language = CharField(max_length=8, default="fr")
    created_at = DateTimeField(default=now)
    erased_at = DateTimeField(null=True)

    @property
    def full_name(self):
        return ("%s %s" % (self.first_name, self.last_name)).strip()
