"""Records and racers for the hotline's tests: ready devices with specs, handovers, races."""
import datetime
import traceback

from inventory import create_app, lifecycle
from inventory.db import connected
from inventory.hotline.handover import HandoverError, hand_over
from inventory.models import Beneficiary, Device, Request, User
from inventory.hotline.requests import RequestError, reserve


def ready_device(make, category="laptop", donor_kind="company", received_days_ago=0, **specs):
    """A ready device of category with specs, given by a donor of donor_kind."""
    donation = make.donation(donor=make.donor(kind=donor_kind))
    device = make.device("ready", donation=donation, category=category)
    specs["received_at"] = datetime.datetime(2026, 1, 1) - datetime.timedelta(
        days=received_days_ago)
    with connected():
        Device.update(**specs).where(Device.id == device.id).execute()
        return Device.get_by_id(device.id)


def handed_over(make, app, beneficiary=None, operator=None, **options):
    """A device handed over to beneficiary (a new one by default); returns the handover."""
    device = ready_device(make)
    beneficiary = beneficiary or make.beneficiary()
    operator = operator or make.user("operator")
    with app.test_request_context(), connected():
        return hand_over(Device.get_by_id(device.id), Beneficiary.get_by_id(beneficiary.id),
                         operator, **options)


def _outcome(action):
    try:
        action()
    except (lifecycle.MoveRefused, HandoverError, RequestError):
        return "refused"
    except Exception:  # noqa: BLE001 — the test reports it
        return "error: " + traceback.format_exc()
    return "won"


def race(app, what, device_id, other_id, user_id, barrier):
    """One racer: reserve device for request other_id, or hand it to beneficiary other_id."""
    with app.test_request_context(), connected():
        device, user = Device.get_by_id(device_id), User.get_by_id(user_id)
        if what == "reserve":
            request = Request.get_by_id(other_id)
            barrier.wait(timeout=30)
            return _outcome(lambda: reserve(device, request, user))
        beneficiary = Beneficiary.get_by_id(other_id)
        barrier.wait(timeout=30)
        return _outcome(lambda: hand_over(device, beneficiary, user))


def race_in_process(config, what, device_id, other_id, user_id, barrier, results):
    """Entry point of a racing process: its own app and connection."""
    results.put(race(create_app(config), what, device_id, other_id, user_id, barrier))
