"""The waiting list, a request with the devices that fit it, reservation and cancellation."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from .. import lifecycle
from ..hotline import matching, requests as use_cases
from ..hotline.beneficiaries import search as beneficiaries
from ..hotline.forms import ReserveForm, RequestForm
from ..models import REQUEST_STATUSES, Device, Partner, Request
from ..vocabulary import term
from . import refused

bp = Blueprint("requests", __name__)

def get_request(request_id):
    return Request.get_or_none(Request.id == request_id) or abort(404)


def _form(obj=None):
    form = RequestForm(obj=obj)
    form.fill_choices(Partner.select().order_by(Partner.name), beneficiaries())
    return form


@bp.route("/requests")
def index():
    status = request.args.get("status", "waiting")
    if status not in REQUEST_STATUSES:
        status = "waiting"
    items = use_cases.waiting_list(status).limit(500)
    return render_template("requests/index.html", items=items, status=status,
                           all_statuses=REQUEST_STATUSES)


@bp.route("/requests/new", methods=["GET", "POST"])
def new():
    form = _form()
    if request.method == "GET":
        form.partner.data = request.args.get("partner", type=int)
    if form.validate_on_submit():
        try:
            item = use_cases.create_request(current_user.id, **form.values())
        except use_cases.RequestError as error:
            refused(error)
        else:
            flash(_("Request #%(id)d added to the waiting list.", id=item.id), "success")
            return redirect(url_for("requests.show", request_id=item.id))
    return render_template("requests/edit.html", form=form, item=None)


@bp.route("/requests/<int:request_id>")
def show(request_id):
    item = get_request(request_id)
    matches = matching.matches(item) if item.status == "waiting" else []
    device = Device.get_by_id(item.device_id) if item.device_id else None
    return render_template("requests/show.html", item=item, matches=matches, device=device)


@bp.route("/requests/<int:request_id>/edit", methods=["GET", "POST"])
def edit(request_id):
    item = get_request(request_id)
    form = _form(obj=item)
    if request.method == "GET":
        form.partner.data, form.beneficiary.data = item.partner_id, item.beneficiary_id
        form.version.data = item.version
    elif form.validate_on_submit():
        try:
            use_cases.update_request(item, int(form.version.data or 0), **form.values())
        except (use_cases.RequestError, lifecycle.MoveRefused) as error:
            refused(error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("requests.show", request_id=item.id))
    return render_template("requests/edit.html", form=form, item=item)


def _post_action(request_id, action, done):
    item = get_request(request_id)
    try:
        action(item, request.form.get("version", type=int), current_user.id)
    except (use_cases.RequestError, lifecycle.MoveRefused) as error:
        refused(error)
    else:
        flash(done, "success")
    return redirect(url_for("requests.show", request_id=item.id))


@bp.route("/requests/<int:request_id>/reserve", methods=["POST"])
def reserve(request_id):
    item = get_request(request_id)
    device = Device.get_or_none(Device.id == request.form.get("device", type=int)) or abort(404)
    device.version = request.form.get("device_version", type=int) or device.version
    item.version = request.form.get("version", type=int) or item.version
    try:
        use_cases.reserve(device, item, current_user.id)
    except (use_cases.RequestError, lifecycle.MoveRefused) as error:
        refused(error)
        return redirect(url_for("requests.show", request_id=item.id))
    flash(_("%(tag)s is reserved for request #%(id)d.", tag=device.asset_tag, id=item.id),
          "success")
    return redirect(url_for("devices.show", tag=device.asset_tag))


@bp.route("/requests/<int:request_id>/release", methods=["POST"])
def release(request_id):
    return _post_action(request_id, use_cases.release,
                        _("The reservation is cancelled: the request waits again."))


@bp.route("/requests/<int:request_id>/cancel", methods=["POST"])
def cancel(request_id):
    return _post_action(request_id, use_cases.cancel, _("The request is cancelled."))


@bp.route("/d/<tag>/reserve", methods=["GET", "POST"])
def device(tag):
    """The device page's Reserve: for one of the waiting requests of its kind, or directly."""
    device = Device.by_tag(tag) or abort(404)
    form = ReserveForm()
    waiting = list(use_cases.waiting_list().where(Request.category == device.category).limit(200))
    form.request.choices = [SelectChoice(0, _("Without a request"))] + [
        SelectChoice(r.id, "#%d · %s · %s" % (r.id, term("priority", r.priority), r.partner.name))
        for r in waiting]
    if request.method == "GET":
        form.version.data = device.version
        form.request.data = waiting[0].id if waiting else 0
    elif form.validate_on_submit():
        device.version = int(form.version.data or 0)
        try:
            if form.request.data:
                use_cases.reserve(device, get_request(form.request.data), current_user.id)
            else:
                use_cases.reserve_directly(device, current_user.id)
        except (use_cases.RequestError, lifecycle.MoveRefused) as error:
            refused(error)
        else:
            flash(_("Now: %(status)s.", status=term("status", "reserved")), "success")
            return redirect(url_for("devices.show", tag=device.asset_tag))
    return render_template("requests/reserve.html", form=form, device=device,
                           can_reserve=device.status == "ready")
