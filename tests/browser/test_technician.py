"""A technician on a phone: scan a tag, erase the drive, pass the checklist, mark ready.

Each step starts on the device page and may take at most two taps plus data entry.
"""


def test_technician_on_a_phone(visit, records):
    tag = records.device("refurbishing", make="Lenovo", model="ThinkPad T480")
    technician = records.user("technician")

    s = visit("technician", phone=True)
    page = s.page
    s.login(technician)
    s.go(page.locator("header nav a[href='/scan']"), "scan")
    # What a QR label holds: the label address, typed by the scanner into the scan field.
    s.enter(page.locator("#code"), "%s/d/%s" % (s.server.url, tag), "device")
    assert s.path == "/d/%s" % tag

    with s.step("recording one drive's erasure"):
        s.go(page.locator(".next-step a.button.primary"), "erasure form")
        page.fill("#drive_serial", "WD-WX71A2345678")
        page.check("input[name=method][value=purge]")
        page.check("input[name=result][value=passed]")
        s.go(page.locator("main form.stack button.primary"), "device erased")
    assert s.path == "/d/%s" % tag
    assert page.locator(".cards .card", has_text="WD-WX71A2345678").count() == 1

    with s.step("passing the checklist"):
        s.go(page.locator(".next-step form[action$='/checklist/ok'] button"), "device checked")
    assert s.path == "/d/%s" % tag

    with s.step("marking it ready"):
        s.go(page.locator(".next-step button[name=to][value=ready]"), "device ready")
    assert page.locator(".device-head .status-ready").count() == 1

    device = records.get_device(tag)
    assert device.status == "ready"
    assert device.version > 0

    s.check_english()
    s.finish()
