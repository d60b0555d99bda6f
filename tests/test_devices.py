"""The device list and page: search, filters, sort, pages, moves, edits, export."""
import csv
import html
import io

import pytest
from markupsafe import escape
from openpyxl import load_workbook

from inventory.db import database
from inventory.devices.edit import edit_device
from inventory.models import Device, Event


@pytest.fixture
def stock(make, db):
    """Three donations' devices with known values."""
    lenovo = make.donation(donor=make.donor(name="Logis Métropole"), reference="LM-1")
    dell = make.donation(donor=make.donor(name="Ville de Lille", kind="public_body"))
    devices = make.devices(3, donation=lenovo, make="Lenovo", model="ThinkPad T480")
    devices += make.devices(2, donation=dell, category="desktop", make="Dell", model="OptiPlex")
    for device, serial, grade, location in zip(devices, ("PF1AAA", "PF1BBB", "PF1CCC", "DL-9",
                                                         "DL-10"), "ABCAB",
                                               ("étagère 1", "", "", "étagère 1", "")):
        edit_device(device, None, device.version, {"serial": serial, "grade": grade,
                                                   "location": location})
    return devices


def listed(client, **args):
    page = client.get("/devices", query_string=args).get_data(as_text=True)
    return [tag for tag in ("CC-00001", "CC-00002", "CC-00003", "CC-00004", "CC-00005")
            if tag + "</strong>" in page]


@pytest.mark.parametrize("args,expected", [
    ({}, ["CC-00001", "CC-00002", "CC-00003", "CC-00004", "CC-00005"]),
    ({"q": "cc-00004"}, ["CC-00004"]),
    ({"q": "PF1BBB"}, ["CC-00002"]),
    ({"q": "optiplex"}, ["CC-00004", "CC-00005"]),
    ({"q": "métropole"}, ["CC-00001", "CC-00002", "CC-00003"]),
    ({"q": "50%_"}, []),
    ({"category": "desktop"}, ["CC-00004", "CC-00005"]),
    ({"grade": "A"}, ["CC-00001", "CC-00004"]),
    ({"location": "étagère 1"}, ["CC-00001", "CC-00004"]),
    ({"status": "ready"}, []),
    ({"status": "received", "category": "laptop", "grade": "B"}, ["CC-00002"]),
])
def test_search_and_filters(client, login, stock, args, expected):
    login("viewer")
    assert listed(client, **args) == expected


def test_filter_by_donation(client, login, stock):
    login("viewer")
    assert listed(client, donation=stock[3].donation_id) == ["CC-00004", "CC-00005"]


def test_sort_and_pages(app, client, login, stock):
    login("viewer")
    app.config["PAGE_SIZE"] = 2
    first = client.get("/devices?sort=tag").get_data(as_text=True)
    assert first.index("CC-00001") < first.index("CC-00002") and "CC-00003" not in first
    assert 'rel="next"' in first
    third = client.get("/devices?sort=tag&page=3").get_data(as_text=True)
    assert "CC-00005" in third and 'rel="next"' not in third and 'rel="prev"' in third
    descending = client.get("/devices?sort=-tag").get_data(as_text=True)
    assert descending.index("CC-00005") < descending.index("CC-00004")


def count_queries(monkeypatch):
    queries = []
    real = database.obj.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        queries.append(sql)
        return real(sql, params, *args, **kwargs)
    monkeypatch.setattr(database.obj, "execute_sql", counting)
    return queries


def test_the_number_of_queries_does_not_grow_with_the_page(app, client, login, make, db,
                                                            monkeypatch):
    login("viewer")
    for donor in range(3):
        make.devices(20, donation=make.donation(donor=make.donor()))
    counts = []
    for size in (5, 50):
        app.config["PAGE_SIZE"] = size
        queries = count_queries(monkeypatch)
        assert client.get("/devices").status_code == 200
        counts.append(len(queries))
        monkeypatch.undo()
    assert counts[0] == counts[1]
    assert counts[1] <= 6


def test_device_page_shows_the_allowed_moves(client, login, make):
    device = make.device("triage")
    login("technician")
    page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert 'value="refurbishing"' in page
    assert 'value="ready"' not in page and 'value="handed_over"' not in page


def test_viewers_see_no_moves(client, login, make):
    device = make.device("triage")
    login("viewer")
    page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert 'name="to"' not in page


def test_a_move_from_the_page(client, login, make, db):
    device = make.device("triage")
    user = login("technician")
    response = client.post("/d/%s/move" % device.asset_tag,
                           data={"to": "refurbishing", "version": device.version})
    assert response.status_code == 302
    stored = Device.get_by_id(device.id)
    assert stored.status == "refurbishing"
    last = Event.history(stored).first()
    assert (last.user_id, last.from_status, last.to_status) == (user.id, "triage", "refurbishing")


def test_a_refused_move_says_why_and_changes_nothing(client, login, make, db):
    device = make.device("refurbishing")
    login("technician")
    response = client.post("/d/%s/move" % device.asset_tag,
                           data={"to": "ready", "version": device.version}, follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    assert "Aucun effacement enregistré" in page
    assert Device.get_by_id(device.id).status == "refurbishing"


def test_a_move_from_a_stale_page_is_refused(client, login, make, db):
    device = make.device("received")
    login("technician")
    client.post("/d/%s/move" % device.asset_tag, data={"to": "triage",
                                                        "version": device.version})
    response = client.post("/d/%s/move" % device.asset_tag,
                           data={"to": "triage", "version": device.version},
                           follow_redirects=True)
    assert "modifié entre-temps" in html.unescape(response.get_data(as_text=True)).lower()
    stored = Device.get_by_id(device.id)
    assert (stored.status, stored.version) == ("triage", device.version + 1)


def test_an_operator_cannot_make_moves_of_the_workshop_forbidden_to_them(client, login, make):
    device = make.device("ready")
    login("viewer")
    assert client.post("/d/%s/move" % device.asset_tag, data={"to": "parts"}).status_code == 403


def test_tags_match_whatever_the_case(client, login, make):
    device = make.device()
    login("viewer")
    response = client.get("/d/%s" % device.asset_tag.lower())
    assert response.status_code == 302 and response.headers["Location"].endswith(device.asset_tag)


def test_an_unknown_tag_gets_a_clear_page(client, login):
    login("viewer")
    response = client.get("/d/ZZ-404")
    assert response.status_code == 404
    assert "ZZ-404" in response.get_data(as_text=True)


def edit_form(device, **values):
    form = {name: "" for name in ("make", "model", "serial", "donor_asset_tag", "cpu", "ram_gb",
                                  "storage_type", "storage_gb", "screen_inches",
                                  "keyboard_layout", "webcam", "battery_health", "os_found",
                                  "grade", "working", "accessories", "location", "notes")}
    form.update(category=device.category, version=device.version)
    form.update(values)
    return form


def test_edit_records_before_and_after(client, login, make, db):
    device = make.device()
    login("technician")
    response = client.post("/d/%s/edit" % device.asset_tag,
                           data=edit_form(device, ram_gb="16", screen_inches="15,6",
                                          storage_type="SSD", webcam="yes"))
    assert response.status_code == 302
    stored = Device.get_by_id(device.id)
    assert (stored.ram_gb, str(stored.screen_inches), stored.webcam) == (16, "15.6", True)
    event = Event.history(stored).first()
    assert event.kind == "edit" and event.data["after"]["ram_gb"] == 16


def test_a_stale_edit_is_refused_with_the_current_values(client, login, make, db):
    device = make.device()
    login("technician")
    edit_device(device, None, device.version, {"model": "Latitude 5490"})
    response = client.post("/d/%s/edit" % device.asset_tag,
                           data=edit_form(device, model="Mine", version=device.version - 1))
    assert response.status_code == 409
    page = html.unescape(response.get_data(as_text=True))
    assert "modifié entre-temps" in page.lower() and 'value="Latitude 5490"' in page
    assert Device.get_by_id(device.id).model == "Latitude 5490"


def test_an_invalid_edit_changes_nothing(client, login, make, db):
    device = make.device()
    login("technician")
    response = client.post("/d/%s/edit" % device.asset_tag,
                           data=edit_form(device, ram_gb="huit", battery_health="140"))
    assert response.status_code == 200
    stored = Device.get_by_id(device.id)
    assert (stored.ram_gb, stored.battery_health, stored.version) == (None, None, device.version)


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<b>gras</b> <font size=90>énorme</font> &amp;",
    "مرحبا بالعالم — 💻🔥",
    "=HYPERLINK(\"http://evil\")",
    "x" * 3000,
]
FREE_TEXT = ("make", "model", "serial", "donor_asset_tag", "cpu", "os_found", "accessories",
             "location", "notes")


@pytest.mark.parametrize("field", FREE_TEXT)
@pytest.mark.parametrize("text", HOSTILE[:4])
def test_hostile_text_is_shown_as_text(client, login, make, db, field, text):
    device = make.device()
    login("admin")
    edit_device(device, None, device.version, {field: text})
    for url in ("/d/%s" % device.asset_tag, "/devices?q=CC"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "<b>gras" not in page
    detail = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert str(escape(text)) in detail


def test_very_long_text_is_refused_by_the_form(client, login, make, db):
    device = make.device()
    login("technician")
    client.post("/d/%s/edit" % device.asset_tag, data=edit_form(device, model="x" * 3000))
    assert Device.get_by_id(device.id).model == ""


@pytest.mark.parametrize("separator,delimiter", [("", ","), ("semicolon", ";")])
def test_csv_export_neutralises_formulas(client, login, make, db, separator, delimiter):
    device = make.device()
    edit_device(device, None, device.version, {"model": "=HYPERLINK(\"http://evil\")",
                                               "notes": "@SUM(A1)", "make": "-2+3",
                                               "location": "\tTab"})
    login("viewer")
    response = client.get("/devices/export.csv", query_string={"sep": separator})
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))
    header, row = rows[0], rows[1]
    record = dict(zip(header, row))
    assert record["Modèle"] == "'=HYPERLINK(\"http://evil\")"
    assert record["Marque"] == "'-2+3"
    assert record["Emplacement"] == "'\tTab"


def test_xlsx_export_follows_the_filters(client, login, stock):
    login("viewer")
    response = client.get("/devices/export.xlsx", query_string={"category": "desktop"})
    sheet = load_workbook(io.BytesIO(response.data)).active
    tags = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert tags == ["CC-00005", "CC-00004"]


def test_page_links_keep_a_donation_filter_whose_id_is_one(app, client, login, make):
    donation = make.donation()
    make.devices(3, donation=donation)
    make.devices(2)
    login("viewer")
    app.config["PAGE_SIZE"] = 1
    page = client.get("/devices", query_string={"donation": donation.id}).get_data(as_text=True)
    assert donation.id == 1
    assert "donation=1&amp;page=2" in page or "page=2&amp;donation=1" in page


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_export_gives_reception_times_in_the_organisations_time_zone(client, login, make, db,
                                                                      format):
    import datetime
    device = make.device()
    # Stored times are UTC: 23:30 UTC on 15 January is 00:30 on the 16th in Lille (UTC+1),
    # the time the pages show.
    Device.update(received_at=datetime.datetime(2026, 1, 15, 23, 30)).where(
        Device.id == device.id).execute()
    login("viewer")
    body = client.get("/devices/export.%s" % format).data
    if format == "csv":
        record = next(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        assert record["Reçu le"] == "16/01/2026 00:30"
    else:
        sheet = load_workbook(io.BytesIO(body)).active
        header = [cell.value for cell in sheet[1]]
        received = sheet.cell(row=2, column=header.index("Reçu le") + 1).value
        assert received == datetime.datetime(2026, 1, 16, 0, 30)
