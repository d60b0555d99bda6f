"""Staff accounts: create, change, deactivate; the last admin stays."""
from flask_babel import lazy_gettext as _l

from .auth import end_sessions
from .db import database, is_sqlite
from .errors import Refused
from .forms import MIN_PASSWORD
from .models import ROLES, User


class AccountError(Refused):
    """A change to an account that is refused."""


def _check_password(password):
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(_l("The password needs at least %(min)d characters.", min=MIN_PASSWORD))


def create_user(username, password, role, display_name=""):
    username = (username or "").strip().lower()
    if not username:
        raise AccountError(_l("A user name is needed."))
    if role not in ROLES:
        raise AccountError(_l("Unknown role: %(role)s.", role=role))
    _check_password(password)
    with database.atomic():
        if User.select().where(User.username == username).exists():
            raise AccountError(_l("The user name %(name)s is taken.", name=username))
        user = User(username=username, role=role, display_name=display_name or "")
        user.set_password(password)
        user.save()
    return user


def _lock_active_admins():
    """Ids of the active admins, locked until the transaction ends (call inside one).

    Two admins demoting each other at once must not both succeed: on PostgreSQL each
    would read the other still an admin, so the rows are locked (in id order, so two
    transactions queue instead of deadlocking) and re-read once the other one commits.
    SQLite needs no lock: BEGIN IMMEDIATE (see db.open_database) already makes
    writers wait for each other before they read anything.
    """
    query = (User.select(User.id).where((User.role == "admin") & User.active)
             .order_by(User.id))
    if not is_sqlite():
        query = query.for_update()
    return {row.id for row in query}


def update_user(user, role, active, display_name, password=""):
    """Change role, activity, name or password; deactivation ends every session."""
    if role not in ROLES:
        raise AccountError(_l("Unknown role: %(role)s.", role=role))
    if password:
        _check_password(password)
    with database.atomic():
        # What is stored now counts, not the user as the form loaded it.
        admins = _lock_active_admins()
        losing_admin = user.id in admins and (role != "admin" or not active)
        if losing_admin and not admins - {user.id}:
            raise AccountError(_l("This is the last active administrator: make another one "
                                  "first."))
        ends_sessions = (user.active and not active) or bool(password)
        user.role, user.active, user.display_name = role, active, display_name or ""
        if password:
            user.set_password(password)
        user.save()
        if ends_sessions:
            end_sessions(user)
    return user


def change_password(user, current, new):
    if not user.check_password(current):
        raise AccountError(_l("The current password is wrong."))
    _check_password(new)
    with database.atomic():
        user.set_password(new)
        user.save()
        end_sessions(user)
    return user
