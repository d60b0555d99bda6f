"""The public verification page: genuine, withdrawn and made-up tokens, and what it never shows."""
import datetime

import pytest

from inventory.documents import issuing as certificates
from inventory.models import Document

from .factories import known_donation

ISSUED_ON = datetime.date(2026, 3, 5)


@pytest.fixture
def issued(db, make):
    known = known_donation(make)
    operator = make.user("operator")
    documents = {kind: certificates.issue(kind, known.donation, operator, today=ISSUED_ON)
                 for kind in certificates.KINDS}
    return known, documents


def test_a_genuine_donor_certificate(client, issued):
    known, documents = issued
    document = documents["donor_certificate"]
    response = client.get("/verify/%s" % document.token)  # no login
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert document.number in page and "05/03/2026" in page
    assert "Ordinateurs Solidaires Test" in page and "Banque du Nord" in page
    assert "BN-2026-01" in page and document.sha256 in page
    assert '<dd class="devices">12</dd>' in page
    # Per progress bucket: 5 received and waiting, 1 ready, 3 given, 3 recycled or parts.
    for text, count in (("Reçus, en attente", 5), ("Prêts à donner", 1), ("Donnés ou prêtés", 3),
                        ("Recyclés ou pièces", 3)):
        assert "<dt>%s</dt><dd>%d</dd>" % (text, count) in page
    assert "<dt>En reconditionnement</dt>" not in page  # none: not shown
    # Three laptops given: 3 x 182.6 kg CO2e and 3 x 1.12 kg, as printed on the certificate.
    assert '<dd class="co2e">548 kg</dd>' in page and '<dd class="mass">3 kg</dd>' in page


def test_a_certificate_issued_before_the_buckets_keeps_its_own_words(client, issued):
    # Certificates issued before the one bucket table stored these four outcomes.
    document = issued[1]["donor_certificate"]
    facts = dict(document.facts, outcomes={"given": 3, "in_progress": 6, "parts": 1,
                                           "recycled": 2})
    del facts["progress"]
    Document.update(facts=facts).where(Document.id == document.id).execute()
    page = client.get("/verify/%s" % document.token).get_data(as_text=True)
    for text, count in (("Appareils remis", 3), ("Appareils en reconditionnement", 6),
                        ("Appareils conservés pour pièces", 1), ("Appareils recyclés", 2)):
        assert "<dt>%s</dt><dd>%d</dd>" % (text, count) in page
    assert "Reçus, en attente" not in page


@pytest.mark.parametrize("kind,figures", [
    ("erasure_certificate", ("<dd>4</dd>", "<dd>5</dd>")),
    ("intake_attestation", ('<dd class="devices">12</dd>',)),
])
def test_other_kinds(client, issued, kind, figures):
    document = issued[1][kind]
    page = client.get("/verify/%s" % document.token).get_data(as_text=True)
    assert document.number in page
    for figure in figures:
        assert figure in page


def test_never_a_person_nor_a_serial(client, issued):
    known, documents = issued
    for document in Document.select():  # the receipts of the three handovers too
        response = client.get("/verify/%s" % document.token)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, document.kind
        for person in known.beneficiaries:
            assert person.last_name not in page and person.first_name not in page
        assert "Paul Dupont" not in page  # the donor's contact
        assert "SN-00001" not in page and "Roubaix" not in page


def test_a_private_donor_is_not_named(client, db, make):
    donor = make.donor(name="Jeanne Particulier", kind="individual")
    known = known_donation(make, total=1, given=0, recycled=0, parts=0, ready=0, no_storage=0,
                           donor=donor)
    document = certificates.issue("intake_attestation", known.donation, None, today=ISSUED_ON)
    page = client.get("/verify/%s" % document.token).get_data(as_text=True)
    assert document.number in page and "Jeanne" not in page


def one_character_off(token):
    return token[:-1] + ("B" if token.endswith("A") else "A")


def withdrawn(issued):
    document = issued[1]["donor_certificate"]
    certificates.revoke(document, None)
    return document.token


TOKENS = (
    withdrawn,
    lambda issued: certificates.new_token(),
    lambda issued: one_character_off(issued[1]["donor_certificate"].token),
    lambda issued: issued[1]["donor_certificate"].token.upper(),
    lambda issued: "X-1",
    lambda issued: "' OR 1=1 --",
    lambda issued: "a" * 300,
)


def test_not_found(client, issued):
    for token in TOKENS:
        response = client.get("/verify/%s" % token(issued))
        assert response.status_code == 404, token
        page = response.get_data(as_text=True)
        assert issued[1]["donor_certificate"].number not in page
        assert response.headers["Cache-Control"] == "no-store"


def test_headers(client, issued):
    response = client.get("/verify/%s" % issued[1]["donor_certificate"].token)
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_hostile_donor_name_is_escaped(client, db, make):
    donor = make.donor(name='<script>alert(1)</script>', kind="company")
    known = known_donation(make, total=1, given=0, recycled=0, parts=0, ready=0, no_storage=0,
                           donor=donor)
    document = certificates.issue("intake_attestation", known.donation, None, today=ISSUED_ON)
    page = client.get("/verify/%s" % document.token).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
