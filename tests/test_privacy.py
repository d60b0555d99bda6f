"""Beneficiaries' personal data: who sees it, export, erasure on request, the retention purge."""
import csv
import datetime
import io
import itertools
import json
import zipfile

import pytest
from werkzeug.routing.converters import AnyConverter, IntegerConverter

from inventory.hotline import privacy
from inventory.models import Beneficiary, Document, Handover, PurgeRun, Request

from .factories import handed_over
from .test_receipt import text_of

SECRET = "Secretname"
PART = "cretnam"  # searched for: a page that found her shows SECRET, one that echoes the query not


pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def zoe(app, db, make):
    """Zoé Secretname, referred by a partner, asked for a laptop and was handed one."""
    partner = make.partner(name="Entraide Lille Sud")
    person = make.beneficiary(first_name="Zoé", last_name=SECRET, partner=partner,
                              contact="zoe@example.org", is_minor=True,
                              guardian_name="Parent %s" % SECRET,
                              proof_note="School certificate seen on 02/03/2026 by Jeanne")
    request = make.request(partner=partner, beneficiary=person, note="For %s's studies" % SECRET)
    handover = handed_over(make, app, beneficiary=person, request=request)
    return Beneficiary.get_by_id(person.id), handover


# -- who sees it ------------------------------------------------------------------

def _candidates(converter, name, values):
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)
    if isinstance(converter, IntegerConverter):
        return values["ids"]
    return values["strings"]


def every_url(app, values):
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        names = sorted(rule._converters)
        options = [_candidates(rule._converters[n], n, values) for n in names]
        for combination in itertools.islice(itertools.product(*options), 24):
            url = adapter.build(rule.endpoint, dict(zip(names, combination)), method=None)
            yield rule, url


def readable(response):
    """The text a person could read in a response: PDFs and spreadsheets opened up."""
    data = response.get_data()
    if data.startswith(b"%PDF"):
        return text_of(data)
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace")
                            for name in archive.namelist())
    return data.decode("utf-8", "replace")


@pytest.mark.parametrize("role", ["technician", "viewer"])
def test_technicians_and_viewers_never_see_a_beneficiary(app, client, login, db, zoe, role):
    person, handover = zoe
    document = Document.get(Document.handover == handover.id)
    # A fresh database: Zoé, her partner, request, handover and receipt all have id 1.
    assert {person.id, handover.id, handover.request_id, document.id} == {1}
    values = {"ids": [1], "strings": [handover.device.asset_tag, document.token, PART]}
    login(role)
    seen = 0
    for rule, url in every_url(app, values):
        if rule.endpoint in ("auth.logout", "static"):
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            query = {"q": PART} if method == "GET" else None
            response = client.open(url, method=method, query_string=query)
            body = readable(response)
            assert SECRET not in body and "Zoé" not in body, (role, method, url)
            seen += 1
    assert seen > 40
    device_page = client.get("/d/%s" % handover.device.asset_tag).get_data(as_text=True)
    assert handover.receipt_number in device_page
    assert handover.handed_on.strftime("%d/%m/%Y") in device_page


@pytest.mark.parametrize("role", ["admin", "operator"])
def test_the_office_sees_the_beneficiary_where_expected(app, client, login, db, zoe, role):
    person, handover = zoe
    login(role)
    for url in ["/d/%s" % handover.device.asset_tag, "/beneficiaries/?q=%s" % SECRET,
                "/beneficiaries/%d" % person.id, "/requests/%d" % handover.request_id,
                "/beneficiaries/%d/export.json" % person.id]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET in response.get_data(as_text=True), url


# -- export --------------------------------------------------------------------------

def test_export_has_everything_held_in_json_and_csv(app, client, login, db, zoe):
    person, handover = zoe
    data = privacy.export_data(person)
    assert data["beneficiary"]["last_name"] == SECRET
    assert data["beneficiary"]["contact"] == "zoe@example.org"
    assert data["beneficiary"]["legal_representative"] == "Parent %s" % SECRET
    assert [h["receipt_number"] for h in data["handovers"]] == [handover.receipt_number]
    assert data["requests"][0]["note"] == "For %s's studies" % SECRET
    login("operator")
    response = client.get("/beneficiaries/%d/export.json" % person.id)
    assert json.loads(response.data) == json.loads(json.dumps(data))
    rows = list(csv.reader(io.StringIO(client.get(
        "/beneficiaries/%d/export.csv" % person.id).data.decode("utf-8-sig"))))
    assert rows[0] == ["record", "number", "field", "value"]
    assert ["beneficiary", "1", "last_name", SECRET] in rows
    assert ["handover", "1", "receipt_number", handover.receipt_number] in rows


def test_the_csv_export_neutralises_formulas(db, make):
    person = make.beneficiary(first_name="=HYPERLINK(\"http://x\")", last_name="@SUM(A1)")
    text = privacy.export_csv(person).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text


# -- erasure -------------------------------------------------------------------------

def test_erasure_replaces_identity_and_keeps_handovers(app, db, zoe):
    person, handover = zoe
    document = Document.get(Document.handover == handover.id)
    privacy.erase(person)
    erased = Beneficiary.get_by_id(person.id)
    assert erased.erased_at is not None
    assert (erased.first_name, erased.last_name) == ("", "ANON-%06d" % person.id)
    assert (erased.guardian_name, erased.contact, erased.proof_note) == ("", "", "")
    assert (erased.category, erased.town, erased.partner_id) == (
        person.category, person.town, person.partner_id)  # statistics stay
    kept = Handover.get_by_id(handover.id)
    assert (kept.receipt_number, kept.beneficiary_id) == (handover.receipt_number, person.id)
    assert Request.get_by_id(handover.request_id).note == ""
    redacted = Document.get_by_id(document.id)
    assert SECRET not in text_of(bytes(redacted.pdf))
    assert handover.receipt_number in text_of(bytes(redacted.pdf))
    assert (redacted.sha256, redacted.token) == (document.sha256, document.token)
    assert SECRET not in json.dumps(privacy.export_data(erased))
    with pytest.raises(privacy.PrivacyError):
        privacy.erase(erased)


def test_erasure_through_the_page_needs_confirmation(app, client, login, db, zoe):
    person, _handover = zoe
    login("operator")
    client.post("/beneficiaries/%d/erase" % person.id)
    assert Beneficiary.get_by_id(person.id).erased_at is None
    client.post("/beneficiaries/%d/erase" % person.id, data={"confirm": "yes"})
    assert Beneficiary.get_by_id(person.id).erased_at is not None


@pytest.mark.parametrize("fields,message", [
    (dict(first_name=""), "name"),
    (dict(is_minor=True, guardian_name=""), "legal representative"),
    (dict(contact="not a contact at all"), "contact"),
    (dict(proof_note="ID card 1234 5678 9012"), "not its number"),
    (dict(category="vip"), "category"),
])
def test_only_the_minimum_is_kept(db, make, fields, message):
    from inventory.hotline.beneficiaries import BeneficiaryError, save_beneficiary
    values = dict(first_name="Léa", last_name="Martin", category="pupil", town="Lille")
    values.update(fields)
    with pytest.raises(BeneficiaryError) as refused:
        save_beneficiary(None, **values)
    assert message in str(refused.value)
    assert Beneficiary.select().count() == 0


# -- purge ------------------------------------------------------------------------------

TODAY = datetime.date(2026, 6, 15)
LONG_AGO = datetime.datetime(2021, 1, 1)


def _person(make, name):
    return make.beneficiary(last_name=name, created_at=LONG_AGO)


@pytest.fixture
def population(app, db, make):
    """Who is due on TODAY with 24 months' retention (cutoff 15/06/2024), and who is not."""
    due_gift = _person(make, "GiftLongAgo")
    handed_over(make, app, beneficiary=due_gift, handed_on=datetime.date(2024, 6, 14))
    returned_late = _person(make, "ReturnedRecently")
    back = handed_over(make, app, beneficiary=returned_late, handed_on=datetime.date(2023, 1, 5),
                       kind="loan", due_on=datetime.date(2024, 1, 5))
    Handover.update(returned_on=datetime.date(2024, 6, 15)).where(Handover.id == back.id).execute()
    open_loan = _person(make, "LoanNotBack")
    handed_over(make, app, beneficiary=open_loan, handed_on=datetime.date(2022, 1, 5),
                kind="loan", due_on=datetime.date(2022, 6, 5))
    waiting = _person(make, "StillWaiting")
    make.request(beneficiary=waiting)
    never = _person(make, "NeverServed")
    recent = make.beneficiary(last_name="JustArrived")
    return {"due": [due_gift, never], "kept": [returned_late, open_loan, waiting, recent]}


def test_months_before():
    assert privacy.months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert privacy.months_before(TODAY, 24) == datetime.date(2024, 6, 15)


def test_dry_run_lists_who_would_go_and_changes_nothing(db, population):
    run, affected = privacy.purge(TODAY, 24, dry_run=True)
    assert sorted(b.id for b, _day in affected) == sorted(b.id for b in population["due"])
    assert Beneficiary.select().where(Beneficiary.erased_at.is_null(False)).count() == 0
    assert (run.dry_run, run.affected, run.older_than_months) == (True, 2, 24)


def test_purge_pseudonymises_only_those_past_retention_and_records_the_run(db, population):
    handovers_before = Handover.select().count()
    run, affected = privacy.purge(TODAY, 24)
    erased = {b.id for b in Beneficiary.select().where(Beneficiary.erased_at.is_null(False))}
    assert erased == {b.id for b in population["due"]}
    assert Handover.select().count() == handovers_before
    stored = PurgeRun.get_by_id(run.id)
    assert (stored.dry_run, stored.affected) == (False, 2)
    assert "GiftLongAgo" not in json.dumps(stored.details)
    assert sorted(i for i, _day in stored.details["beneficiaries"]) == sorted(erased)
    again, _ = privacy.purge(TODAY, 24)
    assert again.affected == 0


def test_the_command(runner, db, make):
    person = make.beneficiary(last_name="Oldtimer", created_at=LONG_AGO)
    bad = runner.invoke(args=["purge", "--older-than", "soon"])
    assert bad.exit_code == 2
    dry = runner.invoke(args=["purge", "--older-than", "24m", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Oldtimer" in dry.output and "1 beneficiary would be" in dry.output
    assert Beneficiary.get_by_id(person.id).erased_at is None
    real = runner.invoke(args=["purge", "--older-than", "2y"])
    assert real.exit_code == 0, real.output
    assert "Oldtimer" not in real.output
    assert Beneficiary.get_by_id(person.id).erased_at is not None
    assert [r.dry_run for r in PurgeRun.select().order_by(PurgeRun.id)] == [True, False]
