"""The device page: its data read in one place, in a fixed number of queries, in plain words."""
import pytest

from inventory.db import connected
from inventory.devices.edit import edit_device
from inventory.devices.page import device_page
from inventory.hotline.handover import record_return
from inventory.hotline.requests import reserve
from inventory.models import Device, ErasureLog

from .factories import handed_over
from .test_devices import count_queries


def in_the_workshop(make, app):
    """Refurbishing, two drives erased (one from an nwipe log), a checklist passed."""
    device = make.device("refurbishing")
    with connected():
        log = ErasureLog.create(filename="nwipe.log", sha256="cd" * 32, content=b"log")
    make.erase(device, make.technician, drive_serial="DRV-A", technique="crypto_erase", log=log)
    make.erase(device, make.technician, drive_serial="DRV-B", method="clear", drive_type="SSD")
    make.check(device)
    return device, None


def given(make, app):
    handover = handed_over(make, app, beneficiary=make.beneficiary(last_name="Durand"))
    with connected():
        return Device.get_by_id(handover.device_id), "Durand"


def given_and_returned(make, app):
    handover = handed_over(make, app, beneficiary=make.beneficiary(last_name="Lefebvre"))
    with app.test_request_context(), connected():
        device = Device.get_by_id(handover.device_id)
        record_return(device, make.technician.id, reason="faulty", condition="worn")
        return Device.get_by_id(device.id), "Lefebvre"


def reserved(make, app):
    device = make.device("ready")
    request = make.request(beneficiary=make.beneficiary(last_name="Moreau"))
    with app.test_request_context(), connected():
        reserve(Device.get_by_id(device.id), request, make.technician.id)
    return device, "Moreau"


# The session's user, the device with its donation and donor, its history, the round's
# erasures (with technicians and log hashes), its latest checklist (with technician and
# version), earlier rounds' erasures counted, parts fitted, handovers (with beneficiaries
# for the roles that see them), the drives taken out of it and the other devices its drives'
# serials were erased on: 10 queries; a reserved device adds its request.
PAGES = [
    (in_the_workshop, "technician", 10), (in_the_workshop, "operator", 10),
    (in_the_workshop, "viewer", 10),
    (given, "technician", 10), (given, "operator", 10), (given, "viewer", 10),
    (given_and_returned, "technician", 10), (given_and_returned, "operator", 10),
    (given_and_returned, "admin", 10),
    (reserved, "technician", 11), (reserved, "operator", 11), (reserved, "viewer", 11),
]


@pytest.mark.parametrize("records, role, queries", PAGES,
                         ids=["%s-%s" % (r.__name__, role) for r, role, _q in PAGES])
def test_the_device_page_reads_a_fixed_number_of_queries(app, client, login, make, monkeypatch,
                                                         records, role, queries):
    device, beneficiary = records(make, app)
    user = login(role)
    counted = count_queries(monkeypatch)
    page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    assert len(counted) == queries, "\n".join(counted)
    monkeypatch.undo()
    if records is in_the_workshop:
        assert "DRV-A" in page and "DRV-B" in page and "cdcdcdcdcdcd" in page
    else:
        assert "Remises" in page  # the hotline panel is there for every role
        assert (beneficiary in page) == (user.role in ("operator", "admin"))


def test_the_page_data_is_built_without_a_request(app, make, db):
    """device_page is a plain function of the device and the user: views, CLI and API alike."""
    device, _name = given_and_returned(make, app)
    viewer, operator = make.user("viewer"), make.user("operator")
    with connected():
        for_viewer, for_operator = device_page(device, viewer), device_page(device, operator)
    assert for_viewer.hotline.personal is False and for_operator.hotline.personal is True
    assert [h.return_reason for h in for_operator.hotline.handovers] == ["faulty"]
    assert for_viewer.moves == [] and [m[0] for m in for_operator.moves] == ["triage"]
    assert [e.kind for e in for_viewer.events][:1] == ["assignment"]
    assert for_viewer.workshop.next_step.endpoint == "workshop.triage"


def test_a_device_with_no_handover_has_no_hotline_panel(app, make, db):
    device = make.device("triage")
    with connected():
        page = device_page(Device.get_by_id(device.id), make.user("operator"))
    assert page.hotline is None


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
