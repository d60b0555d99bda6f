"""The handover receipt a beneficiary signs on paper."""
import hashlib

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from .common import (
    BODY, H1, H2, SMALL, build_pdf, clean, fields_table, labelled, multiline, para, phrase,
    signature_boxes, verification_block,
)
from .data import ReceiptData
from .text import code, colon, format_date, format_euros, format_number, word


def _device_rows(lang, device):
    """Return the (label, value) pairs describing the device, leaving out unknown specs."""
    storage = ""
    if device.storage_gb:
        storage = " ".join(filter(None, [
            word(lang, "gigabytes", size=format_number(device.storage_gb, lang)),
            device.storage_type]))
    rows = [
        (word(lang, "asset_tag"), device.asset_tag),
        (word(lang, "category"), code(lang, device.category)),
        (word(lang, "make"), device.make),
        (word(lang, "model"), device.model),
        (word(lang, "serial"), device.serial),
        (word(lang, "cpu"), device.cpu),
        (word(lang, "ram"), word(lang, "gigabytes", size=format_number(device.ram_gb, lang))
         if device.ram_gb else ""),
        (word(lang, "storage"), storage),
        (word(lang, "screen"), word(lang, "inches", size=format_number(
            device.screen_inches, lang, places=1)) if device.screen_inches else ""),
        (word(lang, "grade"), device.grade),
        (word(lang, "os"), device.os_installed),
    ]
    return [(label, value) for label, value in rows if value]


def _beneficiary_rows(lang, data):
    person = data.beneficiary
    rows = [
        (word(lang, "name"), "%s %s" % (person.first_name, person.last_name)),
        (word(lang, "town"), person.town),
        (word(lang, "category"), code(lang, person.category)),
    ]
    if person.is_minor:
        rows.append((word(lang, "legal_representative"), person.legal_representative))
    if data.partner_name:
        rows.append((word(lang, "partner"), data.partner_name))
    return rows


def _kind_paragraph(lang, data):
    org = data.organisation.name
    if data.kind == "loan":
        return phrase(lang, "kind_loan", org=org, date=format_date(data.due_on))
    if data.kind == "sale":
        return phrase(lang, "kind_sale", price=format_euros(data.price or 0, lang))
    return phrase(lang, "kind_gift")


def _terms(lang, data):
    """Return the terms text, its version and the SHA-256 of exactly that text."""
    digest = hashlib.sha256(data.terms.text.encode("utf-8")).hexdigest()
    story = multiline(data.terms.text, SMALL)
    story.append(phrase(lang, "terms_reference", SMALL,
                        version=clean(data.terms.version, 20), sha=digest))
    return story


def _signatures(lang, data):
    person = data.beneficiary
    sign_here = word(lang, "date_and_signature")
    boxes = [[word(lang, "signed_beneficiary"),
              "%s %s" % (person.first_name, person.last_name), sign_here]]
    if person.is_minor:
        boxes.append([word(lang, "signed_representative"), person.legal_representative, sign_here])
    boxes.append([word(lang, "for_org", org=clean(data.organisation.name, 80)),
                  data.operator_name, sign_here])
    return signature_boxes(boxes)


def render_receipt(data: ReceiptData, lang="fr") -> bytes:
    """Return the PDF of a handover receipt, in French unless lang is "en"."""
    org = data.organisation
    title = word(lang, "receipt_title")
    contact = org.email or org.phone or org.name
    story = [
        para(title, H1),
        para("%s — %s" % (word(lang, "number", number=data.number), format_date(data.issued_on)),
             BODY),
        para(word(lang, "beneficiary"), H2),
        fields_table(_beneficiary_rows(lang, data)),
        para(word(lang, "equipment"), H2),
        fields_table(_device_rows(lang, data.device)),
        Spacer(1, 2 * mm),
        labelled(colon(lang, word(lang, "accessories")),
                 ", ".join(data.accessories) or word(lang, "none"), limit=1000),
        para(word(lang, "handover_terms"), H2),
        _kind_paragraph(lang, data),
        *_terms(lang, data),
        para(word(lang, "privacy_title"), H2),
        phrase(lang, "privacy_text", SMALL, org=org.name, months=int(data.retention_months),
               contact=contact),
        KeepTogether([Spacer(1, 3 * mm), phrase(lang, "acknowledgement"),
                      _signatures(lang, data)]),
        Spacer(1, 4 * mm),
        *verification_block(lang, data.verify_url),
    ]
    return build_pdf(story, organisation=org, title=title, number=data.number,
                     issued_on=data.issued_on, verify_url=data.verify_url, lang=lang)
