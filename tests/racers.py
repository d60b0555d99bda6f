"""What each racer does, in a thread or in a process of its own."""
import traceback

from inventory import create_app, lifecycle
from inventory.db import connected
from inventory.hotline.handover import HandoverError, hand_over
from inventory.models import Beneficiary, Device, User


def attempt(app, action, device_id, user_id, beneficiary_id, barrier):
    """Run one racer's action against the device; return 'won', 'refused' or an error."""
    with app.test_request_context(), connected():
        device = Device.get_by_id(device_id)
        user = User.get_by_id(user_id)
        beneficiary = Beneficiary.get_by_id(beneficiary_id) if beneficiary_id else None
        barrier.wait(timeout=30)
        try:
            if action == "move":
                lifecycle.move(device, "reserved", user)
            else:
                hand_over(device, beneficiary, user)
        except (lifecycle.MoveRefused, HandoverError):
            return "refused"
        except Exception:  # noqa: BLE001 — the test reports it as a failure
            return "error: " + traceback.format_exc()
        return "won"


def in_process(config, action, device_id, user_id, beneficiary_id, barrier, results):
    """Entry point of a racing process: its own app, its own connection."""
    app = create_app(config)
    results.put(attempt(app, action, device_id, user_id, beneficiary_id, barrier))
