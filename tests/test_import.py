"""Donors' spreadsheets, on the web and with `inventory import`: preview, then all or nothing."""
import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from flask_babel import force_locale

from inventory.db import connected
from inventory.intake import importing
from inventory.models import Device, Event, ImportFile, clock_at

from . import racers

DATA = Path(__file__).parent / "data" / "import"
CP1252 = "societe_cp1252_point_virgule.csv"
UTF8 = "export_utf8_bom_virgule.csv"
UNKNOWN_COLUMN = "colonne_inconnue.csv"
XLSX = "parc_titre_fusion.xlsx"
UTF16 = "export_unicode_utf16.txt"


def upload(client, donation, name, content=None, category="laptop"):
    data = content if content is not None else (DATA / name).read_bytes()
    return client.post("/donations/%d/import" % donation.id, data={
        "file": (io.BytesIO(data), name), "category": category},
        content_type="multipart/form-data")


def token_of(response):
    return response.headers["Location"].split("/imports/")[1].split("/")[0].split("?")[0]


def snapshot():
    return (Device.select().count(), Event.select().count(),
            ImportFile.select().where(ImportFile.imported_at.is_null(False)).count())


def serials(donation):
    return sorted(d.serial for d in Device.select().where(Device.donation == donation.id))


@pytest.fixture
def operator(login):
    return login("operator")


def test_semicolon_windows_1252_file_previews_every_problem_then_imports_the_good_rows(
        client, operator, make, db):
    donation = make.donation()
    response = upload(client, donation, CP1252)
    assert response.status_code == 302 and "/mapping" not in response.headers["Location"]
    token = token_of(response)
    before = snapshot()
    page = client.get("/imports/%s?show=all" % token)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for serial in ("5CG8251XYZ", "PF1ABCD2", "CZC7123ABC", "3CQ9071KLM", "DL7Q4H2"):
        assert serial in text
    assert "huit" in text  # the unreadable value
    assert "OptiPlex 7050" in text  # the row without a serial number
    assert text.count('class="row-error"') == 2
    assert snapshot() == before  # the preview writes nothing

    refused = client.post("/imports/%s/confirm" % token, data={})
    assert refused.status_code == 302 and token in refused.headers["Location"]
    assert snapshot() == before  # rows with problems stop the whole import

    done = client.post("/imports/%s/confirm" % token, data={"skip_errors": "y"})
    assert done.status_code == 302 and "/received?" in done.headers["Location"]
    assert serials(donation) == ["3CQ9071KLM", "5CG8251XYZ", "CZC7123ABC", "PF1ABCD2"]
    thinkpad = Device.get(Device.serial == "PF1ABCD2")
    assert (thinkpad.make, thinkpad.model, thinkpad.category, thinkpad.ram_gb,
            thinkpad.storage_gb, thinkpad.storage_type, thinkpad.screen_inches,
            thinkpad.donor_asset_tag, thinkpad.notes, thinkpad.status) == (
        "Lenovo", "ThinkPad T480", "laptop", 16, 512, "NVMe", Decimal("14.0"),
        "IMMO-2018-0413", "Très bon état", "received")
    assert Device.get(Device.serial == "CZC7123ABC").category == "desktop"
    assert Device.get(Device.serial == "3CQ9071KLM").category == "monitor"
    event = Event.get(Event.device == thinkpad.id)
    assert (event.to_status, event.user_id, event.data["line"]) == ("received", operator.id, 3)
    received = client.get(done.headers["Location"]).get_data(as_text=True)
    assert all(d.asset_tag in received for d in Device.select())
    record = ImportFile.get(ImportFile.token == token)
    assert (record.added, record.skipped, record.imported_by_id) == (4, 2, operator.id)


def test_imported_devices_are_dated_by_the_donation_not_the_import(client, operator, make, db):
    donation = make.donation(received_on=datetime.date(2026, 10, 3))
    with clock_at(datetime.datetime(2026, 10, 20, 9, 15)):  # the list came two weeks later
        token = token_of(upload(client, donation, UTF8))
        client.post("/imports/%s/confirm" % token)
    devices = list(Device.select().where(Device.donation == donation.id))
    midday = datetime.datetime(2026, 10, 3, 10, 0)  # 12:00 in Lille
    assert len(devices) == 4
    assert {(d.received_at, d.status_changed_at) for d in devices} == {(midday, midday)}
    events = Event.select().where(Event.device.in_([d.id for d in devices]))
    assert {(e.to_status, e.at) for e in events} == {("received", midday)}


def test_utf8_bom_comma_file_leaves_a_repeated_row_out(client, operator, make, db):
    donation = make.donation()
    token = token_of(upload(client, donation, UTF8))
    text = client.get("/imports/%s" % token).get_data(as_text=True)
    assert 'class="row-duplicate"' in text
    assert client.post("/imports/%s/confirm" % token).status_code == 302
    assert serials(donation) == ["5CG8251XYZ", "DMPXK1ABCD", "JH2K9Q2", "MXL8123ABC"]
    assert Device.get(Device.serial == "DMPXK1ABCD").category == "tablet"


def test_the_same_file_twice_adds_nothing_the_second_time_and_says_so(client, operator, make, db):
    donation = make.donation()
    token = token_of(upload(client, donation, UTF8))
    client.post("/imports/%s/confirm" % token)
    before = snapshot()
    again = upload(client, donation, UTF8)
    assert again.status_code == 200
    assert 'class="error"' in again.get_data(as_text=True)  # under the file field
    assert snapshot() == before
    assert ImportFile.select().count() == 1


def test_a_file_of_known_serials_in_another_donation_has_nothing_to_add(client, operator, make,
                                                                         db):
    first, second = make.donation(), make.donation()
    client.post("/imports/%s/confirm" % token_of(upload(client, first, UTF8)))
    before = snapshot()
    token = token_of(upload(client, second, UTF8))
    text = client.get("/imports/%s" % token).get_data(as_text=True)
    assert text.count('class="row-known"') == 4 and "/confirm" not in text
    response = client.post("/imports/%s/confirm" % token)
    assert response.status_code == 302 and "/received" not in response.headers["Location"]
    assert snapshot()[:2] == before[:2]
    assert serials(second) == []


def test_serials_known_from_another_file_are_left_out(client, operator, make, db):
    first, second = make.donation(), make.donation()
    client.post("/imports/%s/confirm" % token_of(upload(client, first, UTF8)))
    token = token_of(upload(client, second, CP1252))
    client.post("/imports/%s/confirm" % token, data={"skip_errors": "y"})
    assert "5CG8251XYZ" not in serials(second)
    assert serials(second) == ["3CQ9071KLM", "CZC7123ABC", "PF1ABCD2"]


def test_unknown_headers_go_through_the_mapping_step(client, operator, make, db):
    donation = make.donation()
    response = upload(client, donation, UNKNOWN_COLUMN)
    assert response.headers["Location"].endswith("/mapping")
    token = token_of(response)
    page = client.get("/imports/%s/mapping" % token).get_data(as_text=True)
    assert "Réf. interne" in page and "A-001" in page  # the header and an example value
    # Two columns set to the same field: refused, nothing saved.
    clash = client.post("/imports/%s/mapping" % token, data={
        "column-0": "serial", "column-1": "serial"})
    assert clash.status_code == 200
    assert ImportFile.get(ImportFile.token == token).mapping["1"] == "serial"
    chosen = client.post("/imports/%s/mapping" % token, data={
        "column-0": "donor_asset_tag", "column-1": "serial", "column-2": "make",
        "column-3": "model", "column-4": "notes", "column-5": "ram_gb"})
    assert chosen.status_code == 302 and chosen.headers["Location"].endswith("/imports/" + token)
    client.post("/imports/%s/confirm" % token)
    device = Device.get(Device.serial == "PC0X1Y2Z")
    assert (device.donor_asset_tag, device.notes, device.ram_gb, device.category) == (
        "A-001", "Bon", 8, "laptop")


def test_a_mapping_without_a_serial_column_is_refused(client, operator, make, db):
    token = token_of(upload(client, make.donation(), UNKNOWN_COLUMN))
    response = client.post("/imports/%s/mapping" % token, data={"column-2": "make"})
    assert response.status_code == 200 and "flash-error" in response.get_data(as_text=True)


def test_xlsx_with_a_merged_title_and_header_is_read(client, operator, make, db):
    donation = make.donation()
    token = token_of(upload(client, donation, XLSX, category="desktop"))
    client.post("/imports/%s/confirm" % token, data={"skip_errors": "y"})
    assert serials(donation) == ["123456789012", "5CG9304PQR", "PF2XK9LM"]
    probook = Device.get(Device.serial == "5CG9304PQR")
    assert (probook.category, probook.storage_gb, probook.storage_type, probook.screen_inches) == (
        "desktop", 256, "SSD", Decimal("15.6"))  # the file has no category: the one chosen


def test_a_utf16_unicode_text_file_is_read(client, operator, make, db):
    donation = make.donation()
    token = token_of(upload(client, donation, UTF16))
    client.post("/imports/%s/confirm" % token)
    assert serials(donation) == ["R90PQ1AB", "R90PQ1AC"]


@pytest.mark.parametrize("name, content", [
    ("vide.csv", None),
    ("photo_renommee.csv", None),
    ("courrier.docx", None),
    ("aleatoire.csv", None),
    ("bon_de_livraison.csv", None),
    ("sans_entete.csv", None),
    ("utf32.csv", "N° de série;Marque\nABC;HP\n".encode("utf-32")),
    ("blanc.csv", b"\r\n;;;\r\n  \r\n"),
])
def test_files_that_cannot_be_imported_get_a_message_and_change_nothing(
        client, operator, make, db, name, content):
    donation = make.donation()
    response = upload(client, donation, name, content)
    assert response.status_code == 200
    assert '<small class="error" role="alert">' in response.get_data(as_text=True)
    assert ImportFile.select().count() == 0 and Device.select().count() == 0


def test_a_file_over_the_configured_limit_is_refused(app, client, operator, make, db):
    app.config["IMPORT_MAX_BYTES"] = 300
    response = upload(client, make.donation(), CP1252)
    assert response.status_code == 200
    assert '<small class="error" role="alert">' in response.get_data(as_text=True)
    assert ImportFile.select().count() == 0
    app.config["MAX_CONTENT_LENGTH"] = 500  # beyond the request limit: the 413 page
    assert upload(client, make.donation(), CP1252).status_code == 413
    assert ImportFile.select().count() == 0


def test_the_file_waits_in_the_database_not_in_the_cookie(client, operator, make, db):
    token = token_of(upload(client, make.donation(), CP1252))
    assert len(token) >= 40
    kept = ImportFile.get(ImportFile.token == token)
    assert bytes(kept.content) == (DATA / CP1252).read_bytes()
    cookie = client.get_cookie("session")
    assert cookie is None or len(cookie.value) < 1000


def test_old_pending_uploads_are_cleaned_up_and_expired_tokens_refused(client, operator, make,
                                                                       db):
    donation = make.donation()
    old = token_of(upload(client, donation, UTF8))
    two_days_ago = datetime.datetime.utcnow() - datetime.timedelta(days=2)
    ImportFile.update(created_at=two_days_ago).where(ImportFile.token == old).execute()
    assert client.get("/imports/%s" % old).status_code == 404
    assert client.post("/imports/%s/confirm" % old).status_code == 302
    assert Device.select().count() == 0
    token_of(upload(client, donation, CP1252))
    assert ImportFile.select().where(ImportFile.token == old).count() == 0


def test_cancel_drops_the_kept_file(client, operator, make, db):
    donation = make.donation()
    token = token_of(upload(client, donation, UTF8))
    assert client.post("/imports/%s/cancel" % token).status_code == 302
    assert ImportFile.select().count() == 0 and Device.select().count() == 0


def confirm_import(app, barrier, import_id):
    with app.test_request_context(), force_locale("en"), connected():
        barrier.wait(timeout=racers.BARRIER_TIMEOUT)
        try:
            return importing.commit(ImportFile.get_by_id(import_id), None).added
        except importing.AlreadyImported:
            return "already"


def test_confirming_twice_at_once_imports_once(app, make, db):
    donation = make.donation()
    with app.test_request_context():
        kept = importing.start(donation, UTF8, (DATA / UTF8).read_bytes(), None)
    results = racers.in_threads(app, confirm_import, [(kept.id,)] * 2)
    assert sorted(results, key=str) == [4, "already"]
    assert len(serials(donation)) == 4


@pytest.mark.parametrize("value", [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<b>gras</b>",
    # Make and model are printed, so only what the documents' font draws (test_unicode_documents).
    "Ωμέγα \u202eTXT",
])
def test_hostile_cells_are_shown_as_text(client, operator, make, db, value):
    from markupsafe import escape
    donation = make.donation()
    lines = io.StringIO()
    csv.writer(lines, delimiter=";").writerows([["Serial", "Make", "Model", "Notes"],
                                                ["SN-1", value, value, value]])
    content = lines.getvalue().encode("utf-8")
    token = token_of(upload(client, donation, "hostile.csv", content))
    preview = client.get("/imports/%s?show=all" % token).get_data(as_text=True)
    assert value not in preview or value == str(escape(value))
    assert str(escape(value)) in preview
    done = client.post("/imports/%s/confirm" % token)
    received = client.get(done.headers["Location"]).get_data(as_text=True)
    assert str(escape(value)) in received
    assert Device.get(Device.serial == "SN-1").make == value


def test_cells_too_long_for_the_record_are_problems_of_their_row(client, operator, make, db):
    content = ("Serial;Make\nSN-1;%s\nSN-2;HP\n" % ("M" * 101)).encode()
    token = token_of(upload(client, make.donation(), "long.csv", content))
    assert 'class="row-error"' in client.get("/imports/%s" % token).get_data(as_text=True)
    client.post("/imports/%s/confirm" % token)
    assert Device.select().count() == 0


@pytest.mark.parametrize("role", ["technician", "viewer"])
def test_only_the_office_imports(client, login, make, db, role):
    login(role)
    assert upload(client, make.donation(), UTF8).status_code == 403
    assert ImportFile.select().count() == 0


# The command line: the same use case.

def cli(runner, donation, name, *options):
    return runner.invoke(args=["import", "--donation", str(donation.id), *options,
                               str(DATA / name)])


def test_cli_refuses_a_file_with_problems_unless_told(runner, make, db):
    donation = make.donation()
    result = cli(runner, donation, CP1252)
    assert result.exit_code != 0
    assert "line 7" in result.output and "line 8" in result.output
    assert Device.select().count() == 0 and ImportFile.select().count() == 0
    result = cli(runner, donation, CP1252, "--skip-errors")
    assert result.exit_code == 0, result.output
    assert "Imported 4 devices" in result.output
    assert serials(donation) == ["3CQ9071KLM", "5CG8251XYZ", "CZC7123ABC", "PF1ABCD2"]
    again = cli(runner, donation, CP1252, "--skip-errors")
    assert again.exit_code == 0
    assert len(serials(donation)) == 4
    assert "Imported" not in again.output


def test_cli_dry_run_changes_nothing(runner, make, db):
    donation = make.donation()
    result = cli(runner, donation, UTF8, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "4 devices would be added" in result.output
    assert Device.select().count() == 0 and ImportFile.select().count() == 0


def test_cli_maps_unknown_columns(runner, make, db):
    donation = make.donation()
    plain = cli(runner, donation, UNKNOWN_COLUMN)
    assert plain.exit_code == 0, plain.output
    assert 'Column "Réf. interne" is not recognised' in plain.output
    other = make.donation()
    ImportFile.delete().execute()
    mapped = cli(runner, other, UNKNOWN_COLUMN, "--map", "Réf. interne=donor_asset_tag",
                 "--map", "État=notes")
    assert mapped.exit_code == 0, mapped.output
    # Serials already imported above: the mapping is used, nothing is added twice.
    assert "Nothing new to add" in mapped.output
    assert serials(other) == []


@pytest.mark.parametrize("options, message", [
    (["--map", "Inconnue=serial"], "no column"),
    (["--map", "État=colour"], "not a field"),
    (["--map", "sans égal"], "HEADER=FIELD"),
])
def test_cli_explains_bad_maps(runner, make, db, options, message):
    result = cli(runner, make.donation(), UNKNOWN_COLUMN, *options)
    assert result.exit_code != 0
    assert message.lower() in result.output.lower()
    assert Device.select().count() == 0


def test_cli_refuses_unknown_donation_and_unreadable_files(runner, make, db):
    donation = make.donation()
    missing = runner.invoke(args=["import", "--donation", "999", str(DATA / UTF8)])
    assert missing.exit_code != 0 and "999" in missing.output
    for name in ("vide.csv", "photo_renommee.csv", "courrier.docx"):
        result = cli(runner, donation, name)
        assert result.exit_code != 0 and "Traceback" not in result.output
    assert Device.select().count() == 0 and ImportFile.select().count() == 0
