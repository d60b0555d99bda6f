"""One refusal type: every domain refusal is an errors.Refused with its reasons."""
import html

import pytest
from flask_babel import lazy_gettext as _l

from inventory import lifecycle
from inventory.accounts import AccountError
from inventory.auth import Throttled
from inventory.dashboard.targets import TargetError
from inventory.devices.scanning import ScanError
from inventory.documents.issuing import CertificateError
from inventory.errors import Refused
from inventory.forms import UnreadableVersion
from inventory.hotline.beneficiaries import BeneficiaryError
from inventory.hotline.handover import HandoverError
from inventory.hotline.privacy import PrivacyError
from inventory.hotline.requests import RequestError
from inventory.intake.donors import DonorError
from inventory.intake.importing import AlreadyImported, ImportRefused
from inventory.intake.receive import IntakeError
from inventory.intake.spreadsheet.reading import SpreadsheetError
from inventory.labels.printing import LabelError
from inventory.permissions import PERMISSIONS, STAFF
from inventory.workshop.common import WorkshopError
from inventory.workshop.nwipe import NwipeLogError

DOMAIN_REFUSALS = [
    AccountError, HandoverError, RequestError, PrivacyError, BeneficiaryError, WorkshopError,
    lifecycle.MoveRefused, lifecycle.StaleVersion, UnreadableVersion, TargetError, IntakeError,
    ImportRefused, AlreadyImported, DonorError, ScanError, CertificateError, LabelError,
    SpreadsheetError, NwipeLogError, Throttled,
]


@pytest.mark.parametrize("refusal", DOMAIN_REFUSALS, ids=lambda cls: cls.__name__)
def test_every_domain_refusal_is_one_refused(refusal):
    assert issubclass(refusal, Refused)


def test_a_refusal_joins_its_reasons_and_keeps_those_about_a_field(english):
    refused = Refused(_l("Choose the kind of donor."),
                      fields={"siret": _l("A SIRET has 14 digits.")})
    assert [str(r) for r in refused.reasons] == ["Choose the kind of donor.",
                                                 "A SIRET has 14 digits."]
    assert str(refused) == "Choose the kind of donor.; A SIRET has 14 digits."
    assert list(refused.fields) == ["siret"]


@pytest.mark.parametrize("raised, status, shown", [
    (lambda: Refused(_l("Unknown category.")), 400, "Catégorie inconnue."),
    (lambda: Throttled(300), 429, "5 minutes"),
    (lambda: lifecycle.StaleVersion(), 409, "Quelqu'un a modifié cette fiche entre-temps"),
], ids=["refused", "login-locked", "stale"])
def test_a_refusal_no_view_catches_gets_its_status_and_says_why(app, client, login, raised,
                                                                 status, shown):
    def fail():
        raise raised()
    app.add_url_rule("/refuse", "refuse", fail)
    PERMISSIONS["refuse"] = (STAFF, STAFF)
    try:
        login("viewer")
        response = client.get("/refuse")
    finally:
        del PERMISSIONS["refuse"]
    assert response.status_code == status
    assert shown in html.unescape(response.get_data(as_text=True))
