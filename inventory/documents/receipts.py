"""Handover receipts: built from the records, rendered once, stored as a Document."""
import hashlib

from flask import current_app

from . import pdf as documents
from .issuing import new_token, organisation, verify_url
from ..models import Document, Handover, User, now

# Accessory codes the handover form offers, as printed on the receipt (French, English).
ACCESSORY_WORDS = {
    "charger": ("Chargeur", "Charger"),
    "bag": ("Sacoche", "Bag"),
    "mouse": ("Souris", "Mouse"),
    "keyboard": ("Clavier", "Keyboard"),
    "headset": ("Casque-micro", "Headset"),
    "cable": ("Câble", "Cable"),
}


def receipt_language(beneficiary):
    return "en" if beneficiary.language == "en" else "fr"


def accessory_items(text):
    """Split the stored accessories (codes and free words, comma-separated) into items."""
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def accessory_words(text, lang):
    index = 1 if lang == "en" else 0
    return tuple(ACCESSORY_WORDS[item][index] if item in ACCESSORY_WORDS else item
                 for item in accessory_items(text))


def receipt_data(handover, token):
    """Return the renderer's plain values for handover (read from the database)."""
    person, device = handover.beneficiary, handover.device
    partner = person.partner if person.partner_id else (
        handover.request.partner if handover.request_id else None)
    operator = User.get_or_none(User.id == handover.operator_id) if handover.operator_id else None
    lang = receipt_language(person)
    return documents.ReceiptData(
        organisation=organisation(), number=handover.receipt_number,
        issued_on=handover.handed_on,
        beneficiary=documents.Beneficiary(
            first_name=person.first_name, last_name=person.last_name, town=person.town,
            category=person.category, is_minor=person.is_minor,
            legal_representative=person.guardian_name),
        device=documents.ReceiptDevice(
            asset_tag=device.asset_tag, category=device.category, make=device.make,
            model=device.model, serial=device.serial, cpu=device.cpu, ram_gb=device.ram_gb,
            storage_type=device.storage_type, storage_gb=device.storage_gb,
            screen_inches=device.screen_inches, grade=device.grade,
            os_installed=device.os_installed),
        kind=handover.kind,
        terms=documents.Terms(version=handover.terms.version, text=handover.terms.body),
        retention_months=current_app.config["RETENTION_MONTHS"],
        operator_name=operator.name if operator else "",
        verify_url=verify_url(token),
        partner_name=partner.name if partner else "",
        accessories=accessory_words(handover.accessories, lang),
        due_on=handover.due_on, price=handover.price)


def render(handover, token):
    data = receipt_data(handover, token)
    return documents.render_receipt(data, lang=receipt_language(handover.beneficiary))


def facts(handover):
    """What the public verification page may say: nothing that names the beneficiary."""
    device = handover.device
    return {"receipt_number": handover.receipt_number,
            "handed_on": handover.handed_on.isoformat(), "kind": handover.kind,
            "asset_tag": device.asset_tag, "category": device.category,
            "make": device.make, "model": device.model,
            "terms_version": handover.terms.version if handover.terms_id else None,
            "terms_sha256": handover.terms_sha256}


def issue(handover, user):
    """Render and store the receipt of handover, inside the caller's transaction; return it."""
    handover = Handover.get_by_id(handover.id)
    token = new_token()
    pdf = render(handover, token)
    return Document.create(
        kind="receipt", number=handover.receipt_number, token=token, handover=handover.id,
        facts=facts(handover), sha256=hashlib.sha256(pdf).hexdigest(), pdf=pdf,
        issued_by=user.id if isinstance(user, User) else user)


def receipt_of(handover):
    return (Document.select().where((Document.handover == handover.id)
                                    & (Document.kind == "receipt"))
            .order_by(Document.id).first())


def redact(handover):
    """Re-render a stored receipt after its beneficiary was erased.

    The stored PDF must not keep the name; the number, token and SHA-256 of the
    paper original stay, so its verification still answers.
    """
    document = receipt_of(handover)
    if document is None:
        return
    pdf = render(Handover.get_by_id(handover.id), document.token)
    (Document.update(pdf=pdf, facts=dict(document.facts or {}, redacted_at=now().isoformat()))
     .where(Document.id == document.id).execute())
