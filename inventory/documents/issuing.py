"""Issuing a donation's documents: collect the facts, number, render, store, download as issued."""
import hashlib
import hmac
import re
import secrets
from collections import Counter as Tally

from flask import current_app
from flask_babel import lazy_gettext as _l

from . import pdf as documents
from .. import lifecycle, localtime
from ..db import database
from ..errors import Refused
from .pdf.text import LANGUAGES
from ..models import Counter, Document, now
from .outcomes import device_outcomes, donation_devices, erasure_records, outcome_totals

# kind: printed number prefix (CD-2026-0007 is the 7th donor certificate of 2026).
KINDS = {
    "donor_certificate": "CD",
    "erasure_certificate": "CE",
    "intake_attestation": "AP",
}
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class CertificateError(Refused):
    """Refused document."""


def new_token():
    """An unguessable token: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def verify_url(token):
    return "%s/verify/%s" % (current_app.config["BASE_URL"], token)


def organisation():
    config = current_app.config
    lines = tuple(line.strip() for line in (config.get("ORG_ADDRESS") or "").splitlines()
                  if line.strip())
    return documents.Organisation(
        name=config["ORG_NAME"], address_lines=lines, siret=config.get("ORG_SIRET") or "",
        email=config.get("ORG_EMAIL") or "", phone=config.get("ORG_PHONE") or "")


def _donor(donor):
    lines = [line.strip() for line in (donor.address or "").splitlines() if line.strip()]
    town = " ".join(filter(None, [donor.postcode, donor.town]))
    return documents.Donor(name=donor.name, address_lines=tuple(lines + ([town] if town else [])),
                           siret=donor.siret or "", contact_name=donor.contact_name or "")


def _donation(donation):
    return documents.Donation(reference=donation.reference or str(donation.id),
                              received_on=donation.received_on,
                              expected_count=donation.expected_count)


def _common_facts(kind, number, issued_on, donation, lang, count):
    facts = {"kind": kind, "number": number, "issued_on": issued_on.isoformat(), "lang": lang,
             "organisation": current_app.config["ORG_NAME"],
             "donation_reference": donation.reference or str(donation.id),
             "received_on": donation.received_on.isoformat(), "devices": count}
    # An organisation's name is not personal data; a private donor's is.
    if donation.donor.kind != "individual":
        facts["donor"] = donation.donor.name
    return facts


def _donor_certificate(donation, number, issued_on, token, user, lang):
    rows = device_outcomes(donation)
    devices = tuple(documents.CertificateDevice(
        asset_tag=row.device.asset_tag, category=row.device.category, outcome=row.outcome,
        make=row.device.make, model=row.device.model, serial=row.device.serial,
        donor_asset_tag=row.device.donor_asset_tag, outcome_on=row.outcome_on,
        recipient_category=row.recipient_category, recipient_town=row.recipient_town,
        erasure=row.erasure) for row in rows)
    data = documents.DonorCertificateData(
        organisation=organisation(), number=number, issued_on=issued_on,
        donor=_donor(donation.donor), donation=_donation(donation), devices=devices,
        verify_url=verify_url(token), impact=current_app.config["IMPACT"],
        outcomes=lifecycle.BUCKETS)
    impact = data.reused_impact()
    # "progress", not the "outcomes" of documents issued before the buckets were one table.
    facts = {"progress": outcome_totals(rows),
             "erasure": dict(Tally(d.erasure for d in devices)),
             "impact": {"co2e_kg": str(impact.co2e_kg), "mass_kg": str(impact.mass_kg)}}
    return documents.render_donor_certificate(data, lang=lang), facts, len(devices)


def _erasure_row(device, erasure):
    done = erasure.ended_at or erasure.started_at or erasure.created_at
    technician = erasure.technician.name if erasure.technician_id else ""
    admin = erasure.exception_admin.name if erasure.exception_by_id else ""
    return documents.ErasureRow(
        device_tag=device.asset_tag, method=erasure.method, drive_serial=erasure.drive_serial,
        drive_model=erasure.drive_model, drive_type=erasure.drive_type,
        drive_size_gb=erasure.drive_size_gb, technique=erasure.technique, tool=erasure.tool,
        tool_version=erasure.tool_version, verification=erasure.verification,
        result=erasure.result, done_on=localtime.local_date(done), technician=technician,
        exception_reason=erasure.exception_reason if erasure.exception_at else "",
        exception_by=admin,
        exception_on=localtime.local_date(erasure.exception_at) if erasure.exception_at else None)


def _erasure_certificate(donation, number, issued_on, token, user, lang):
    rows, technicians = [], Tally()
    for device, deciding, no_storage, loose in erasure_records(donation):
        for erasure in deciding:
            rows.append(_erasure_row(device, erasure))
            if erasure.technician_id:
                technicians[erasure.technician.name] += 1
        # A drive taken out and not erased yet is pending, under its own serial.
        rows += [documents.ErasureRow(device_tag=device.asset_tag, drive_serial=d.drive_serial,
                                      drive_model=d.drive_model, drive_type=d.drive_type,
                                      drive_size_gb=d.drive_size_gb) for d in loose]
        if not deciding and not loose:
            # A device without drives is either recorded as such or still pending.
            rows.append(documents.ErasureRow(device_tag=device.asset_tag,
                                             method="no_storage" if no_storage else "",
                                             result="passed" if no_storage else ""))
    technician = technicians.most_common(1)[0][0] if technicians else ""
    data = documents.ErasureCertificateData(
        organisation=organisation(), number=number, issued_on=issued_on,
        donor=_donor(donation.donor), donation=_donation(donation), rows=tuple(rows),
        technician=documents.Signatory(technician),
        manager=documents.Signatory(user.name if user else ""), verify_url=verify_url(token))
    facts = {"drives": data.states, "partial": data.is_partial}
    devices = len({row.device_tag for row in rows})
    return documents.render_erasure_certificate(data, lang=lang), facts, devices


def _intake_attestation(donation, number, issued_on, token, user, lang):
    items = tuple(documents.IntakeItem(category=d.category, make=d.make, model=d.model,
                                       serial=d.serial, asset_tag=d.asset_tag)
                  for d in donation_devices(donation))
    data = documents.IntakeData(
        organisation=organisation(), number=number, issued_on=issued_on,
        donor=_donor(donation.donor), donation=_donation(donation), items=items,
        received_by=user.name if user else "", verify_url=verify_url(token))
    facts = {"categories": dict(Tally(item.category for item in items))}
    return documents.render_intake_attestation(data, lang=lang), facts, len(items)


BUILDERS = {
    "donor_certificate": _donor_certificate,
    "erasure_certificate": _erasure_certificate,
    "intake_attestation": _intake_attestation,
}


def take_number(kind, year):
    """Take the next number of kind in year, inside the caller's transaction."""
    return "%s-%d-%04d" % (KINDS[kind], year, Counter.take("document-%s-%d" % (kind, year)))


def issue(kind, donation, user, today=None, lang="fr"):
    """Number, render and store a document of donation; return the Document."""
    if kind not in KINDS:
        raise CertificateError(_l("Unknown kind of document."))
    if lang not in LANGUAGES:
        raise CertificateError(_l("Unknown language."))
    issued_on = today or localtime.today()
    with database.atomic():
        # Read inside the transaction, so the facts are those of one moment.
        if not donation_devices(donation):
            raise CertificateError(_l("This donation has no devices yet."))
        number = take_number(kind, issued_on.year)
        token = new_token()
        pdf, facts, count = BUILDERS[kind](donation, number, issued_on, token, user, lang)
        facts.update(_common_facts(kind, number, issued_on, donation, lang, count))
        return Document.create(
            kind=kind, number=number, token=token, issued_at=now(), donation=donation.id,
            facts=facts, sha256=hashlib.sha256(pdf).hexdigest(), pdf=pdf,
            issued_by=user.id if user else None)


def revoke(document, user):
    """Withdraw a document: its verification page answers "not found" from now on."""
    Document.update(revoked_at=now()).where(
        (Document.id == document.id) & Document.revoked_at.is_null()).execute()


def stored_pdf(document):
    """Return the PDF bytes exactly as issued."""
    return bytes(document.pdf)


def by_token(token):
    """Return the valid (not revoked) document with this token, or None."""
    if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
        return None
    document = (Document.select()
                .where((Document.token == token) & Document.revoked_at.is_null()).first())
    # The index lookup finds the row; the constant-time comparison is the check.
    if document is None or not hmac.compare_digest(document.token, token):
        return None
    return document


def for_donation(donation):
    return list(Document.select(Document.id, Document.kind, Document.number, Document.issued_at,
                                Document.revoked_at, Document.sha256, Document.donation)
                .where(Document.donation == donation.id)
                .order_by(Document.issued_at.desc(), Document.id.desc()))


def filename(document):
    return "%s.pdf" % re.sub(r"[^A-Za-z0-9_-]", "-", document.number)
