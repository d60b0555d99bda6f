"""One blueprint per area, and what every template needs."""
from flask import current_app
from flask_babel import get_locale, lazy_gettext as _l
from flask_login import current_user

from .. import permissions
from ..forms import ROLE_LABELS

# The menu, in order; each entry shows only to roles that may open it.
NAV = (
    ("main.home", _l("Home")),
    ("scan.scan", _l("Scan")),
    ("devices.index", _l("Devices")),
    ("donors.index", _l("Donors")),
    ("requests.index", _l("Requests")),
    ("users.index", _l("Accounts")),
)


def nav_links():
    role = current_user.role if current_user.is_authenticated else None
    endpoints = current_app.view_functions
    return [(endpoint, text) for endpoint, text in NAV
            if endpoint in endpoints and permissions.allowed(endpoint, "GET", role)]


def register_blueprints(app):
    from . import auth, main, users
    for module in (auth, main, users):
        app.register_blueprint(module.bp)

    @app.context_processor
    def _helpers():
        return {"nav_links": nav_links, "role_label": lambda role: ROLE_LABELS.get(role, role),
                "locale": str(get_locale() or "fr")}
