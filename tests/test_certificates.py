"""Issuing a donation's documents from the database: numbers, rows, totals, storage, downloads."""
import datetime
import hashlib
import re

import pytest

from inventory.documents import issuing as certificates
from inventory.models import Counter, Document

from .factories import known_donation
from .pdftext import flat, pages_text

ISSUED_ON = datetime.date(2026, 3, 5)
HOSTILE = '<b>Bold</b> & <font size=90>Big</font> "><script>alert(1)</script>'


@pytest.fixture
def operator(make):
    return make.user("operator", display_name="Olga Opératrice")


@pytest.fixture
def known(db, make):
    return known_donation(make)


def issue(kind, known, operator, **kwargs):
    kwargs.setdefault("today", ISSUED_ON)
    return certificates.issue(kind, known.donation, operator, **kwargs)


def test_donor_certificate_rows_totals_and_impact(known, operator):
    document = issue("donor_certificate", known, operator)
    text = flat(document.pdf)
    assert document.number == "CD-2026-0001"
    assert "N° CD-2026-0001" in text and "05/03/2026" in text
    assert "Banque du Nord" in text and "BN-2026-01" in text and "15/01/2026" in text
    for tag in known.tags:
        number = tag[-5:]
        assert re.search(r"%s BN-%s Dell Latitude 5490 SN-%s" % (tag, number, number), text), tag
    assert "CC-00001 BN-00001 Dell Latitude 5490 SN-00001 Remis — Élève, Roubaix 10/02/2026 " \
           "Purge — vérifié" in text
    assert ("CC-00004 BN-00004 Dell Latitude 5490 SN-00004 Recyclé ou pièces 20/02/2026 "
            "Détruit") in text
    assert "SN-00006 Recyclé ou pièces 25/02/2026 En attente" in text  # kept for parts
    assert "SN-00007 Prêt à donner 02/03/2026 Purge — vérifié" in text
    assert "SN-00008 Reçu, en attente 15/01/2026 Sans stockage" in text
    assert ("Reçu, en attente 5 En reconditionnement 0 Prêt à donner 1 Remis 3 "
            "Recyclé ou pièces 3 Total 12") in text
    # Three reused laptops: 3 x 182.6 kg CO2e and 3 x 1.12 kg, with the sources printed.
    assert ("3 appareil(s) réemployé(s) : environ 548 kg CO2e d'émissions et 3 kg de déchets "
            "électroniques évités." in text)
    assert "ADEME & Arcep" in text and "UNU-KEY 0302, 0303, 0309" in text
    assert document.facts["progress"] == {"received": 5, "refurbishing": 0, "ready": 1,
                                          "given": 3, "recycled": 3}
    assert "outcomes" not in document.facts
    assert document.facts["devices"] == 12


def test_donor_documents_never_name_a_beneficiary(known, operator):
    for kind in certificates.KINDS:
        document = issue(kind, known, operator)
        text = flat(document.pdf)
        stored = repr(document.facts)
        for person in known.beneficiaries:
            for name in (person.last_name, person.first_name):
                assert name not in text, (kind, name)
                assert name not in stored, (kind, name)


def test_a_thousand_devices(db, make, operator):
    known = known_donation(make, total=1000, given=10, recycled=5, parts=3, ready=2,
                           no_storage=0)
    document = issue("donor_certificate", known, operator)
    pages = pages_text(document.pdf)
    assert len(pages) > 20
    for number, page in enumerate(pages, start=1):
        assert "page %d / %d" % (number, len(pages)) in page
        if number > 1:  # the column titles come back on every page of the table
            assert "N° d'inventaire" in page
    text = re.sub(r"\s+", " ", " ".join(pages))
    assert set(re.findall(r"CC-\d{5}(?= BN-)", text)) == set(known.tags)
    assert "Appareils reçus 1 000" in text
    assert ("Reçu, en attente 980 En reconditionnement 0 Prêt à donner 2 Remis 10 "
            "Recyclé ou pièces 8 Total 1 000") in text
    assert text.count("Remis — Élève") == 10


def test_erasure_certificate_lists_each_drive(known, operator):
    document = issue("erasure_certificate", known, operator)
    text = flat(document.pdf)
    assert document.number == "CE-2026-0001"
    assert "CERTIFICAT PARTIEL" in text
    assert ("CC-00001 DRV-CC-00001 Samsung PM981 · NVMe · 256 Go Purge · Commande Sanitize "
            "nwipe 0.34 Complète Réussi") in text
    assert "CC-00004 DRV-CC-00004 Destroy · Broyage Aucune Détruit" in text
    assert "CC-00008 — — — — — Sans stockage" in text
    # CC-00006 went to parts with its drive taken out, not erased yet: pending, by its serial.
    assert "CC-00006 DRV-CC-00006 En attente" in text and "CC-00012 En attente" in text
    assert "4 support(s) effacé(s), 2 détruit(s), 1 appareil(s) sans stockage, 5 en attente" \
           in text
    assert "Olga Opératrice" in text
    assert document.facts["drives"] == {"done": 4, "destroyed": 2, "no_storage": 1,
                                        "pending": 5, "failed": 0}
    assert document.facts["partial"] is True


def test_erasure_certificate_complete_when_every_drive_is_done(db, make, operator):
    known = known_donation(make, total=3, given=1, recycled=1, parts=0, ready=0, no_storage=1)
    document = issue("erasure_certificate", known, operator)
    text = flat(document.pdf)
    assert "PARTIEL" not in text
    assert document.facts["partial"] is False


def test_failed_erasure_prints_as_failed_until_destroyed(db, make, operator):
    known = known_donation(make, total=1, given=0, recycled=0, parts=0, ready=0, no_storage=0)
    device = known.devices[0]
    make.erase(device, result="failed", drive_serial="BAD-1")
    document = issue("donor_certificate", known, operator)
    assert "SN-00001 Reçu, en attente 15/01/2026 Échec" in flat(document.pdf)
    make.erase(device, method="destroy", drive_serial="BAD-1")
    document = issue("erasure_certificate", known, operator)
    assert document.facts["drives"]["destroyed"] == 1 and document.facts["partial"] is False


def test_intake_attestation(known, operator):
    document = issue("intake_attestation", known, operator)
    text = flat(document.pdf)
    assert document.number == "AP-2026-0001"
    assert "pris en charge le 15/01/2026, auprès de Banque du Nord" in text
    assert "soit 12 appareil(s)" in text
    assert "Ordinateur portable 12 Total 12" in text
    assert "CC-00012 Ordinateur portable Dell Latitude 5490 SN-00012" in text
    assert "€" not in text and "ce n'est pas un reçu fiscal" in text
    assert document.facts["categories"] == {"laptop": 12}


def test_numbers_follow_per_kind_and_year(known, operator):
    numbers = [issue("donor_certificate", known, operator).number,
               issue("donor_certificate", known, operator).number,
               issue("erasure_certificate", known, operator).number,
               issue("donor_certificate", known, operator,
                     today=datetime.date(2027, 1, 2)).number]
    assert numbers == ["CD-2026-0001", "CD-2026-0002", "CE-2026-0001", "CD-2027-0001"]


def test_stored_with_hash_and_token(known, operator):
    document = issue("donor_certificate", known, operator)
    stored = Document.get_by_id(document.id)
    assert stored.sha256 == hashlib.sha256(bytes(stored.pdf)).hexdigest()
    assert certificates.stored_pdf(stored) == document.pdf
    assert len(stored.token) >= 32 and stored.token in flat(stored.pdf)
    assert stored.issued_by_id == operator.id and stored.donation_id == known.donation.id
    other = issue("donor_certificate", known, operator)
    assert other.token != stored.token


def test_hostile_donor_name_prints_as_text(db, make, operator):
    donor = make.donor(name=HOSTILE, kind="company", contact_name="<i>x</i>")
    known = known_donation(make, total=2, given=1, recycled=0, parts=0, ready=0, no_storage=0,
                           donor=donor, reference="<ref>&amp;")
    for kind in certificates.KINDS:
        text = flat(issue(kind, known, operator).pdf)
        assert "<b>Bold</b> & <font size=90>Big</font>" in text, kind
        assert "<ref>&amp;" in text, kind


@pytest.mark.parametrize("kind,lang", [("nonsense", "fr"), ("donor_certificate", "de")])
def test_bad_requests_change_nothing(known, operator, kind, lang):
    with pytest.raises(certificates.CertificateError):
        issue(kind, known, operator, lang=lang)
    assert Document.select().where(Document.kind != "receipt").count() == 0


def test_a_donation_without_devices_gets_no_document(db, make, operator):
    donation = make.donation()
    with pytest.raises(certificates.CertificateError):
        certificates.issue("donor_certificate", donation, operator, today=ISSUED_ON)
    assert Document.select().where(Document.kind != "receipt").count() == 0
    assert Counter.peek("document-donor_certificate-2026") == 0


def test_english_document(known, operator):
    text = flat(issue("donor_certificate", known, operator, lang="en").pdf)
    assert "Given or lent — Pupil, Roubaix" in text
    assert "3 device(s) reused: about 548 kg CO2e of emissions and 3 kg of electronic waste" in text
    assert "Source: CO2e: ADEME & Arcep" in text and "average weights per UNU-KEY" in text


# -- over HTTP -------------------------------------------------------------------------------

def test_operator_issues_lists_and_downloads_identical_bytes(app, client, login, known):
    login("operator")
    url = "/donations/%d/documents" % known.donation.id
    response = client.post(url + "/issue", data={"kind": "donor_certificate", "lang": "fr"})
    assert response.status_code == 302
    document = Document.get(Document.kind == "donor_certificate")
    page = client.get(url).get_data(as_text=True)
    assert document.number in page
    first = client.get("/documents/%d.pdf" % document.id)
    second = client.get("/documents/%d.pdf" % document.id)
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert first.data == second.data == bytes(document.pdf)
    assert hashlib.sha256(first.data).hexdigest() == document.sha256
    assert first.headers["Cache-Control"] == "no-store"
    assert document.number in first.headers["Content-Disposition"]


@pytest.mark.parametrize("role,status", [("technician", 403), ("viewer", 403)])
def test_only_the_office_issues_and_downloads(app, client, login, known, operator, role, status):
    document = issue("donor_certificate", known, operator)
    login(role)
    url = "/donations/%d/documents" % known.donation.id
    assert client.get(url).status_code == 200  # the list holds no personal data
    assert client.post(url + "/issue", data={"kind": "donor_certificate"}).status_code == status
    assert client.get("/documents/%d.pdf" % document.id).status_code == status
    assert Document.select().where(Document.kind != "receipt").count() == 1


def test_withdrawing_a_document(app, client, login, known, operator):
    document = issue("donor_certificate", known, operator)
    login("operator")
    response = client.post("/documents/%d/revoke" % document.id)
    assert response.status_code == 302
    assert Document.get_by_id(document.id).revoked_at is not None
    assert client.get("/verify/%s" % document.token).status_code == 404


def test_receipts_are_not_withdrawn_here(app, client, login, known):
    receipt = Document.get(Document.kind == "receipt")
    login("operator")
    assert client.post("/documents/%d/revoke" % receipt.id).status_code == 404
    assert Document.get_by_id(receipt.id).revoked_at is None
