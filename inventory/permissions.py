"""Who may do what: one table for every endpoint, read by the request guard and the tests.

Each endpoint maps to (roles that may read it with GET/HEAD, roles that may
write to it with POST). PUBLIC needs no login. An endpoint missing from the
table is refused to everybody: a new page is closed until someone says who
may use it.
"""
PUBLIC = "public"

ADMIN = frozenset({"admin"})
OFFICE = frozenset({"admin", "operator"})
WORKSHOP = frozenset({"admin", "operator", "technician"})
STAFF = frozenset({"admin", "operator", "technician", "viewer"})
NOBODY = frozenset()

PERMISSIONS = {
    "static": (PUBLIC, NOBODY),
    "auth.login": (PUBLIC, PUBLIC),
    "auth.logout": (STAFF, STAFF),
    "auth.password": (STAFF, STAFF),
    "auth.language": (PUBLIC, PUBLIC),
    "main.home": (STAFF, NOBODY),
    "users.index": (ADMIN, ADMIN),
    "users.edit": (ADMIN, ADMIN),
    # Devices (issue: intake and device records)
    "devices.index": (STAFF, NOBODY),
    "devices.show": (STAFF, NOBODY),
    "devices.move": (NOBODY, WORKSHOP),
    "devices.edit": (WORKSHOP, WORKSHOP),
    "devices.export": (STAFF, NOBODY),
    # Background jobs: each person sees their own (get_job refuses the others')
    "jobs.show": (STAFF, NOBODY),
    "jobs.download": (STAFF, NOBODY),
    # Donors, donations, receiving, import
    "donors.index": (STAFF, NOBODY),
    "donors.show": (STAFF, NOBODY),
    "donors.new": (OFFICE, OFFICE),
    "donors.edit": (OFFICE, OFFICE),
    "donors.donation": (STAFF, NOBODY),
    "donors.donation_new": (OFFICE, OFFICE),
    "donors.donation_edit": (OFFICE, OFFICE),
    "donors.receive": (OFFICE, OFFICE),
    "donors.received": (OFFICE, NOBODY),
    "imports.upload": (OFFICE, OFFICE),
    "imports.mapping": (OFFICE, OFFICE),
    "imports.preview": (OFFICE, NOBODY),
    "imports.confirm": (NOBODY, OFFICE),
    "imports.cancel": (NOBODY, OFFICE),
    # Labels and scanning
    "labels.sheet": (STAFF, STAFF),
    "labels.blank": (NOBODY, OFFICE),
    "labels.cards": (STAFF, NOBODY),
    "scan.scan": (STAFF, NOBODY),
    "scan.create": (WORKSHOP, WORKSHOP),
    "scan.bulk": (STAFF, WORKSHOP),
    # Workshop: triage, erasure, checklist, recycling
    "workshop.triage": (STAFF, WORKSHOP),
    "workshop.erasure": (STAFF, WORKSHOP),
    "workshop.no_storage": (NOBODY, WORKSHOP),
    "workshop.upload_log": (STAFF, WORKSHOP),
    "workshop.log_drives": (STAFF, WORKSHOP),
    "workshop.log_file": (STAFF, NOBODY),
    "workshop.checklist": (STAFF, WORKSHOP),
    "workshop.all_ok": (NOBODY, WORKSHOP),
    "workshop.os": (STAFF, WORKSHOP),
    "workshop.part_used": (STAFF, WORKSHOP),
    "workshop.parts": (STAFF, WORKSHOP),
    # Drives taken out of a device, erased on their own; the flash-memory exception
    "workshop.remove_drive": (STAFF, WORKSHOP),
    "workshop.loose_drives": (STAFF, NOBODY),
    "workshop.loose_drive": (STAFF, WORKSHOP),
    "workshop.erasure_exception": (ADMIN, ADMIN),
    "recycling.index": (STAFF, WORKSHOP),
    "recycling.batch": (STAFF, NOBODY),
    "recycling.add": (NOBODY, WORKSHOP),
    "recycling.remove": (NOBODY, WORKSHOP),
    "recycling.ship": (NOBODY, WORKSHOP),
    "recycling.device": (STAFF, WORKSHOP),
    "admin.index": (ADMIN, NOBODY),
    "admin.checklist": (ADMIN, ADMIN),
    # Partners, requests, beneficiaries, handovers
    "partners.index": (OFFICE, NOBODY),
    "partners.new": (OFFICE, OFFICE),
    "partners.edit": (OFFICE, OFFICE),
    "requests.index": (OFFICE, NOBODY),
    "requests.new": (OFFICE, OFFICE),
    "requests.show": (OFFICE, NOBODY),
    "requests.edit": (OFFICE, OFFICE),
    "requests.reserve": (NOBODY, OFFICE),
    "requests.release": (NOBODY, OFFICE),
    "requests.cancel": (NOBODY, OFFICE),
    "requests.device": (OFFICE, OFFICE),
    "beneficiaries.index": (OFFICE, NOBODY),
    "beneficiaries.new": (OFFICE, OFFICE),
    "beneficiaries.edit": (OFFICE, OFFICE),
    "beneficiaries.export": (OFFICE, NOBODY),
    "beneficiaries.erase": (NOBODY, OFFICE),
    "handovers.new": (OFFICE, OFFICE),
    "handovers.receipt": (OFFICE, NOBODY),
    "handovers.give_back": (OFFICE, OFFICE),
    "handovers.reopen": (NOBODY, OFFICE),
    "handovers.terms": (ADMIN, NOBODY),
    "handovers.edit_terms": (ADMIN, ADMIN),
    # Documents, verification, donor links, dashboard
    "documents.index": (STAFF, NOBODY),
    "documents.for_donation": (STAFF, NOBODY),
    "documents.issue": (NOBODY, OFFICE),
    "documents.download": (OFFICE, NOBODY),
    "documents.revoke": (NOBODY, OFFICE),
    "verify.show": (PUBLIC, NOBODY),
    "donor_link.show": (PUBLIC, NOBODY),
    "donor_link.document": (PUBLIC, NOBODY),
    "donor_link.manage": (OFFICE, NOBODY),
    "donor_link.create": (NOBODY, OFFICE),
    "donor_link.revoke": (NOBODY, OFFICE),
    "dashboard.targets": (ADMIN, ADMIN),
    "dashboard.target": (ADMIN, ADMIN),
    "dashboard.export": (STAFF, NOBODY),
}

# Which roles may move a device to each status (on top of the endpoint's own rule).
MOVE_ROLES = {
    "triage": WORKSHOP,
    "refurbishing": WORKSHOP,
    "ready": WORKSHOP,
    "recycled": WORKSHOP,
    "parts": WORKSHOP,
    "reserved": OFFICE,
    "handed_over": OFFICE,
    "returned": OFFICE,
}

# Beneficiaries' personal data: shown only to these roles.
PERSONAL_DATA = OFFICE


def allowed(endpoint, method, role):
    """Say whether role (None when not logged in) may call endpoint with method."""
    rule = PERMISSIONS.get(endpoint)
    if rule is None:
        return False
    roles = rule[0] if method in ("GET", "HEAD", "OPTIONS") else rule[1]
    return roles == PUBLIC or (role is not None and role in roles)


def is_public(endpoint, method):
    rule = PERMISSIONS.get(endpoint)
    if rule is None:
        return False
    return (rule[0] if method in ("GET", "HEAD", "OPTIONS") else rule[1]) == PUBLIC


def can(role, *roles_sets):
    return any(role in roles for roles in roles_sets)
