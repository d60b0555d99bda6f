"""The PDF documents: what they say, that user text stays text, and that they are reproducible."""
import dataclasses
import hashlib
import re
from datetime import date
from decimal import Decimal

import pytest

from inventory.documents.pdf import Beneficiary, CertificateDevice, Donation, DonorCertificateData, Donor, ErasureCertificateData, ErasureRow, IntakeData, IntakeItem, Organisation, ReceiptData, ReceiptDevice, Signatory, Terms, render_donor_certificate, render_erasure_certificate, render_intake_attestation, render_receipt
from inventory.documents.impact import DEFAULT_FACTORS, ImpactFactor, ImpactFactors
from inventory.lifecycle import BUCKETS

from .pdftext import flat, pages_text

HOSTILE = ["<b>Bold</b>", "<font size=90>Big</font>", "Tom &amp; Jerry", "<para>x</para>",
           "a & b < c", "<img src=x/>", '"><script>']
ORG = Organisation("Ordis Solidaires", ("12 rue de la Paix", "59000 Lille"), "12345678900012",
                   "contact@ordis.example", "03 20 00 00 00")
DONOR = Donor("Banque du Nord", ("1 place du Théâtre", "59000 Lille"), "98765432100019",
              "Paul Dupont")
DONATION = Donation("BN-2026-01", date(2026, 1, 15), 4)
TERMS = Terms(3, "Le matériel est remis en l'état.\n\nIl ne peut pas être revendu.")


def receipt(beneficiary=None, lang_kind="sale", **changes):
    values = dict(
        organisation=ORG, number="2026-00042", issued_on=date(2026, 3, 5),
        beneficiary=beneficiary or Beneficiary("Léa", "Martin", "Roubaix", "pupil"),
        device=ReceiptDevice("CC-00042", "laptop", "Lenovo", "ThinkPad T480", "PF1ABCDE",
                             "Intel Core i5-8350U", 8, "SSD", 256, Decimal("14.0"), "A"),
        kind=lang_kind, terms=TERMS, retention_months=24, operator_name="Jean Opérateur",
        verify_url="https://inv.example/verify/r42", partner_name="Collège Jean Macé",
        accessories=("Chargeur", "Sacoche"), price=Decimal("150"))
    values.update(changes)
    return ReceiptData(**values)


def device(number, outcome="given", category="laptop", **changes):
    values = dict(asset_tag="CC-%05d" % number, category=category, outcome=outcome, make="Dell",
                  model="Latitude 5490", serial="SN%06d" % number, outcome_on=date(2026, 2, 1),
                  erasure="purge_verified")
    values.update(changes)
    return CertificateDevice(**values)


def donor_certificate(devices, **changes):
    values = dict(organisation=ORG, number="DC-2026-0007", issued_on=date(2026, 3, 5),
                  donor=DONOR, donation=DONATION, devices=tuple(devices),
                  verify_url="https://inv.example/verify/d7", outcomes=BUCKETS)
    values.update(changes)
    return DonorCertificateData(**values)


def erasure_certificate(rows, **changes):
    values = dict(organisation=ORG, number="EC-2026-0003", issued_on=date(2026, 3, 5),
                  donor=DONOR, donation=DONATION, rows=tuple(rows),
                  technician=Signatory("Amir Haddad", "Technicien", date(2026, 3, 4)),
                  manager=Signatory("Claire Petit", "Responsable atelier"),
                  verify_url="https://inv.example/verify/e3", location="Lomme")
    values.update(changes)
    return ErasureCertificateData(**values)


ERASED = ErasureRow("CC-00001", "purge", "S3Z9NB0K12", "Samsung 860 EVO", "SSD", 256,
                    "crypto_erase", "nwipe", "0.35", "full", "passed", date(2026, 2, 2), "Amir")
DESTROYED = ErasureRow("CC-00002", "destroy", "Z5A1B2C3", "Seagate ST500", "HDD", 500,
                       "shredding", result="passed", done_on=date(2026, 2, 3), technician="Julie")
NO_STORAGE = ErasureRow("CC-00003", "no_storage", done_on=date(2026, 2, 3), technician="Julie")
PENDING = ErasureRow("CC-00004", drive_serial="KXG50ZNV", drive_model="Toshiba XG5")


def intake(items=None, **changes):
    values = dict(organisation=ORG, number="AT-2026-0011", issued_on=date(2026, 1, 15),
                  donor=DONOR, donation=DONATION, received_by="Jean Opérateur",
                  verify_url="https://inv.example/verify/a11",
                  items=tuple(items or [
                      IntakeItem("laptop", "HP", "EliteBook 840", "5CG001", "CC-00001"),
                      IntakeItem("laptop", "HP", "EliteBook 840", "5CG002", "CC-00002"),
                      IntakeItem("laptop", "HP", "EliteBook 840", "", "CC-00003"),
                      IntakeItem("monitor", "Dell", "P2419H", "CN0XYZ", "CC-00004"),
                  ]))
    values.update(changes)
    return IntakeData(**values)


# -- handover receipt ---------------------------------------------------------

def test_receipt_states_parties_device_terms_and_privacy_on_one_page():
    pdf = render_receipt(receipt())
    assert len(pages_text(pdf)) == 1
    text = flat(pdf)
    for expected in [
        "Reçu de remise de matériel", "N° 2026-00042", "05/03/2026", "Léa Martin", "Roubaix",
        "Élève", "Collège Jean Macé", "CC-00042", "Lenovo", "ThinkPad T480", "PF1ABCDE",
        "Intel Core i5-8350U", "8 Go", "256 Go SSD", "14,0 pouces", "Chargeur, Sacoche",
        "Vente solidaire au prix de 150,00 €", "Il ne peut pas être revendu.",
        "version 3", hashlib.sha256(TERMS.text.encode()).hexdigest(),
        "conservées 24 mois", "contact@ordis.example", "Le bénéficiaire", "Jean Opérateur",
        "Vérification : https://inv.example/verify/r42", "page 1 / ",
    ]:
        assert expected in text
    assert "Représentant légal" not in text


@pytest.mark.parametrize("kind, changes, expected", [
    ("gift", {}, "Don : le matériel devient la propriété du bénéficiaire."),
    ("loan", {"due_on": date(2026, 9, 30)}, "doit lui être rendu au plus tard le 30/09/2026"),
    ("sale", {"price": Decimal("1500.5")}, "au prix de 1 500,50 € TTC"),
])
def test_receipt_states_the_kind_of_handover(kind, changes, expected):
    assert expected in flat(render_receipt(receipt(lang_kind=kind, **changes)))


def test_receipt_for_a_minor_has_the_legal_representative_and_their_signature_box():
    minor = Beneficiary("Noé", "Durand", "Lille", "pupil", True, "Sonia Durand")
    text = flat(render_receipt(receipt(minor)))
    assert "Représentant légal (bénéficiaire mineur) Sonia Durand" in text
    assert "Le représentant légal" in text


def test_receipt_in_english():
    text = flat(render_receipt(receipt(), lang="en"))
    for expected in ["Equipment handover receipt", "No. 2026-00042", "05/03/2026", "Beneficiary",
                     "Pupil", "Solidarity sale at the price of €150.00", "kept for 24 months",
                     "The beneficiary", "256 GB SSD"]:
        assert expected in text
    assert "Bénéficiaire" not in text


# -- donor certificate --------------------------------------------------------

SMALL_DONATION = [
    device(1, "given", recipient_category="student", recipient_town="Lille"),
    device(2, "given", recipient_category="job_seeker", recipient_town="Roubaix",
           donor_asset_tag="BN-77"),
    device(3, "given", "desktop", recipient_category="pupil", recipient_town="Lomme"),
    device(4, "refurbishing", erasure="pending", outcome_on=None),
    device(5, "recycled", erasure="destroyed"),
    device(6, "recycled", "monitor", erasure="no_storage"),
]


def test_donor_certificate_lists_every_device_with_its_outcome_and_totals():
    text = flat(render_donor_certificate(donor_certificate(SMALL_DONATION)))
    for expected in [
        "Certificat de don et de devenir du matériel", "N° DC-2026-0007", "Banque du Nord",
        "98765432100019", "BN-2026-01", "15/01/2026", "Appareils reçus 6",
        "Remis — Étudiant·e, Lille", "Remis — Demandeur·se d'emploi, Roubaix", "BN-77",
        "Remis — Élève, Lomme", "Purge — vérifié", "Détruit", "Sans stockage", "En attente",
        "Reçu, en attente 0 En reconditionnement 1 Prêt à donner 0 Remis 3 Recyclé ou pièces 2 "
        "Total 6",
    ]:
        assert expected in text
    for number in range(1, 7):
        assert "CC-%05d" % number in text and "SN%06d" % number in text


def test_donor_certificate_counts_the_impact_of_reused_devices_only():
    laptop, desktop = DEFAULT_FACTORS["laptop"], DEFAULT_FACTORS["desktop"]
    co2 = 2 * laptop.co2e_kg + desktop.co2e_kg  # three given; in refurbishment, recycled: none
    mass = 2 * laptop.mass_kg + desktop.mass_kg
    text = flat(render_donor_certificate(donor_certificate(SMALL_DONATION)))
    assert "3 appareil(s) réemployé(s) : environ %s kg CO2e" % round(co2) in text
    assert "%s kg de déchets électroniques évités" % round(mass) in text
    assert "Source : CO2e : ADEME & Arcep" in text


def test_donor_certificate_uses_the_callers_impact_factors_and_source():
    factors = ImpactFactors({"laptop": ImpactFactor(Decimal("1000"), Decimal("2.5"))},
                            "Étude <maison> 2026")
    text = flat(render_donor_certificate(donor_certificate(SMALL_DONATION, impact=factors)))
    assert "environ 2 000 kg CO2e" in text and "5 kg de déchets" in text
    assert "Source : Étude <maison> 2026" in text


def test_donor_documents_have_no_place_for_a_beneficiary_name():
    names = {field.name for field in dataclasses.fields(CertificateDevice)}
    assert not any("name" in name for name in names)
    with pytest.raises(TypeError):
        CertificateDevice("CC-1", "laptop", "given", recipient_name="Léa Martin")


def test_donor_certificate_of_a_single_device():
    pdf = render_donor_certificate(donor_certificate([device(9)]))
    text = flat(pdf)
    assert len(pages_text(pdf)) == 1
    assert "CC-00009" in text and "Total 1" in text and "page 1 / 1" in text


def test_donor_certificate_of_a_thousand_devices_repeats_the_header_on_every_page():
    devices = [device(n, ("given", "refurbishing", "ready", "recycled")[n % 4])
               for n in range(1, 1001)]
    # How long it takes is for `make bench` (bench/documents.py), not an assertion here.
    pdf = render_donor_certificate(donor_certificate(devices))
    pages = [re.sub(r"\s+", " ", page) for page in pages_text(pdf)]
    assert len(pages) > 20
    for number, page in enumerate(pages, start=1):
        assert "page %d / %d" % (number, len(pages)) in page
        if re.search(r"CC-\d{5}", page):
            assert "N° d'inventaire" in page and "Effacement" in page
    tags = set(re.findall(r"CC-\d{5}", " ".join(pages)))
    assert tags == {"CC-%05d" % n for n in range(1, 1001)}
    assert "Total 1 000" in flat(pdf)


# -- erasure certificate ------------------------------------------------------

def test_complete_erasure_certificate_lists_each_drive_and_the_signatories():
    text = flat(render_erasure_certificate(erasure_certificate([ERASED, DESTROYED, NO_STORAGE])))
    for expected in [
        "Certificat d'effacement des données", "N° EC-2026-0003",
        "Tous les supports de stockage du don ont été effacés ou détruits.",
        "Banque du Nord", "Ordis Solidaires", "NIST SP 800-88",
        "S3Z9NB0K12", "Samsung 860 EVO", "Purge · Effacement cryptographique", "nwipe 0.35",
        "Complète", "Réussi", "02/02/2026", "Destroy · Broyage", "Détruit", "Sans stockage",
        "Amir Haddad", "Technicien", "Claire Petit", "Responsable atelier", "04/03/2026",
        "1 support(s) effacé(s), 1 détruit(s), 1 appareil(s) sans stockage, 0 en attente",
    ]:
        assert expected in text
    assert "PARTIEL" not in text


def test_erasure_certificate_with_a_pending_drive_says_it_is_partial_at_the_top():
    pdf = render_erasure_certificate(erasure_certificate([ERASED, PENDING]))
    first_page = re.sub(r"\s+", " ", pages_text(pdf)[0])
    assert "CERTIFICAT PARTIEL : 1 support(s) ou appareil(s) restent en attente" in first_page
    assert first_page.index("PARTIEL") < first_page.index("KXG50ZNV")
    assert "En attente" in first_page


@pytest.mark.parametrize("row, state", [
    (ERASED, "done"), (DESTROYED, "destroyed"), (NO_STORAGE, "no_storage"), (PENDING, "pending"),
    (dataclasses.replace(ERASED, result="failed"), "failed"),
    (dataclasses.replace(ERASED, method=""), "pending"),
])
def test_erasure_row_state(row, state):
    assert row.state == state
    assert erasure_certificate([row]).is_partial == (state in ("pending", "failed"))


# -- intake attestation -------------------------------------------------------

def test_intake_attestation_counts_by_category_and_says_it_is_not_a_tax_receipt():
    pdf = render_intake_attestation(intake())
    text = flat(pdf)
    for expected in [
        "Attestation de prise en charge", "N° AT-2026-0011", "le 15/01/2026",
        "soit 4 appareil(s)", "Ordinateur portable 3", "Écran 1", "Total 4",
        "5CG001", "5CG002", "CN0XYZ", "CC-00003", "ce n'est pas un reçu fiscal",
        "Pour le donateur", "Paul Dupont", "Jean Opérateur",
    ]:
        assert expected in text
    assert "€" not in text


# -- every document -----------------------------------------------------------

@pytest.mark.parametrize("render, data, expected", [
    (render_donor_certificate, donor_certificate(SMALL_DONATION),
     ["Certificate of donation and outcome", "Given or lent — Student, Lille",
      "Recycled or parts 2",
      "3 device(s) reused"]),
    (render_erasure_certificate, erasure_certificate([ERASED, PENDING]),
     ["Certificate of data sanitization", "PARTIAL CERTIFICATE: 1 drive(s)", "Cryptographic erase",
      "Passed", "Pending"]),
    (render_intake_attestation, intake(),
     ["Intake attestation", "4 device(s) in all", "Laptop 3", "it is not a tax receipt"]),
])
def test_certificates_in_english(render, data, expected):
    text = flat(render(data, lang="en"))
    for phrase in expected:
        assert phrase in text

RENDERINGS = {
    "receipt": lambda name: render_receipt(receipt(Beneficiary(name, name, name, "pupil", True,
                                                               name), operator_name=name)),
    "donor": lambda name: render_donor_certificate(donor_certificate(
        [device(1, make=name, model=name, recipient_town=name)],
        donor=Donor(name, (name,), "", name))),
    "erasure": lambda name: render_erasure_certificate(erasure_certificate(
        [dataclasses.replace(ERASED, drive_model=name, technician=name)],
        manager=Signatory(name, name))),
    "intake": lambda name: render_intake_attestation(intake(
        [IntakeItem("laptop", name, name, name, "CC-1")], received_by=name,
        donor=Donor(name, (name,), "", name))),
}


@pytest.mark.parametrize("kind", RENDERINGS)
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_prints_literally(kind, name):
    text = flat(RENDERINGS[kind](name))
    assert name in text


@pytest.mark.parametrize("kind", RENDERINGS)
def test_same_input_gives_identical_bytes(kind):
    assert RENDERINGS[kind]("Émile") == RENDERINGS[kind]("Émile")


@pytest.mark.parametrize("kind", RENDERINGS)
def test_very_long_words_stay_inside_the_page(kind):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(RENDERINGS[kind]("W" * 400))
    for page in pdf:
        image = page.render(scale=1).to_pil().convert("L")
        width, height = image.size
        # The 16 mm side margins (45 pt) must stay blank, but for a 2 pt tolerance.
        for box in [(0, 0, 43, height), (width - 43, 0, width, height)]:
            assert image.crop(box).getextrema() == (255, 255), box


@pytest.mark.parametrize("kind", RENDERINGS)
def test_verification_qr_code_decodes_to_the_verify_url(kind):
    import pypdfium2
    import zxingcpp

    pdf = pypdfium2.PdfDocument(RENDERINGS[kind]("Émile"))
    image = pdf[len(pdf) - 1].render(scale=3).to_pil()
    found = {result.text for result in zxingcpp.read_barcodes(image)}
    assert any(url.startswith("https://inv.example/verify/") for url in found)
