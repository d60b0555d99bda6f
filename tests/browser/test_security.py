"""Hostile text in the browser: names and notes typed by anybody show as text, run nothing, open
no dialog and load nothing from elsewhere, on the staff pages and on the donor's public page.

The per-page checks (conftest.Visit.check) add: no request outside the page's origin and no
console error on any page; a CSP refusal of an injected handler would be such an error.
"""
from urllib.parse import quote

from inventory.documents import donor_links
from inventory.devices.edit import edit_device
from inventory.models import Donor

HOSTILE = {
    "make": "<img src=x onerror=\"alert('make');window.pwned=1\">",
    "model": "<svg onload=alert('model')>",
    "serial": "\"><img src=https://evil.example/x.png onerror=alert('serial')>",
    "location": "javascript:alert('location')",
    "notes": "</textarea><script>alert('notes')</script><b id=pwned-b>bold</b>",
}
HOSTILE_DONOR = "<img src=x onerror=alert('donor')> & Cie"
HOSTILE_REFERENCE = "<script>alert('reference')</script>"

INERT = """() => ({
  injected: document.querySelectorAll(
      'img[src="x"], img[src*="evil"], svg[onload], [onerror], [onload], #pwned-b').length,
  inline_scripts: [...document.scripts].filter(s => !s.src).length,
  pwned: window.pwned === 1,
})"""


def assert_inert(page):
    assert page.evaluate(INERT) == {"injected": 0, "inline_scripts": 0, "pwned": False}


def test_hostile_text_stays_text(visit, records):
    operator = records.user("operator")
    dialogs = []

    s = visit("operator")
    page = s.page
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    s.login(operator)

    # Typed through the donor form.
    s.open("/donors/new", "new donor")
    page.fill("#name", HOSTILE_DONOR)
    s.go(page.locator("main form.stack button.primary"), "hostile donor")
    assert page.locator("main h1").inner_text() == HOSTILE_DONOR
    assert_inert(page)

    with records.bound():
        make = records.make
        donor = Donor.get(Donor.name == HOSTILE_DONOR)
        donation = make.donation(donor=donor, reference=HOSTILE_REFERENCE)
        device = make.devices(1, donation=donation)[0]
        edit_device(device, make.technician, device.version, HOSTILE)
        token = donor_links.create(donation, make.technician).token
        tag, donation_id = device.asset_tag, donation.id

    s.open("/d/%s" % tag, "hostile device")
    main = page.locator("main").inner_text()
    for value in (HOSTILE["make"], HOSTILE["model"], HOSTILE["serial"], HOSTILE["notes"]):
        assert value in main, value
    assert_inert(page)

    pages = [
        ("/d/%s/edit" % tag, "hostile edit form", 200),
        ("/devices?q=%s" % quote(HOSTILE["make"]), "device search", 200),
        ("/devices", "device list", 200),
        ("/donations/%d" % donation_id, "hostile donation", 200),
        ("/donors?q=%s" % quote("<img src=x"), "donor search", 200),
        ("/scan?code=%s" % quote(HOSTILE["model"]), "hostile scan", 404),
    ]
    for path, name, status in pages:
        s.open(path, name, status=status)
        assert_inert(page)
    assert page.locator("main").inner_text().count(HOSTILE["model"]) == 1
    # The edit form gives the text back as it was, inside the fields.
    s.open("/d/%s/edit" % tag, "hostile edit form")
    assert page.input_value("#make") == HOSTILE["make"]
    assert page.input_value("#notes") == HOSTILE["notes"]

    # The donor's public page, without a login.
    donor_visit = visit("donor", phone=True)
    donor_visit.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    donor_visit.open("/donor/%s" % token, "hostile donor page")
    text = donor_visit.page.locator("main").inner_text()
    assert HOSTILE_DONOR in text and HOSTILE_REFERENCE in text and HOSTILE["make"] in text
    assert_inert(donor_visit.page)

    assert dialogs == []
    s.finish()
    donor_visit.finish()


SELF_TEST_PAGE = """<!doctype html><html lang="de"><head><title>self test</title></head><body>
<main><h1>Self test</h1><img src="/static/nothing.png">
<div style="width: 2000px">wide</div>
<table style="width: 120px; overflow-wrap: anywhere"><tr><td>Appareils</td><td>reconditionnement</td></tr></table>
<img src="https://evil.example/pixel.png" alt="">
<script>console.error("self-test error"); alert("self-test dialog");</script>
<!-- %s --></main></body></html>""" % ("x" * 70_000)


def test_the_page_checks_catch_what_they_look_for(visit):
    """The checks themselves: a page with every fault is refused for each of them."""
    s = visit("checker")
    page = s.page
    s.open("/login", "login")
    s.context.route("**/__self-test", lambda route: route.fulfill(
        status=200, content_type="text/html", body=SELF_TEST_PAGE))
    s.context.route("https://evil.example/**", lambda route: route.abort())
    page.goto("/__self-test")
    s.check("self test", shots=False)
    found = "\n".join(s.problems)
    for expected in ("<html lang='de'>", "language switch offers None", "axe image-alt",
                     "KB transferred", "scrolls sideways", "console: self-test error",
                     "words cut: Appareils, reconditionnement",
                     "request outside", "https://evil.example/pixel.png",
                     "dialog opened: alert: self-test dialog"):
        assert expected in found, (expected, found)
    s.problems.clear()
