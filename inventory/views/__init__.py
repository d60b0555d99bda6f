"""One blueprint per area, and what every template needs."""
from flask import current_app, flash
from flask_babel import format_decimal, get_locale, lazy_gettext as _l
from flask_login import current_user

from .. import permissions
from ..forms import ROLE_LABELS

def refused(error):
    """Flash a use case's refusal: its one message, or each reason a lifecycle move gave."""
    for reason in getattr(error, "reasons", None) or [error]:
        flash(str(reason), "error")


# The menu, in order; each entry shows only to roles that may open it.
NAV = (
    ("main.home", _l("Home")),
    ("scan.scan", _l("Scan")),
    ("devices.index", _l("Devices")),
    ("donors.index", _l("Donors")),
    ("requests.index", _l("Requests")),
    ("partners.index", _l("Partners")),
    ("beneficiaries.index", _l("Beneficiaries")),
    ("recycling.index", _l("Recycling")),
    ("workshop.loose_drives", _l("Loose drives")),
    ("documents.index", _l("Documents")),
    ("admin.index", _l("Settings")),
    ("users.index", _l("Accounts")),
)


def nav_links():
    role = current_user.role if current_user.is_authenticated else None
    endpoints = current_app.view_functions
    return [(endpoint, text) for endpoint, text in NAV
            if endpoint in endpoints and permissions.allowed(endpoint, "GET", role)]


def register_blueprints(app):
    from . import (admin, auth, beneficiaries, dashboard, devices, documents, donor_link, donors,
                   handovers, imports, jobs, labels, main, partners, recycling, requests, scan,
                   users, verify, workshop)
    for module in (auth, main, users, devices, scan, donors, imports, labels, workshop, recycling,
                   partners, requests, beneficiaries, handovers, documents, donor_link, verify,
                   dashboard, admin, jobs):
        app.register_blueprint(module.bp)

    @app.context_processor
    def _helpers():
        return {"nav_links": nav_links, "role_label": lambda role: ROLE_LABELS.get(role, role),
                "locale": str(get_locale() or "fr"), "can": _can, "number": format_decimal}


def _can(endpoint, method="GET"):
    """Whether the current user may use endpoint: templates hide what would be refused."""
    role = current_user.role if current_user.is_authenticated else None
    return permissions.allowed(endpoint, method, role)
