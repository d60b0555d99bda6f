"""Bulk scanning at the workshop bench: scan an action card, then five tags as a USB scanner types
them (text, then Enter); the running list shows five lines, one refused with its reason."""


def test_bulk_scanning_marks_four_ready_and_refuses_one(visit, records):
    with records.bound():
        make = records.make
        finished = []
        for _ in range(4):
            device = make.device("refurbishing")
            make.erase(device)
            make.check(device)
            finished.append(device.asset_tag)
        unerased = make.device("refurbishing").asset_tag
    tags = finished[:2] + [unerased] + finished[2:]
    technician = records.user("technician")

    s = visit("technician")
    page = s.page
    s.login(technician)
    s.open("/scan/bulk", "bulk scanning")
    field = page.locator("#code")
    s.enter(field, "ACTION:READY", "action card scanned", focus=False)
    for number, tag in enumerate(tags, 1):
        # No tap between scans: the page gives the field the focus back by itself.
        s.enter(page.locator("#code"), tag, "scanned %d" % number, focus=False)

    lines = page.locator("ol.bulk-lines > li")
    assert lines.count() == 5
    assert page.locator("ol.bulk-lines > li[data-done=yes]").count() == 4
    refused = page.locator("ol.bulk-lines > li[data-done=no]")
    assert refused.count() == 1
    assert refused.locator("strong").inner_text() == unerased
    reason = refused.locator("span").last.inner_text().strip()
    assert len(reason) > 10 and unerased not in reason, reason
    # Newest first, as the scanner goes.
    assert [lines.nth(i).locator("strong").inner_text() for i in range(5)] == tags[::-1]

    assert [records.get_device(tag).status for tag in finished] == ["ready"] * 4
    assert records.get_device(unerased).status == "refurbishing"

    s.check_english()
    s.finish()
