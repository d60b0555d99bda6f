"""The device list, the device page, its moves and its edits."""
from flask import (
    Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ..devices import tags as asset_tags, search as device_search
from .. import export as exporting, lifecycle, localtime, permissions
from ..devices.edit import edit_device
from ..devices.forms import DeviceForm
from ..devices.page import MOVE_FORMS, device_page
from ..models import Device, Donation
from ..vocabulary import term, terms

bp = Blueprint("devices", __name__)


def get_device(tag):
    device = Device.by_tag(tag)
    if device is None:
        abort(404)
    return device


@bp.route("/devices")
def index():
    query = device_search.DeviceQuery.from_args(request.args)
    size = current_app.config["PAGE_SIZE"]
    devices, more = device_search.page(query, size)
    return render_template("devices/index.html", devices=devices, more=more, query=query,
                           statuses=lifecycle.STATES, categories=terms("category"),
                           donations=recent_donations(query.donation))


def recent_donations(selected, count=60):
    """The donations offered in the filter: the latest ones, and the one chosen."""
    donations = list(Donation.select(Donation.id, Donation.reference, Donation.received_on)
                     .order_by(Donation.received_on.desc(), Donation.id.desc()).limit(count))
    if selected and selected not in {d.id for d in donations}:
        donations += list(Donation.select().where(Donation.id == selected))
    return donations


EXPORT_COLUMNS = (
    ("asset_tag", _l("Asset tag")), ("status", _l("Status")), ("category", _l("Category")),
    ("make", _l("Make")), ("model", _l("Model")), ("serial", _l("Serial number")),
    ("donor_asset_tag", _l("Donor's asset tag")), ("cpu", _l("Processor")),
    ("ram_gb", _l("Memory (GB)")), ("storage_type", _l("Storage type")),
    ("storage_gb", _l("Storage (GB)")), ("screen_inches", _l("Screen (inches)")),
    ("grade", _l("Cosmetic grade")), ("location", _l("Location")),
    ("received_at", _l("Received")), ("donor", _l("Donor")), ("donation", _l("Donation")),
)


def export_row(device):
    donation = device.donation if device.donation_id else None
    values = {"status": str(term("status", device.status)),
              "received_at": localtime.local_datetime(device.received_at),
              "donor": donation.donor.name if donation else "",
              "donation": (donation.reference or str(donation.id)) if donation else ""}
    return [values[name] if name in values else getattr(device, name)
            for name, _label in EXPORT_COLUMNS]


@bp.route("/devices/export.<any(csv, xlsx):format>")
def export(format):
    query = device_search.DeviceQuery.from_args(request.args)
    rows = (export_row(d) for d in device_search.select(query).iterator())
    headers = [str(text) for _name, text in EXPORT_COLUMNS]
    stamp = localtime.today().strftime("%Y-%m-%d")
    body, mimetype = exporting.table(headers, rows, format, title=_("Devices"),
                                     semicolon=request.args.get("sep") == "semicolon")
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": 'attachment; filename="devices-%s.%s"' % (stamp, format)})


@bp.route("/d/<tag>")
def show(tag):
    device = Device.by_tag(tag)
    if device is None:
        return render_template("devices/unknown.html", tag=asset_tags.normalise(tag),
                               reserved=asset_tags.reserved_number(tag)), 404
    if device.asset_tag != tag:
        return redirect(url_for("devices.show", tag=device.asset_tag))
    return render_template("devices/show.html", **vars(device_page(device, current_user)))


@bp.route("/d/<tag>/move", methods=["POST"])
def move(tag):
    device = get_device(tag)
    target = request.form.get("to", "")
    if target not in lifecycle.STATES:
        abort(400)
    if current_user.role not in permissions.MOVE_ROLES.get(target, ()):
        abort(403)
    if target in MOVE_FORMS:
        return redirect(url_for(MOVE_FORMS[target], tag=device.asset_tag))
    version = request.form.get("version", type=int)
    if version is not None:
        device.version = version
    try:
        lifecycle.move(device, target, current_user.id, note=request.form.get("note", "")[:500])
    except lifecycle.MoveRefused as refused:
        for reason in refused.reasons:
            flash(str(reason), "error")
    else:
        flash(_("Now: %(status)s.", status=term("status", target)), "success")
    return redirect(url_for("devices.show", tag=device.asset_tag))


@bp.route("/d/<tag>/edit", methods=["GET", "POST"])
def edit(tag):
    device = get_device(tag)
    form = DeviceForm()
    if request.method == "GET":
        form.fill_from(device)
    elif form.validate_on_submit():
        try:
            version = int(form.version.data or 0)
            changed = edit_device(device, current_user.id, version, form.changes())
        except lifecycle.StaleVersion as stale:
            flash(str(stale), "error")
            form = DeviceForm(formdata=None)
            form.fill_from(Device.get_by_id(device.id))
            return render_template("devices/edit.html", device=device, form=form), 409
        flash(_("Saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("devices.show", tag=device.asset_tag))
    return render_template("devices/edit.html", device=device, form=form)
