"""Two admins demoting (or deactivating) each other at once: one active admin always stays.

On PostgreSQL each transaction reads a snapshot taken before the other commits, so a check
that only reads "is there another active admin?" lets both succeed; the rows must be locked.
"""
import pytest

from inventory.accounts import update_user
from inventory.models import User

from .racers import in_processes, in_threads, take_admin_rights

ROUNDS = 8
PROCESS_ROUNDS = 2  # a process costs seconds to start; the threads repeat more


def active_admins():
    return list(User.select().where((User.role == "admin") & User.active).order_by(User.id))


def two_admins(make):
    """Two new admins, the only ones: an earlier round's survivor steps down, as an admin would."""
    first, second = make.user("admin"), make.user("admin")
    with make.app.test_request_context():
        for admin in active_admins():
            if admin.id not in (first.id, second.id):
                update_user(admin, "viewer", True, admin.display_name)
    # Another member of staff, who must come out untouched.
    operator = make.user("operator")
    return first, second, operator


def check_outcome(results, operator):
    assert [r for r in results if r.startswith("error")] == []
    assert sorted(results) == ["refused", "won"]
    assert len(active_admins()) == 1
    stored = User.get_by_id(operator.id)
    assert (stored.role, stored.active) == ("operator", True)


@pytest.mark.parametrize("change", ["demote", "deactivate"])
def test_two_admins_in_threads_keep_one_active_admin(app, make, db, change):
    for _ in range(ROUNDS):
        first, second, operator = two_admins(make)
        results = in_threads(app, take_admin_rights, [(first.id, change), (second.id, change)])
        check_outcome(results, operator)


@pytest.mark.parametrize("change", ["demote", "deactivate"])
def test_two_admins_in_processes_keep_one_active_admin(app, app_config, make, db, change):
    for _ in range(PROCESS_ROUNDS):
        first, second, operator = two_admins(make)
        results = in_processes(app_config, take_admin_rights,
                               [(first.id, change), (second.id, change)])
        check_outcome(results, operator)
