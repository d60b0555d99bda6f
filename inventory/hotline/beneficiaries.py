"""Beneficiaries: the minimum about each person, checked on the way in."""
import re

from flask_babel import lazy_gettext as _l

from ..documents.pdf.text import LANGUAGES
from ..errors import Refused
from ..models import BENEFICIARY_CATEGORIES, Beneficiary, Partner

FIELDS = ("first_name", "last_name", "partner", "category", "town", "is_minor", "guardian_name",
          "contact", "proof_note", "language")
# A run of this many digits in the proof note is an ID or document number: we keep
# what proof was seen, never its number.
ID_NUMBER = re.compile(r"\d(?:[ .-]?\d){7,}")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 .()-]{6,20}$")


class BeneficiaryError(Refused):
    """Refused beneficiary record."""


def _values(fields):
    values = {name: fields.get(name) for name in FIELDS}
    for name in ("first_name", "last_name", "town", "guardian_name", "contact", "proof_note"):
        values[name] = " ".join((values[name] or "").split()) if name != "proof_note" else (
            (values[name] or "").strip())
    if not values["first_name"] or not values["last_name"]:
        raise BeneficiaryError(_l("First and last name are needed."))
    if values["category"] not in BENEFICIARY_CATEGORIES:
        raise BeneficiaryError(_l("Choose the beneficiary's category."))
    partner = values["partner"]
    if partner is not None and not isinstance(partner, Partner):
        partner = Partner.get_or_none(Partner.id == partner)
    values["partner"] = partner
    values["is_minor"] = bool(values["is_minor"])
    if values["is_minor"] and not values["guardian_name"]:
        raise BeneficiaryError(_l("A minor needs the name of a legal representative."))
    if not values["is_minor"]:
        values["guardian_name"] = ""
    contact = values["contact"]
    if contact and not (EMAIL.match(contact) or PHONE.match(contact)):
        raise BeneficiaryError(_l("The contact is one phone number or one e-mail address."))
    if ID_NUMBER.search(values["proof_note"]):
        raise BeneficiaryError(_l("Write what proof was seen (type, date, by whom), not its "
                                  "number."))
    values["language"] = values["language"] if values["language"] in LANGUAGES else "fr"
    return values


def save_beneficiary(beneficiary, **fields):
    """Create (beneficiary None) or change a beneficiary; return it."""
    values = _values(fields)
    if beneficiary is None:
        return Beneficiary.create(**values)
    if beneficiary.erased_at is not None:
        raise BeneficiaryError(_l("This beneficiary's data was erased."))
    Beneficiary.update(**values).where(Beneficiary.id == beneficiary.id).execute()
    return Beneficiary.get_by_id(beneficiary.id)


def search(q="", partner=None, include_erased=False):
    """Beneficiaries whose name or town contains q, by name."""
    query = Beneficiary.select()
    if not include_erased:
        query = query.where(Beneficiary.erased_at.is_null())
    if partner:
        query = query.where(Beneficiary.partner == partner)
    for word in (q or "").split()[:5]:
        query = query.where(Beneficiary.first_name.contains(word)
                            | Beneficiary.last_name.contains(word)
                            | Beneficiary.town.contains(word))
    return query.order_by(Beneficiary.last_name, Beneficiary.first_name, Beneficiary.id)


def choices_for_handover():
    """Beneficiaries one may hand a device to, by name."""
    return search()
