"""Two admins taking each other's admin rights at the same moment, in threads or processes."""
import traceback

from inventory import create_app
from inventory.accounts import AccountError, update_user
from inventory.db import connected
from inventory.models import User


def take_admin_rights(app, target_id, change, barrier):
    """Demote or deactivate the target admin once all racers are ready; 'won', 'refused' or error."""
    with app.test_request_context(), connected():
        target = User.get_by_id(target_id)
        role, active = ("operator", True) if change == "demote" else ("admin", False)
        barrier.wait(timeout=30)
        try:
            update_user(target, role, active, target.display_name)
        except AccountError:
            return "refused"
        except Exception:  # noqa: BLE001 — the test reports it as a failure
            return "error: " + traceback.format_exc()
        return "won"


def in_process(config, target_id, change, barrier, results):
    """Entry point of a racing process: its own app, its own connection."""
    app = create_app(config)
    results.put(take_admin_rights(app, target_id, change, barrier))
