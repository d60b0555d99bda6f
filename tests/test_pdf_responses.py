"""Every PDF the staff pages send: shown inline or downloaded, named, never cached or indexed."""
import pytest

from inventory.db import connected
from inventory.documents import issuing as certificates
from inventory.models import Document

from .factories import handed_over


def label_cards(app, make):
    return "/labels/cards.pdf", 'inline; filename="action-cards.pdf"'


def label_sheet(app, make):
    device = make.device()
    return ("/labels?format=a4-24&tag=%s" % device.asset_tag,
            'inline; filename="labels-a4-24.pdf"')


def receipt(app, make):
    handover = handed_over(make, app)
    return ("/handovers/%d/receipt.pdf" % handover.id,
            'inline; filename="receipt-%s.pdf"' % handover.receipt_number)


def certificate(app, make):
    donation = make.donation()
    make.devices(1, donation=donation)
    with app.test_request_context(), connected():
        document = certificates.issue("intake_attestation", donation, make.user("operator"))
        document = Document.get_by_id(document.id)
    return ("/documents/%d.pdf" % document.id,
            'attachment; filename="%s"' % certificates.filename(document))


@pytest.mark.parametrize("route", [label_cards, label_sheet, receipt, certificate],
                         ids=lambda route: route.__name__)
def test_a_pdf_says_how_to_open_it_and_stays_out_of_caches(app, client, login, make, route):
    url, disposition = route(app, make)
    login("admin")
    response = client.get(url)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == disposition
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"
