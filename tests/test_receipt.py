"""Receipt numbers (sequential per year, no gap under concurrency) and the receipt PDF."""
import datetime
import hashlib
import re
from decimal import Decimal

import pytest

from inventory.hotline.handover import HandoverError, hand_over
from inventory.models import Counter, Document, Handover, TermsText

from . import racers
from .factories import handed_over, ready_device
from .pdftext import flat as text_of

TODAY = datetime.date.today()


pytestmark = pytest.mark.usefixtures("english")


def numbers():
    return sorted(h.receipt_number for h in Handover.select())


def test_numbers_follow_each_other_per_year(app, db, make):
    for _ in range(3):
        handed_over(make, app)
    handed_over(make, app, handed_on=datetime.date(TODAY.year - 1, 12, 31))
    assert numbers() == sorted(["%d-00001" % (TODAY.year - 1)] + [
        "%d-%05d" % (TODAY.year, n) for n in (1, 2, 3)])


def test_a_handover_refused_after_the_number_leaves_no_gap(app, db, make, monkeypatch):
    handed_over(make, app)
    calls = []

    def fail_once(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("renderer crashed after the number was taken")
    monkeypatch.setattr("inventory.documents.receipts.documents.render_receipt", fail_once)
    with pytest.raises(RuntimeError):
        handed_over(make, app)
    assert calls and Counter.peek("receipt-%d" % TODAY.year) == 1
    monkeypatch.undo()
    # Refused before the number (the sale cap), then a good one: still no gap.
    public = ready_device(make, donor_kind="public_body")
    with pytest.raises(HandoverError):
        hand_over(public, make.beneficiary(), None, kind="sale", price=Decimal("9999"))
    handed_over(make, app)
    assert numbers() == ["%d-00001" % TODAY.year, "%d-00002" % TODAY.year]


HANDOVERS = 12


def _expected(count):
    return ["%d-%05d" % (TODAY.year, n) for n in range(1, count + 1)]


def test_concurrent_handovers_in_threads_number_without_gaps(app, db, make):
    devices = [ready_device(make) for _ in range(HANDOVERS)]
    people = [make.beneficiary() for _ in range(HANDOVERS)]
    operator = make.user("operator")
    results = racers.in_threads(app, racers.hand_over_to,
                                [(d.id, p.id, operator.id) for d, p in zip(devices, people)])
    assert results == ["won"] * HANDOVERS
    assert numbers() == _expected(HANDOVERS)
    assert sorted(d.number for d in Document.select()) == _expected(HANDOVERS)


def test_concurrent_handovers_in_processes_number_without_gaps(app, app_config, db, make):
    count = 3
    devices = [ready_device(make) for _ in range(count)]
    people = [make.beneficiary() for _ in range(count)]
    operator = make.user("operator")
    outcomes = racers.in_processes(app_config, racers.hand_over_to,
                                   [(d.id, p.id, operator.id) for d, p in zip(devices, people)])
    assert outcomes == ["won"] * count
    assert numbers() == _expected(count)


# -- the PDF --------------------------------------------------------------------------

def test_the_receipt_says_who_what_and_which_terms(app, db, make):
    partner = make.partner(name="Lycée Baggio")
    person = make.beneficiary(first_name="Zoé", last_name="Delacroix", partner=partner,
                              is_minor=True, guardian_name="Karim Delacroix")
    device = ready_device(make, serial="PF1ABCDE", ram_gb=8)
    operator = make.user("operator", display_name="Jeanne Opératrice")
    with app.test_request_context():
        handover = hand_over(device, person, operator, kind="loan",
                             due_on=TODAY + datetime.timedelta(days=60), accessories="charger, bag")
    document = Document.get(Document.handover == handover.id)
    terms = TermsText.get_by_id(handover.terms_id)
    text = text_of(bytes(document.pdf))
    for expected in (handover.receipt_number, "Zoé Delacroix", "Karim Delacroix", "Lycée Baggio",
                     "PF1ABCDE", device.asset_tag, terms.sha256, "Jeanne Opératrice",
                     "Chargeur", "Sacoche", "/verify/" + document.token):
        assert expected in text, expected
    assert re.search(r"\b%d\b" % terms.version, text)
    assert document.kind == "receipt" and document.number == handover.receipt_number
    assert document.sha256 == hashlib.sha256(bytes(document.pdf)).hexdigest()
    assert "Zoé" not in str(document.facts) and "Delacroix" not in str(document.facts)
    assert len(document.token) >= 32


def test_english_when_the_beneficiary_reads_english(app, db, make):
    handover = handed_over(make, app, beneficiary=make.beneficiary(language="en"))
    text = text_of(bytes(Document.get(Document.handover == handover.id).pdf))
    assert "Equipment handover receipt" in text
    english_gift = TermsText.get((TermsText.kind == "gift") & (TermsText.language == "en"))
    assert handover.terms_id == english_gift.id


HOSTILE = ['<b>Bold</b>', '<font size=90>Big</font>', 'Tom &amp; Jerry', '"><script>x']


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_printed_as_text(app, db, make, name):
    handover = handed_over(make, app, beneficiary=make.beneficiary(last_name=name),
                           accessories=name)
    text = text_of(bytes(Document.get(Document.handover == handover.id).pdf))
    assert name in text


def test_reprinting_gives_the_same_document(app, client, login, db, make):
    handover = handed_over(make, app)
    login("operator")
    first = client.get("/handovers/%d/receipt.pdf" % handover.id).data
    second = client.get("/handovers/%d/receipt.pdf" % handover.id).data
    stored = Document.get(Document.handover == handover.id)
    assert first == second == bytes(stored.pdf)
    assert Document.select().count() == 1
