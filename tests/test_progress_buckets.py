"""One device in each status counts in the same progress bucket wherever a donor's figures show.

The donor page, the donation page, the donor's link, the donor certificate (its data, its
stored facts and its PDF) and the dashboard (its figures and its page) all read
lifecycle's one table; each surface is read here the way a person reads it.
"""
import re

import pytest

from inventory import lifecycle
from inventory.dashboard import figures as dashboard
from inventory.documents import donor_links, issuing as certificates
from inventory.documents.outcomes import device_outcomes
from inventory.documents.pdf.text import code, word
from inventory.models import Donation

from .pdftext import flat


def labels():
    return {name: str(text) for name, text in lifecycle.BUCKET_LABELS.items()}


def counted_in(page, cell):
    """The buckets whose cell (a pattern of label and count) shows 1 device on the page."""
    return [name for name, text in labels().items() if cell % (text, 1) in page]


def pdf_totals(pdf):
    """The buckets the certificate's totals table counts 1 device in (French wording)."""
    text = flat(pdf)
    table = text[text.index(word("fr", "totals_by_outcome")):]
    table = table[:table.index(word("fr", "total") + " ")]
    return [name for name in lifecycle.BUCKETS
            if re.search(r"%s 1\b" % re.escape(code("fr", name)), table)]


def test_every_status_is_in_exactly_one_bucket():
    assert set(lifecycle.BUCKET_OF_STATUS) == set(lifecycle.STATES)
    assert set(lifecycle.BUCKET_OF_STATUS.values()) == set(lifecycle.BUCKETS)
    assert set(lifecycle.BUCKET_LABELS) == set(lifecycle.BUCKETS)


@pytest.mark.parametrize("status", lifecycle.STATES)
def test_every_surface_counts_a_device_in_the_same_bucket(client, login, make, db, status):
    donor = make.donor(name="Banque du Nord")
    donation = make.donation(donor)
    make.device(status, donation=donation)
    operator = login("operator")
    donation = Donation.get_by_id(donation.id)
    link = donor_links.create(donation, operator)
    document = certificates.issue("donor_certificate", donation, operator)
    table_cell = '<td class="num" data-label="%s">%d</td>'

    seen = {
        "donor page": counted_in(client.get("/donors/%d" % donor.id).get_data(as_text=True),
                                 table_cell),
        "donation page": counted_in(
            client.get("/donations/%d" % donation.id).get_data(as_text=True), table_cell),
        "donor's link": counted_in(
            client.get("/donor/%s" % link.token).get_data(as_text=True),
            '<tr><th scope="row">%s</th><td class="num">%d</td></tr>'),
        "certificate data": [row.outcome for row in device_outcomes(donation)],
        "certificate facts": [name for name, n in document.facts["progress"].items() if n],
        "certificate PDF": pdf_totals(bytes(document.pdf)),
        "dashboard figures": [name for row in dashboard.figures().donors
                              for name in lifecycle.BUCKETS if row.buckets[name]],
        "dashboard page": counted_in(client.get("/").get_data(as_text=True), table_cell),
    }
    expected = lifecycle.bucket(status)
    assert seen == dict.fromkeys(seen, [expected])
