"""A donor with their read-only link: no account, the progress of their donation, the donor
certificate to download and verify; once the link is stopped, it shows "not found"."""
import io

import pypdf

from inventory.documents import issuing as certificates, donor_links


def test_donor_follows_the_link_then_it_is_stopped(visit, records):
    with records.bound():
        make = records.make
        donation = make.donation(donor=make.donor(name="Métropole Européenne de Lille",
                                                  kind="public_body"),
                                 reference="MEL-2026-07", wants_erasure_certificate=True)
        statuses = ["handed_over", "handed_over", "ready", "refurbishing", "recycled"]
        tags = [make.device(status, donation=donation, make="Fujitsu",
                            model="Lifebook E548").asset_tag for status in statuses]
        certificate = certificates.issue("donor_certificate", donation, make.technician)
        link = donor_links.create(donation, make.technician)
        number, verify_token, token = certificate.number, certificate.token, link.token

    s = visit("donor", phone=True)
    page = s.page
    s.open("/donor/%s" % token, "donor page")
    assert s.path == "/donor/%s" % token  # no login asked
    assert page.locator("header nav").count() == 0
    main = page.locator("main").inner_text()
    assert "Métropole Européenne de Lille" in main and "MEL-2026-07" in main
    rows = page.locator("main table tbody tr")
    shown = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    assert sorted(tag for tag in shown if tag in tags) == sorted(tags)
    assert page.locator("main .status-handed_over").count() >= 3  # two rows and the count

    body = s.pdf(page.locator("main a[href*='/documents/']").first)
    text = pdf_text(body)
    assert number in text and "MEL-2026-07" in text, text

    # The certificate's QR code opens its public verification page.
    s.open("/verify/%s" % verify_token, "verify")
    assert number in page.locator("main").inner_text()

    s.open("/donor/%s" % token, "donor page again")
    s.check_english()
    s.open("/login", "login en")  # the staff's door, in English for a visitor who switched

    records.call(lambda: donor_links.revoke(donor_links.by_token(token).donation, None))
    s.open("/donor/%s" % token, "stopped link en", status=404)
    s.switch_language("stopped link")
    gone = page.locator("main").inner_text()
    assert "Métropole" not in gone and "MEL-2026-07" not in gone
    assert page.locator("main table").count() == 0
    document_path = s.path + "/documents/%d.pdf" % certificate.id
    assert s.context.request.get(document_path).status == 404
    s.finish()


def pdf_text(body):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)
