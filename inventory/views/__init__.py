"""One blueprint per area, the helpers their views share, and what every template needs."""
from flask import Response, abort, current_app, flash
from flask_babel import format_decimal, get_locale, lazy_gettext as _l
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404

from .. import permissions
from ..models import Device, Donation


def refused(error, form=None):
    """Show a refusal once: a reason about one of form's fields under it, the others flashed."""
    field_of = {id(reason): name for name, reason in error.fields.items()}
    for reason in error.reasons:
        name = field_of.get(id(reason))
        if form is not None and name in form:
            form[name].errors = list(form[name].errors) + [str(reason)]
        else:
            flash(str(reason), "error")


def get_device(tag):
    """The device with this asset tag, or a 404."""
    return Device.by_tag(tag) or abort(404)


def get_donation(donation_id):
    return get_object_or_404(Donation, Donation.id == donation_id)


def pdf_response(pdf, filename, inline=False):
    """A PDF download (or, inline, shown in the browser), kept out of caches and search engines."""
    disposition = "inline" if inline else "attachment"
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": '%s; filename="%s"' % (disposition, filename),
        "Cache-Control": "no-store", "X-Robots-Tag": "noindex"})


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
        return {"nav_links": nav_links, "locale": str(get_locale() or "fr"), "can": _can,
                "number": format_decimal}


def _can(endpoint, method="GET"):
    """Whether the current user may use endpoint: templates hide what would be refused."""
    role = current_user.role if current_user.is_authenticated else None
    return permissions.allowed(endpoint, method, role)
