"""The device list, the device page, its moves and its edits."""
from flask import (
    Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..devices import tags as asset_tags, search as device_search
from .. import lifecycle, permissions
from .. import jobs
from ..devices import export as device_export
from ..devices.edit import edit_device
from ..errors import Refused
from ..forms import posted_version
from . import get_device, refused
from ..devices.page import MOVE_FORMS, device_page
from ..vocabulary import term, terms
from ..devices.forms import DeviceForm
from ..models import Device, Donation

bp = Blueprint("devices", __name__)


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
    donations = list(Donation.latest(count))
    if selected and selected not in {d.id for d in donations}:
        donations += list(Donation.select().where(Donation.id == selected))
    return donations


@bp.route("/devices/export.<any(csv, xlsx):format>")
def export(format):
    query = device_search.DeviceQuery.from_args(request.args)
    semicolon = request.args.get("sep") == "semicolon"
    if device_search.count(query) > current_app.config["EXPORT_INLINE_ROWS"]:
        job = jobs.start("device_export", current_user.id, format=format, semicolon=semicolon,
                         args=list(request.args.items(multi=True)))
        return redirect(url_for("jobs.show", job_id=job.id))
    filename, mimetype, pieces = device_export.export(query, format, semicolon)
    return Response(b"".join(pieces), mimetype=mimetype, headers={
        "Content-Disposition": 'attachment; filename="%s"' % filename})


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
    try:
        device.version = posted_version(request.form.get("version"))
        lifecycle.move(device, target, current_user.id, note=request.form.get("note", "")[:500])
    except Refused as error:
        refused(error)
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
            changed = edit_device(device, current_user.id, form.version.seen(), form.changes())
        except lifecycle.StaleVersion as stale:
            refused(stale)
            form = DeviceForm(formdata=None)
            form.fill_from(Device.get_by_id(device.id))
            return render_template("devices/edit.html", device=device, form=form), 409
        flash(_("Saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("devices.show", tag=device.asset_tag))
    return render_template("devices/edit.html", device=device, form=form)
