"""The donor's spreadsheet imported after its devices were received fills them, not 100 more."""
import datetime
import io
import re

import pytest

from inventory.db import connected
from inventory.devices.edit import edit_device
from inventory.models import Device, Event, ImportFile

HEADER = "N° de série;Marque;Modèle;Catégorie;Mémoire;Disque;N° d'inventaire"


def excel_csv(rows):
    """The donor's list as Excel on a French Windows saves "CSV (séparateur : point-virgule)":
    Windows-1252, cells between semicolons (the comma is the decimal mark), CRLF line ends."""
    lines = [HEADER] + [";".join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def laptops(count, first=1, tags=True):
    """count rows as a company's asset register lists its laptops (its own tag on each)."""
    return [("PF%06dQ" % n, "Lenovo", "ThinkPad T480", "Portable", "16 Go", "512 Go NVMe",
             "IMMO-2019-%04d" % n if tags else "") for n in range(first, first + count)]


def upload(client, donation, content, name="parc_informatique.csv"):
    response = client.post("/donations/%d/import" % donation.id, data={
        "file": (io.BytesIO(content), name), "category": "laptop"},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].split("/imports/")[1].split("/")[0].split("?")[0]


def plan_on(page):
    return re.search(r'name="plan" value="([0-9a-f]+)"', page).group(1)


def confirm(client, token, **data):
    page = client.get("/imports/%s?show=all" % token).get_data(as_text=True)
    return client.post("/imports/%s/confirm" % token, data=dict(plan=plan_on(page), **data))


def received(make, donation, count):
    """count devices received by count, before any list came (tags, no serial)."""
    return make.devices(count, donation=donation, category="laptop", make="Lenovo")


def donation_devices(donation):
    return list(Device.select().where(Device.donation == donation.id).order_by(Device.id))


@pytest.fixture
def operator(login):
    return login("operator")


def test_a_hundred_rows_fill_the_hundred_devices_received(client, operator, make, db):
    make.devices(138)  # earlier donations took CC-00001 to CC-00138
    donation = make.donation(received_on=datetime.date(2026, 10, 3))
    before = {d.id: d for d in received(make, donation, 100)}
    token = upload(client, donation, excel_csv(laptops(100)))
    page = client.get("/imports/%s" % token).get_data(as_text=True)
    assert "remplit CC-00139 … CC-00238" in page
    assert '<dd class="new"><strong>0</strong></dd>' in page
    assert "Remplir 100 appareils reçus" in page
    assert Device.select().count() == 238  # the preview writes nothing
    response = confirm(client, token)
    assert response.status_code == 302
    assert Device.select().count() == 238  # filled, not 100 more
    devices = donation_devices(donation)
    # Row n fills the n-th device in tag order.
    assert [(d.asset_tag, d.serial, d.donor_asset_tag) for d in devices] == [
        ("CC-%05d" % (138 + n), "PF%06dQ" % n, "IMMO-2019-%04d" % n) for n in range(1, 101)]
    for device in devices:
        old = before[device.id]
        assert (device.model, device.ram_gb, device.storage_gb, device.storage_type) == (
            "ThinkPad T480", 16, 512, "NVMe")
        assert (device.status, device.received_at, device.version) == (
            "received", old.received_at, old.version + 1)
    event = Event.select().where(Event.device == devices[0].id).order_by(Event.id.desc()).get()
    assert (event.kind, event.user_id, event.data["line"], event.data["import"]) == (
        "edit", operator.id, 2, ImportFile.get().id)
    assert event.data["before"]["serial"] == "" and event.data["after"]["serial"] == "PF000001Q"
    record = ImportFile.get()
    assert (record.added, record.filled, record.first_filled, record.last_filled,
            record.skipped) == (0, 100, "CC-00139", "CC-00238", 0)
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "100 appareils reçus remplis : de CC-00139 à CC-00238." in shown
    # The same list again is refused as before, and changes nothing.
    events = Event.select().count()
    again = client.post("/donations/%d/import" % donation.id, data={
        "file": (io.BytesIO(excel_csv(laptops(100))), "parc_informatique.csv"),
        "category": "laptop"}, content_type="multipart/form-data")
    assert again.status_code == 200 and 'class="error"' in again.get_data(as_text=True)
    assert (Device.select().count(), Event.select().count()) == (238, events)


# (devices received, their donors' tags read off the stickers, rows of the list, and
#  which row fills which device (by position), then the rows that make new devices)
CASES = [
    # More rows than devices received: the first rows fill, the others are added.
    (3, {}, laptops(5, tags=False), [1, 2, 3], [4, 5]),
    # Fewer rows: the devices left stay as they were.
    (4, {}, laptops(2, tags=False), [1, 2], []),
    # The sticker on device 2 says IMMO-2019-0005: row 5 is that machine, whatever its place.
    (3, {2: "IMMO-2019-0005"}, laptops(5), [1, 5, 2], [3, 4]),
    # Tags are compared as people read them; a device whose sticker no row has gets a row
    # without a tag, never one with another machine's tag.
    (3, {1: "immo 2019 0002", 3: "IMMO-2019-0099"},
     laptops(2) + [("PF000777Q", "Lenovo", "ThinkPad T480", "", "", "", "")], [2, 1, 3], []),
]


@pytest.mark.parametrize("count, stickers, rows, fills, added", CASES)
def test_rows_fill_by_donor_tag_then_in_tag_order(client, operator, make, db, count, stickers,
                                                  rows, fills, added):
    donation = make.donation()
    devices = received(make, donation, count)
    for position, tag in stickers.items():
        with connected():
            device = Device.get_by_id(devices[position - 1].id)
            edit_device(device, make.technician, device.version, {"donor_asset_tag": tag})
    other = make.devices(1)[0]  # another donation's device without a serial is not filled
    assert confirm(client, upload(client, donation, excel_csv(rows))).status_code == 302
    stored = donation_devices(donation)
    serials = [row[0] for row in rows]
    assert [d.serial for d in stored[:count]] == (
        [serials[n - 1] for n in fills] + [""] * (count - len(fills)))
    assert [d.serial for d in stored[count:]] == [serials[n - 1] for n in added]
    assert Device.get_by_id(other.id).serial == ""


def test_a_device_filled_by_hand_is_not_filled_again(client, operator, make, db):
    donation = make.donation()
    first, second = received(make, donation, 2)
    edit_device(first, make.technician, first.version, {"serial": "R90XK1AB"})
    assert confirm(client, upload(client, donation, excel_csv(laptops(2)))).status_code == 302
    stored = donation_devices(donation)
    assert [d.serial for d in stored] == ["R90XK1AB", "PF000001Q", "PF000002Q"]


def test_a_device_changed_after_the_preview_stops_the_import(client, operator, make, db):
    donation = make.donation()
    devices = received(make, donation, 3)
    token = upload(client, donation, excel_csv(laptops(3)))
    page = client.get("/imports/%s" % token).get_data(as_text=True)
    seen = plan_on(page)
    # Meanwhile a technician records where the second laptop is.
    device = Device.get_by_id(devices[1].id)
    edit_device(device, make.technician, device.version, {"location": "Étagère B"})
    events = Event.select().count()
    response = client.post("/imports/%s/confirm" % token, data={"plan": seen})
    assert response.status_code == 302 and token in response.headers["Location"]
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ont changé depuis la vérification des lignes" in again
    assert [d.serial for d in donation_devices(donation)] == ["", "", ""]
    assert Event.select().count() == events
    assert ImportFile.get().imported_at is None
    # Seen again, the rows go in.
    assert confirm(client, token).status_code == 302
    assert [d.serial for d in donation_devices(donation)] == ["PF000001Q", "PF000002Q",
                                                              "PF000003Q"]
    assert Device.get_by_id(devices[1].id).location == "Étagère B"


def test_a_row_with_a_problem_stops_the_fill_unless_left_out(client, operator, make, db):
    donation = make.donation()
    received(make, donation, 2)
    rows = laptops(2) + [("", "Dell", "Latitude 5490", "Portable", "8 Go", "", "IMMO-X")]
    token = upload(client, donation, excel_csv(rows))
    confirm(client, token)
    assert [d.serial for d in donation_devices(donation)] == ["", ""]
    confirm(client, token, skip_errors="y")
    assert [d.serial for d in donation_devices(donation)] == ["PF000001Q", "PF000002Q"]


def test_the_command_line_fills_too(runner, make, db, tmp_path):
    donation = make.donation()
    received(make, donation, 3)
    path = tmp_path / "parc_informatique.csv"
    path.write_bytes(excel_csv(laptops(5)))
    args = ["import", "--donation", str(donation.id)]
    dry = runner.invoke(args=args + ["--dry-run", str(path)])
    assert "Fills 3 devices already received (CC-00001 to CC-00003); 2 new devices." in dry.output
    assert "3 devices would be filled and 2 added" in dry.output
    assert [d.serial for d in donation_devices(donation)] == ["", "", ""]
    done = runner.invoke(args=args + [str(path)])
    assert done.exit_code == 0, done.output
    assert "Filled 3 devices of donation %d: CC-00001 to CC-00003." % donation.id in done.output
    assert "Imported 2 devices" in done.output
    assert [d.serial for d in donation_devices(donation)] == [
        "PF%06dQ" % n for n in range(1, 6)]
    assert {d.status for d in donation_devices(donation)} == {"received"}
