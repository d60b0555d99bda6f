"""Donors and donations: create, edit, SIRET check, progress per status, hostile text."""
import datetime
import pytest
from markupsafe import escape

from inventory.intake import donors
from inventory.lifecycle import StaleVersion
from inventory.models import Donation, Donor

DONOR = {"name": "Entreprise du Nord", "kind": "company", "siret": "732 829 320 00074",
         "address": "12 rue Nationale", "postcode": "59000", "town": "Lille",
         "contact_name": "Claire Dubois", "contact_email": "claire@example.fr",
         "contact_phone": "03 20 00 00 00", "notes": ""}


def donation_form(**changes):
    values = {"received_on": "2026-10-01", "reference": "BL-2026-118", "expected_count": "100",
              "wants_erasure_certificate": "y", "notes": ""}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


@pytest.mark.parametrize("text, valid", [
    ("73282932000074", True),          # INSEE's own example
    ("732 829 320 00074", True),       # as printed on invoices
    ("732.829.320.00074", True),
    ("44306184100047", True),
    ("35600000000048", True),          # La Poste head office: plain Luhn
    ("35600000000001", True),          # La Poste establishment: digit sum multiple of 5
    ("35600000000002", False),
    ("12345678901234", False),         # digit sum multiple of 5, but not La Poste
    ("73282932000075", False),         # check digit wrong
    ("7328293200007", False),          # 13 digits
    ("732829320000744", False),        # 15 digits
    ("7328293200007A", False),
    ("00000000000000", False),
])
def test_siret_is_checked_with_luhn_and_la_postes_exception(text, valid):
    if valid:
        assert donors.normalise_siret(text) == "".join(ch for ch in text if ch.isdigit())
    else:
        with pytest.raises(donors.DonorError) as refused:
            donors.normalise_siret(text)
        assert set(refused.value.fields) == {"siret"}


def test_an_empty_siret_is_allowed():
    assert donors.normalise_siret("  ") is None


def test_operator_creates_a_donor(client, login, db):
    login("operator")
    response = client.post("/donors/new", data=DONOR)
    assert response.status_code == 302
    donor = Donor.get()
    assert response.headers["Location"].endswith("/donors/%d" % donor.id)
    assert (donor.name, donor.siret, donor.kind, donor.town) == (
        "Entreprise du Nord", "73282932000074", "company", "Lille")
    assert not donor.is_public_body
    page = client.get("/donors").get_data(as_text=True)
    assert "Entreprise du Nord" in page


@pytest.mark.parametrize("changes, field", [
    ({"siret": "73282932000075"}, "siret"),
    ({"siret": "abc"}, "siret"),
    ({"name": ""}, "name"),
    ({"name": "x" * 5000}, "name"),
    ({"kind": "alien"}, "kind"),
    ({"contact_email": "not an address"}, "contact_email"),
    ({"notes": "n" * 5001}, "notes"),
])
def test_bad_donor_input_is_refused_and_nothing_is_saved(client, login, db, changes, field):
    login("operator")
    response = client.post("/donors/new", data={**DONOR, **changes})
    assert response.status_code == 200
    assert 'class="field has-error"' in response.get_data(as_text=True)
    assert Donor.select().count() == 0


def test_a_siret_already_used_by_another_donor_is_refused(make, db):
    existing = make.donor(name="Première", siret="73282932000074")
    with pytest.raises(donors.DonorError) as refused:
        donors.create_donor({**DONOR, "siret": "73282932000074"})
    assert "siret" in refused.value.fields
    assert Donor.select().count() == 1
    assert donors.update_donor(existing, {**DONOR, "siret": "73282932000074"},
                               existing.version) is True


def test_public_bodies_are_marked(client, login, make, db):
    login("operator")
    client.post("/donors/new", data={**DONOR, "name": "Mairie de Roubaix", "kind": "public_body",
                                     "siret": ""})
    donor = Donor.get(Donor.name == "Mairie de Roubaix")
    assert donor.is_public_body and donor.siret is None
    donation = make.donation(donor=donor)
    for url in ("/donors/%d" % donor.id, "/donations/%d" % donation.id):
        assert 'flash flash-warning' in client.get(url).get_data(as_text=True)
    other = make.donation()
    assert 'flash flash-warning' not in client.get("/donations/%d" % other.id).get_data(
        as_text=True)


def test_editing_a_donor_checks_the_version(client, login, make, db):
    login("operator")
    donor = make.donor(name="Ancien nom", town="Lille")
    form = {**DONOR, "name": "Nouveau nom", "siret": "", "version": "1"}
    assert client.post("/donors/%d/edit" % donor.id, data=form).status_code == 302
    assert Donor.get_by_id(donor.id).name == "Nouveau nom"
    assert Donor.get_by_id(donor.id).version == 2
    # A second person still holding the form of version 1:
    stale = client.post("/donors/%d/edit" % donor.id, data={**form, "name": "Écrasé ?"})
    assert stale.status_code == 409
    assert "Nouveau nom" in stale.get_data(as_text=True)  # the current values are shown
    assert Donor.get_by_id(donor.id).name == "Nouveau nom"
    assert Donor.get_by_id(donor.id).version == 2


def test_update_donor_refuses_a_stale_version_without_writing(make, db):
    donor = make.donor(name="Garde")
    with pytest.raises(StaleVersion):
        donors.update_donor(donor, {**DONOR, "siret": "", "name": "Perdu"}, donor.version + 5)
    assert Donor.get_by_id(donor.id).name == "Garde"


def test_operator_records_and_edits_a_donation(client, login, make, db):
    user = login("operator")
    donor = make.donor()
    response = client.post("/donors/%d/donations/new" % donor.id, data=donation_form())
    assert response.status_code == 302
    donation = Donation.get(Donation.donor == donor.id)
    assert (donation.received_on, donation.reference, donation.expected_count,
            donation.wants_erasure_certificate, donation.created_by.id) == (
        datetime.date(2026, 10, 1), "BL-2026-118", 100, True, user.id)
    edit = donation_form(reference="BL-2026-119", expected_count="", version="1",
                         wants_erasure_certificate=None)
    assert client.post("/donations/%d/edit" % donation.id, data=edit).status_code == 302
    donation = Donation.get_by_id(donation.id)
    assert (donation.reference, donation.expected_count, donation.wants_erasure_certificate,
            donation.version) == ("BL-2026-119", None, False, 2)
    stale = client.post("/donations/%d/edit" % donation.id, data={**edit, "reference": "X"})
    assert stale.status_code == 409
    assert Donation.get_by_id(donation.id).reference == "BL-2026-119"


@pytest.mark.parametrize("changes", [
    {"received_on": ""}, {"received_on": "31/02/2026"}, {"expected_count": "0"},
    {"expected_count": "-3"}, {"expected_count": "beaucoup"},
    {"received_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat()},
    {"reference": "r" * 101},
])
def test_bad_donation_input_is_refused(client, login, make, db, changes):
    login("operator")
    donor = make.donor()
    response = client.post("/donors/%d/donations/new" % donor.id, data=donation_form(**changes))
    assert response.status_code == 200
    assert Donation.select().count() == 0


def test_progress_counts_each_status_in_its_bucket(client, login, make, db):
    donor = make.donor(name="Progression SA")
    first, second = make.donation(donor=donor), make.donation(donor=donor)
    for status in ("received", "received", "triage", "refurbishing", "ready", "reserved",
                   "handed_over", "recycled", "parts"):
        make.device(status, donation=first)
    make.device("received", donation=second)
    progress = donors.progress([first.id, second.id])
    assert progress[first.id] == {"received": 2, "refurbishing": 2, "ready": 2, "given": 1,
                                  "recycled": 2, "total": 9}
    assert progress[second.id] == {"received": 1, "refurbishing": 0, "ready": 0, "given": 0,
                                   "recycled": 0, "total": 1}
    assert donors.total(progress.values())["total"] == 10
    login("viewer")
    page = client.get("/donors/%d" % donor.id)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert first.reference in text and second.reference in text
    assert '<td class="num" data-label="Total">9</td>' in text
    assert '<td class="num" data-label="Total">10</td>' in text
    donation_page = client.get("/donations/%d" % first.id).get_data(as_text=True)
    assert donation_page.count('class="status status-') == 9


@pytest.mark.parametrize("role, read, write", [
    ("admin", 200, 302), ("operator", 200, 302), ("technician", 200, 403), ("viewer", 200, 403),
])
def test_staff_read_donors_and_the_office_writes(client, login, db, role, read, write):
    login(role)
    assert client.get("/donors").status_code == read
    assert client.post("/donors/new", data=DONOR).status_code == write
    assert Donor.select().count() == (1 if write == 302 else 0)


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<b>gras</b><font color=red>rouge</font><br/>",
    "Ordis \u202eevil\u202c Ωμέγα",
]
# Fields printed on documents refuse what their font cannot draw (test_unicode_documents);
# the others take any script.
ANY_SCRIPT = "مؤسسة الحاسوب \u202eevil\u202c 🖥️💾 Ordis"
DONOR_CASES = [(field, text) for field in ("name", "address", "town", "contact_name",
                                           "contact_phone", "notes") for text in HOSTILE]
DONOR_CASES += [("contact_phone", ANY_SCRIPT), ("notes", ANY_SCRIPT)]


@pytest.mark.parametrize("field, text", DONOR_CASES)
def test_hostile_donor_text_is_shown_as_text(client, login, make, db, field, text):
    login("operator")
    value = text[:DONOR_LIMIT[field]]
    response = client.post("/donors/new", data={**DONOR, "siret": "", field: value})
    assert response.status_code == 302, response.get_data(as_text=True)
    donor = Donor.get()
    assert getattr(donor, field) == value
    donation = make.donation(donor=donor)
    make.devices(1, donation=donation)
    pages = ["/donors/%d" % donor.id]
    if field == "name":  # the name is also on the list, the donation and the device pages
        pages += ["/donors", "/donations/%d" % donation.id, "/devices",
                  "/donations/%d/receive" % donation.id]
    for url in pages:
        page = client.get(url).get_data(as_text=True)
        assert_shown_as_text(page, value)


DONOR_LIMIT = {"name": 200, "address": 500, "town": 100, "contact_name": 120,
               "contact_phone": 40, "notes": 5000}


def assert_shown_as_text(page, value):
    if "<" in value or '"' in value:
        assert value not in page
        assert str(escape(value)) in page
    else:
        assert value in page


@pytest.mark.parametrize("field, text", [(field, text) for field in ("reference", "notes")
                                         for text in HOSTILE] + [("notes", ANY_SCRIPT)])
def test_hostile_donation_text_is_shown_as_text(client, login, make, db, field, text):
    login("operator")
    donor = make.donor()
    response = client.post("/donors/%d/donations/new" % donor.id,
                           data=donation_form(**{field: text}))
    assert response.status_code == 302
    donation = Donation.get()
    assert getattr(donation, field) == text
    pages = ["/donations/%d" % donation.id]
    if field == "reference":
        pages.append("/donors/%d" % donor.id)
    for url in pages:
        assert_shown_as_text(client.get(url).get_data(as_text=True), text)


def test_hostile_email_is_escaped_in_the_mailto_link(client, login, db):
    login("operator")
    email = '"><svg/onload=alert(1)>@x.fr'
    assert client.post("/donors/new", data={**DONOR, "siret": "",
                                             "contact_email": email}).status_code == 302
    page = client.get("/donors/%d" % Donor.get().id).get_data(as_text=True)
    assert email not in page and "<svg" not in page


def test_a_5000_character_name_is_refused_with_a_clear_message(client, login, db):
    login("operator")
    response = client.post("/donors/new", data={**DONOR, "name": "N" * 5000})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "200" in text  # the limit is named in the message under the field
    assert Donor.select().count() == 0


def test_donor_search_finds_name_town_and_siret(client, login, make, db):
    make.donor(name="Alpha Informatique", town="Roubaix", siret="73282932000074")
    make.donor(name="Beta Conseil", town="Tourcoing")
    login("viewer")
    for query, expected in [("alpha", "Alpha"), ("tourcoing", "Beta"), ("732829", "Alpha")]:
        page = client.get("/donors", query_string={"q": query}).get_data(as_text=True)
        assert expected in page
        assert ("Beta" if expected == "Alpha" else "Alpha Informatique") not in page


def test_pages_of_donors_and_of_a_donations_devices_skip_nobody(app, client, login, make, db):
    """Page n starts right after page n-1 ends: no record falls between two pages."""
    login("viewer")
    app.config["PAGE_SIZE"] = 2
    names = ["Donateur %s" % letter for letter in "ABCDE"]
    donors = [make.donor(name=name) for name in names]
    seen = []
    for page in (1, 2, 3):
        text = client.get("/donors", query_string={"page": page}).get_data(as_text=True)
        seen += [name for name in names if name in text]
    assert sorted(seen) == names
    donation = make.donation(donor=donors[0])
    tags = [d.asset_tag for d in make.devices(5, donation=donation)]
    seen = []
    for page in (1, 2, 3):
        text = client.get("/donations/%d" % donation.id,
                          query_string={"page": page}).get_data(as_text=True)
        seen += [tag for tag in tags if tag + "<" in text]
    assert sorted(seen) == tags
