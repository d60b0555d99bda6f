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
from ..devices.forms import CATEGORY_LABELS, DeviceForm
from ..hotline.forms import ACCESSORY_LABELS
from ..workshop.triage import DECISION_LABELS
from ..models import Device, Donation, Event

bp = Blueprint("devices", __name__)

# Moves that need more than a tap (a form of their own) go to these endpoints.
MOVE_FORMS = {"recycled": "recycling.device", "parts": "workshop.parts",
              "reserved": "requests.device", "handed_over": "handovers.new",
              "returned": "handovers.give_back"}


# Moves that belong to a panel's own button: ending a reservation also puts the
# request back on the waiting list, which the handovers panel does.
PANEL_MOVES = {("reserved", "ready")}


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
                           statuses=lifecycle.STATES, label=lifecycle.label,
                           categories=CATEGORY_LABELS,
                           donations=recent_donations(query.donation))


def recent_donations(selected, count=60):
    """The donations offered in the filter: the latest ones, and the one chosen."""
    donations = list(Donation.select(Donation.id, Donation.reference, Donation.received_on)
                     .order_by(Donation.received_on.desc(), Donation.id.desc()).limit(count))
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


def moves_for(device):
    """The moves this user may make now, as (status, label, endpoint or None)."""
    role, views = current_user.role, current_app.view_functions
    moves = []
    for status in lifecycle.allowed_moves(device.status):
        if (device.status, status) in PANEL_MOVES:
            continue
        endpoint = MOVE_FORMS.get(status)
        if role not in permissions.MOVE_ROLES.get(status, ()):
            continue
        if endpoint and (endpoint not in views or not permissions.allowed(endpoint, "GET", role)):
            continue  # the form this move needs is not there for this user
        moves.append((status, lifecycle.MOVE_LABELS[status], endpoint))
    return moves


@bp.route("/d/<tag>")
def show(tag):
    device = Device.by_tag(tag)
    if device is None:
        return render_template("devices/unknown.html", tag=asset_tags.normalise(tag),
                               reserved=asset_tags.reserved_number(tag)), 404
    if device.asset_tag != tag:
        return redirect(url_for("devices.show", tag=device.asset_tag))
    return render_template("devices/show.html", device=device, moves=moves_for(device),
                           events=list(Event.history(device)), label=lifecycle.label,
                           categories=CATEGORY_LABELS, decisions=DECISION_LABELS,
                           accessories=ACCESSORY_LABELS)


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
        flash(_("Now: %(status)s.", status=lifecycle.label(target)), "success")
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
