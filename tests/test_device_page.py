"""The device page: its data read in one place, in a fixed number of queries, in plain words."""
import pytest

from inventory.devices.edit import edit_device


@pytest.mark.parametrize("language, line", [
    ("fr", "Fiche modifiée: Processeur, Emplacement"),
    ("en", "Record edited: Processor, Location"),
])
def test_the_history_names_the_edited_fields_in_the_page_language(client, login, make, db,
                                                                   language, line):
    device = make.device()
    edit_device(device, None, device.version, {"cpu": "i5-8350U", "location": "Étagère 3"})
    login("viewer")
    client.post("/language", data={"language": language})
    page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert line in " ".join(page.split())
    assert "cpu, location" not in page


def test_the_history_gives_an_erasure_result_in_words(client, login, make, db):
    device = make.device("triage")
    make.erase(device, drive_serial="SER-9", result="failed")
    login("viewer")
    page = " ".join(client.get("/d/%s" % device.asset_tag).get_data(as_text=True).split())
    assert "Effacement enregistré: SER-9 (échoué)" in page and "(failed)" not in page
