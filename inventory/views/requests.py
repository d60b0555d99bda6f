"""The waiting list, a request with the devices that fit it, reservation and cancellation."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404
from wtforms.fields.choices import SelectChoice

from ..errors import Refused
from ..forms import posted_version
from ..hotline import matching, requests as use_cases
from ..hotline.beneficiaries import search as beneficiaries
from ..hotline.forms import ReserveForm, RequestForm
from ..models import REQUEST_STATUSES, Device, Partner, Request
from . import get_device
from ..vocabulary import term
from . import refused

bp = Blueprint("requests", __name__)

def get_request(request_id):
    return get_object_or_404(Request, Request.id == request_id)


def _form(obj=None):
    form = RequestForm(obj=obj)
    form.fill_choices(Partner.by_name(), beneficiaries())
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
        except Refused as error:
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
            use_cases.update_request(item, form.version.seen(), **form.values())
        except Refused as error:
            refused(error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("requests.show", request_id=item.id))
    return render_template("requests/edit.html", form=form, item=item)


def _post_action(request_id, action, done):
    item = get_request(request_id)
    try:
        action(item, posted_version(request.form.get("version")), current_user.id)
    except Refused as error:
        refused(error)
    else:
        flash(done, "success")
    return redirect(url_for("requests.show", request_id=item.id))


@bp.route("/requests/<int:request_id>/reserve", methods=["POST"])
def reserve(request_id):
    item = get_request(request_id)
    device = get_object_or_404(Device, Device.id == request.form.get("device", type=int))
    try:
        device.version = posted_version(request.form.get("device_version"))
        item.version = posted_version(request.form.get("version"))
        use_cases.reserve(device, item, current_user.id)
    except Refused as error:
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
    device = get_device(tag)
    form = ReserveForm()
    waiting = list(use_cases.waiting_list().where(Request.category == device.category).limit(200))
    form.request.choices = [SelectChoice(0, _("Without a request"))] + [
        SelectChoice(r.id, "#%d · %s · %s" % (r.id, term("priority", r.priority), r.partner.name))
        for r in waiting]
    if request.method == "GET":
        form.version.data = device.version
        form.request.data = waiting[0].id if waiting else 0
    elif form.validate_on_submit():
        try:
            device.version = form.version.seen()
            if form.request.data:
                use_cases.reserve(device, get_request(form.request.data), current_user.id)
            else:
                use_cases.reserve_directly(device, current_user.id)
        except Refused as error:
            refused(error)
        else:
            flash(_("Now: %(status)s.", status=term("status", "reserved")), "success")
            return redirect(url_for("devices.show", tag=device.asset_tag))
    return render_template("requests/reserve.html", form=form, device=device,
                           can_reserve=device.status == "ready")
