"""The donor's read-only link: what it shows, what it never shows, and its revocation."""
import datetime

import pytest

from inventory.documents import issuing as certificates, donor_links
from inventory.models import Document, DonorLink

from .factories import known_donation

ISSUED_ON = datetime.date(2026, 3, 5)


@pytest.fixture
def setup(db, make):
    known = known_donation(make)
    operator = make.user("operator")
    certificate = certificates.issue("donor_certificate", known.donation, operator,
                                     today=ISSUED_ON)
    link = donor_links.create(known.donation, operator)
    return known, certificate, link


def test_the_donor_sees_progress_and_documents(client, setup):
    known, certificate, link = setup
    response = client.get("/donor/%s" % link.token)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Banque du Nord" in page and "BN-2026-01" in page
    assert '<dd class="devices">12</dd>' in page
    for tag in known.tags:
        assert tag in page
    assert certificate.number in page
    download = client.get("/donor/%s/documents/%d.pdf" % (link.token, certificate.id))
    assert download.status_code == 200 and download.data == bytes(certificate.pdf)
    for headers in (response.headers, download.headers):
        assert headers["Cache-Control"] == "no-store"
        assert "noindex" in headers["X-Robots-Tag"]
        assert headers["Referrer-Policy"] == "no-referrer"


def test_no_person_and_no_other_donation(client, db, make, setup):
    known, certificate, link = setup
    other = known_donation(make, total=2, given=1, recycled=0, parts=0, ready=0, no_storage=0,
                           reference="OTHER-REF")
    foreign = certificates.issue("donor_certificate", other.donation, None, today=ISSUED_ON)
    page = client.get("/donor/%s" % link.token).get_data(as_text=True)
    for person in known.beneficiaries + other.beneficiaries:
        assert person.last_name not in page and person.first_name not in page
    assert "OTHER-REF" not in page and foreign.number not in page
    assert other.devices[0].asset_tag not in page
    # Another donation's certificate, or a handover receipt (it names a person), is not found.
    receipt = Document.get(Document.kind == "receipt")
    for document in (foreign, receipt):
        url = "/donor/%s/documents/%d.pdf" % (link.token, document.id)
        assert client.get(url).status_code == 404


def test_revoked_new_and_random_tokens(client, db, setup):
    known, certificate, link = setup
    certificates.revoke(certificate, None)
    assert certificate.number not in client.get("/donor/%s" % link.token).get_data(as_text=True)
    assert client.get("/donor/%s/documents/%d.pdf" % (link.token, certificate.id)).status_code \
        == 404
    fresh = donor_links.create(known.donation, None)
    assert client.get("/donor/%s" % link.token).status_code == 404
    assert client.get("/donor/%s" % fresh.token).status_code == 200
    donor_links.revoke(known.donation, None)
    for token in (fresh.token, certificates.new_token(), "X-1", "%00", "a" * 100):
        response = client.get("/donor/%s" % token)
        assert response.status_code == 404, token
        assert "BN-2026-01" not in response.get_data(as_text=True)


def test_operator_makes_and_stops_the_link(client, login, db, make):
    known = known_donation(make, total=1, given=0, recycled=0, parts=0, ready=0, no_storage=0)
    login("operator")
    url = "/donations/%d/link" % known.donation.id
    assert client.get(url).status_code == 200
    assert client.post(url + "/new").status_code == 302
    first = donor_links.active(known.donation)
    assert first.token in client.get(url).get_data(as_text=True)
    client.post(url + "/new")
    second = donor_links.active(known.donation)
    assert second.token != first.token
    assert DonorLink.get_by_id(first.id).revoked_at is not None
    client.post(url + "/revoke")
    assert donor_links.active(known.donation) is None
    assert client.get("/donor/%s" % second.token).status_code == 404


@pytest.mark.parametrize("role", ["technician", "viewer"])
def test_others_cannot_make_links(client, login, db, make, role):
    known = known_donation(make, total=1, given=0, recycled=0, parts=0, ready=0, no_storage=0)
    login(role)
    url = "/donations/%d/link" % known.donation.id
    assert client.get(url).status_code == 403
    assert client.post(url + "/new").status_code == 403
    assert DonorLink.select().count() == 0


def test_hostile_names_are_escaped(client, db, make):
    donor = make.donor(name="<img src=x onerror=alert(1)>", kind="company")
    known = known_donation(make, total=1, given=0, recycled=0, parts=0, ready=0, no_storage=0,
                           donor=donor, reference="<b>ref</b>")
    link = donor_links.create(known.donation, None)
    page = client.get("/donor/%s" % link.token).get_data(as_text=True)
    assert "<img src=x" not in page and "<b>ref</b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
