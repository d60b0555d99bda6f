"""An operator at the hotline desk: donor, donation, ten devices received and their labels; a
partner's request, the ready devices that fit it, a reservation, the handover and its receipt;
then the device comes back."""
import io

import pypdf
import pypdfium2
import zxingcpp

from inventory.models import Beneficiary, Donation, Handover, Request


def pdf_text(body):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)


def qr_codes(body, dpi=150):
    found = []
    document = pypdfium2.PdfDocument(body)
    for page in document:
        image = page.render(scale=dpi / 72).to_pil()
        found += [code.text for code in zxingcpp.read_barcodes(image)
                  if code.format == zxingcpp.BarcodeFormat.QRCode]
    return found


def test_operator_at_the_desk(visit, records):
    with records.bound():
        partner = records.make.partner(name="Association Lille-Sud Numérique")
        beneficiary = records.make.beneficiary(partner=partner, first_name="Yanis",
                                               last_name="Benali")
        partner_id, beneficiary_id = partner.id, beneficiary.id
    laptop_specs = {"ram_gb": 8, "storage_gb": 256, "storage_type": "SSD"}
    fitting = [records.device("ready", category="laptop", make="Dell", model="Latitude 5490",
                              specs=laptop_specs) for _ in range(2)]
    desktop = records.device("ready", category="desktop", make="HP", model="ProDesk 400",
                             specs=laptop_specs)
    operator = records.user("operator")

    s = visit("operator")
    page = s.page
    s.login(operator)

    # A new donor and their donation.
    s.go(page.locator("header nav a[href='/donors']"), "donors")
    s.go(page.locator("main a[href='/donors/new']"), "new donor")
    page.fill("#name", "Nord Informatique SAS")
    page.select_option("#kind", "company")
    page.fill("#town", "Roubaix")
    s.go(page.locator("main form.stack button.primary"), "donor")
    s.go(page.locator("main a[href$='/donations/new']"), "new donation")
    page.fill("#reference", "BL-2026-118")
    page.fill("#expected_count", "10")
    s.go(page.locator("main form.stack button.primary"), "donation")
    donation_path = s.path
    with records.bound():
        donation = Donation.get(Donation.reference == "BL-2026-118")
        assert donation.donor.name == "Nord Informatique SAS"

    # Ten devices received, and their label sheet.
    s.go(page.locator("main a[href$='/receive']"), "receive")
    assert page.input_value("#count") == "10"
    page.fill("#make", "Lenovo")
    page.fill("#model", "ThinkPad T470")
    s.go(page.locator("main form.stack button.primary"), "received")
    cards = page.locator("main ul.devices > li")
    assert cards.count() == 10
    tags = [cards.nth(i).locator("strong").inner_text() for i in range(10)]
    with records.bound():
        assert sorted(d.asset_tag for d in donation.devices) == sorted(tags)

    s.go(page.locator("main a[href*='/labels?']").first, "labels")
    page.select_option("#format", "a4-24")
    sheet = s.pdf(page.locator("main form button.primary").first)
    reader = pypdf.PdfReader(io.BytesIO(sheet))
    assert len(reader.pages) == 1
    text = pdf_text(sheet)
    assert all(tag in text for tag in tags), text
    codes = qr_codes(sheet)
    assert sorted(codes) == sorted("%s/d/%s" % (s.server.url, tag) for tag in tags), codes

    # A partner's request on the phone: the ready laptops that fit it.
    s.go(page.locator("header nav a[href='/requests']"), "requests")
    s.go(page.locator("main a[href='/requests/new']"), "new request")
    page.select_option("#partner", str(partner_id))
    page.select_option("#beneficiary", str(beneficiary_id))
    page.select_option("#category", "laptop")
    page.fill("#min_ram_gb", "4")
    s.go(page.locator("main form.stack button.primary"), "request")
    with records.bound():
        request = Request.select().where(Request.partner == partner_id).get()
    assert s.path == "/requests/%d" % request.id
    offered = page.locator("main ul.cards > li.card")
    shown = [offered.nth(i).locator("strong").inner_text() for i in range(offered.count())]
    assert set(shown[:2]) == set(fitting), shown  # those that meet every need come first
    assert desktop not in shown and not set(tags) & set(shown)

    # Reserve one, hand it over, print the receipt.
    chosen = fitting[0]
    s.go(offered.filter(has_text=chosen).locator("form button"), "reserved")
    assert s.path == "/d/%s" % chosen
    assert records.get_device(chosen).status == "reserved"
    s.go(page.locator("main a[href='/d/%s/handover']" % chosen).first, "handover form")
    assert page.input_value("#beneficiary") == str(beneficiary_id)
    page.select_option("#kind", "gift")
    page.check("input[name=accessories][value=charger]")
    s.go(page.locator("main form.stack button.primary"), "handed over")
    assert records.get_device(chosen).status == "handed_over"
    with records.bound():
        handover = Handover.get(Handover.device == records.get_device(chosen).id)
        assert handover.beneficiary_id == beneficiary_id
        receipt_number = handover.receipt_number
        assert Request.get_by_id(request.id).status == "fulfilled"
    receipt = s.pdf(page.locator("main a[href$='/receipt.pdf']").first)
    text = pdf_text(receipt)
    for expected in (receipt_number, chosen, "Benali", "Yanis", "Latitude 5490"):
        assert expected in text, (expected, text)

    # The device comes back.
    s.go(page.locator("main a[href='/d/%s/return']" % chosen).first, "return form")
    page.select_option("#reason", "not_needed")
    page.select_option("#condition", "good")
    s.go(page.locator("main form.stack button.primary"), "returned")
    assert records.get_device(chosen).status == "returned"
    with records.bound():
        assert Handover.get_by_id(handover.id).returned_on is not None
        assert Beneficiary.get_by_id(beneficiary_id).last_name == "Benali"
    assert s.path == "/d/%s" % chosen
    page.goto(donation_path)
    s.check("donation again")

    s.check_english()
    s.finish()
