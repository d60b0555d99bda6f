"""Partners and their requests: the waiting list, reservation of a device, cancellation."""
from flask_babel import lazy_gettext as _l

from .. import lifecycle
from ..db import database
from ..errors import Refused
from ..models import CATEGORIES, KEYBOARD_LAYOUTS, PARTNER_KINDS, Beneficiary, Device, Partner, Request

PRIORITIES = (1, 2, 3)  # urgent, normal, low
OPEN_STATUSES = ("waiting", "reserved")
PARTNER_FIELDS = ("name", "kind", "contact_name", "contact_email", "contact_phone", "town",
                  "notes")
REQUEST_FIELDS = ("partner", "beneficiary", "category", "min_ram_gb", "min_storage_gb",
                  "needs_webcam", "keyboard_layout", "note", "priority")


class RequestError(Refused):
    """Refused partner, request or reservation."""


def save_partner(partner, **fields):
    """Create (partner None) or change a partner; return it."""
    values = {name: (fields.get(name) or "").strip() for name in PARTNER_FIELDS}
    if not values["name"]:
        raise RequestError(_l("The partner's name is needed."))
    if values["kind"] not in PARTNER_KINDS:
        raise RequestError(_l("Choose the kind of partner."))
    if values["contact_email"] and "@" not in values["contact_email"]:
        raise RequestError(_l("The e-mail address looks wrong."))
    if partner is None:
        return Partner.create(**values)
    Partner.update(**values).where(Partner.id == partner.id).execute()
    return Partner.get_by_id(partner.id)


def _need_values(fields):
    values = {name: fields.get(name) for name in REQUEST_FIELDS}
    if not isinstance(values["partner"], Partner):
        values["partner"] = Partner.get_or_none(Partner.id == values["partner"])
    if values["partner"] is None:
        raise RequestError(_l("Choose the partner."))
    beneficiary = values["beneficiary"]
    if beneficiary is not None and not isinstance(beneficiary, Beneficiary):
        beneficiary = Beneficiary.get_or_none(Beneficiary.id == beneficiary)
    if beneficiary is not None and beneficiary.erased_at is not None:
        raise RequestError(_l("This beneficiary's data was erased."))
    values["beneficiary"] = beneficiary
    if values["category"] not in CATEGORIES:
        raise RequestError(_l("Choose the kind of device."))
    for name in ("min_ram_gb", "min_storage_gb"):
        if values[name] is not None and not 0 <= values[name] <= 100000:
            raise RequestError(_l("Memory and storage are whole numbers of GB."))
    values["keyboard_layout"] = values["keyboard_layout"] or ""
    if values["keyboard_layout"] and values["keyboard_layout"] not in KEYBOARD_LAYOUTS:
        raise RequestError(_l("Unknown keyboard layout."))
    values["priority"] = int(values["priority"] or 2)
    if values["priority"] not in PRIORITIES:
        raise RequestError(_l("Unknown priority."))
    values["needs_webcam"] = bool(values["needs_webcam"])
    values["note"] = (values["note"] or "").strip()
    return values


def create_request(user, **fields):
    """Record a partner's request; it joins the waiting list."""
    return Request.create(created_by=user, **_need_values(fields))


def update_request(request, version, **fields):
    """Change an open request's need, from the version the operator saw."""
    values = _need_values(fields)
    updated = (Request.update(version=Request.version + 1, **values)
               .where((Request.id == request.id) & (Request.version == version)
                      & Request.status.in_(OPEN_STATUSES)).execute())
    if updated != 1:
        raise lifecycle.StaleVersion()
    return Request.get_by_id(request.id)


def waiting_list(status="waiting"):
    """Requests with status, the most urgent first, then the oldest."""
    return (Request.select(Request, Partner).join(Partner).switch(Request)
            .where(Request.status == status)
            .order_by(Request.priority, Request.created_at, Request.id))


def reservation_of(device):
    """The request device is reserved for, if any."""
    return (Request.select().where((Request.device == device.id) & (Request.status == "reserved"))
            .order_by(Request.id.desc()).first())


def reserve(device, request, user):
    """Reserve device for request: both become reserved, or neither (one wins a race)."""
    if device.category != request.category:
        raise RequestError(_l("This device is not of the kind the request asks for."))
    with database.atomic():
        # A request left pointing at this device by a reservation undone elsewhere lets go of it.
        (Request.update(status="waiting", device=None, version=Request.version + 1)
         .where((Request.device == device.id) & (Request.status == "reserved")
                & (Request.id != request.id)).execute())
        updated = (Request.update(status="reserved", device=device.id, version=Request.version + 1)
                   .where((Request.id == request.id) & (Request.version == request.version)
                          & (Request.status == "waiting")).execute())
        if updated != 1:
            raise lifecycle.StaleVersion()
        lifecycle.move(device, "reserved", user, kind="assignment", data={"request": request.id})
    request.status, request.device, request.version = "reserved", device.id, request.version + 1


def reserve_directly(device, user):
    """Reserve device without a request (the beneficiary is chosen at the handover)."""
    lifecycle.move(device, "reserved", user, kind="assignment")


def _free_device(request, user):
    """Put the request's reserved device back to ready, unless it moved on meanwhile."""
    if request.device_id is None:
        return
    device = Device.get_by_id(request.device_id)
    if device.status == "reserved":
        lifecycle.move(device, "ready", user, kind="assignment",
                       data={"request": request.id, "released": True})


def _close(request, version, to_status, user):
    with database.atomic():
        fresh = Request.get_by_id(request.id)
        if fresh.version != version:
            raise lifecycle.StaleVersion()
        if fresh.status not in OPEN_STATUSES:
            raise RequestError(_l("This request is already closed."))
        if to_status == "waiting" and fresh.status != "reserved":
            raise RequestError(_l("This request has no reserved device."))
        updated = (Request.update(status=to_status, device=None, version=Request.version + 1)
                   .where((Request.id == request.id) & (Request.version == version)).execute())
        if updated != 1:
            raise lifecycle.StaleVersion()
        if fresh.status == "reserved":
            _free_device(fresh, user)
    return Request.get_by_id(request.id)


def release(request, version, user):
    """Cancel the reservation: the request waits again and its device is ready again."""
    return _close(request, version, "waiting", user)


def cancel(request, version, user):
    """Cancel the request; a device reserved for it goes back to ready."""
    return _close(request, version, "cancelled", user)
