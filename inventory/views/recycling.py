"""Recycling batches, and sending one device to the recycler."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404
from wtforms.fields.choices import SelectChoice

from .. import lifecycle
from ..errors import Refused
from ..workshop import recycling
from ..models import RecyclingBatch
from ..vocabulary import term
from ..workshop.forms import AddDeviceForm, BatchForm, RecycleForm
from . import get_device, refused
from .workshop import back

bp = Blueprint("recycling", __name__)


def get_batch(batch_id):
    return get_object_or_404(RecyclingBatch, RecyclingBatch.id == batch_id)


@bp.route("/recycling", methods=["GET", "POST"])
def index():
    form = BatchForm()
    if form.validate_on_submit():
        try:
            batch = recycling.create_batch(
                current_user.id, form.recycler_name.data, form.recycler_siret.data,
                form.shipped_on.data, form.weight_kg.data, form.waste_slip_reference.data)
        except Refused as error:
            refused(error)
        else:
            flash(_("Batch opened: add its devices, then ship it."), "success")
            return redirect(url_for("recycling.batch", batch_id=batch.id))
    batches = RecyclingBatch.latest()
    open_ids = {b.id for b in recycling.open_batches()}
    return render_template("recycling/index.html", form=form, batches=batches, open_ids=open_ids)


@bp.route("/recycling/<int:batch_id>")
def batch(batch_id):
    batch = get_batch(batch_id)
    return render_template("recycling/batch.html", batch=batch,
                           devices=recycling.batch_devices(batch),
                           shipped=recycling.is_shipped(batch),
                           form=AddDeviceForm(formdata=None))


@bp.route("/recycling/<int:batch_id>/add", methods=["POST"])
def add(batch_id):
    batch = get_batch(batch_id)
    form = AddDeviceForm()
    if form.validate_on_submit():
        try:
            device = recycling.add_device(batch, form.tag.data, current_user.id)
        except Refused as error:
            refused(error)
        else:
            flash(_("%(tag)s added.", tag=device.asset_tag), "success")
    else:
        flash(_("Scan or type an asset tag."), "error")
    return redirect(url_for("recycling.batch", batch_id=batch.id))


@bp.route("/recycling/<int:batch_id>/remove", methods=["POST"])
def remove(batch_id):
    batch = get_batch(batch_id)
    device = get_device(request.form.get("tag", ""))
    try:
        recycling.remove_device(batch, device, current_user.id)
    except Refused as error:
        refused(error)
    else:
        flash(_("%(tag)s taken out of the batch.", tag=device.asset_tag), "success")
    return redirect(url_for("recycling.batch", batch_id=batch.id))


@bp.route("/recycling/<int:batch_id>/ship", methods=["POST"])
def ship(batch_id):
    batch = get_batch(batch_id)
    try:
        count = recycling.ship_batch(batch, current_user.id)
    except Refused as error:
        flash(_("Nothing was shipped:"), "error")
        refused(error)
    else:
        flash(_("Batch shipped: %(count)s devices recycled.", count=count), "success")
    return redirect(url_for("recycling.batch", batch_id=batch.id))


@bp.route("/d/<tag>/recycle", methods=["GET", "POST"])
def device(tag):
    device = get_device(tag)
    form = RecycleForm()
    form.batch.choices = [SelectChoice("", _("None: recycle it now"))] + [
        SelectChoice(str(b.id), "%s · %s · %s" % (b.recycler_name, b.waste_slip_reference,
                                                  b.shipped_on.strftime("%d/%m/%Y")))
        for b in recycling.open_batches()]
    if request.method == "GET":
        form.version.data = str(device.version)
        form.batch.data = str(device.recycling_batch_id or "")
        form.recycler_reference.data = device.recycler_reference
    elif form.validate_on_submit():
        return _recycle(device, form)
    problems = lifecycle.storage_problems(lifecycle.current_erasures(device),
                                          lifecycle.removed_serials(device))
    return render_template("recycling/device.html", device=device, form=form, problems=problems)


def _recycle(device, form):
    try:
        device.version = form.version.seen()
        if form.batch.data:
            batch = get_batch(int(form.batch.data))
            recycling.add_device(batch, device.asset_tag, current_user.id)
            flash(_("Added to the batch: it becomes recycled when the batch ships."), "success")
            return redirect(url_for("recycling.batch", batch_id=batch.id))
        recycling.recycle_device(device, current_user.id, form.recycler_reference.data,
                                 form.note.data)
    except Refused as error:
        refused(error)
        return redirect(url_for("recycling.device", tag=device.asset_tag))
    flash(_("Now: %(status)s.", status=term("status", "recycled")), "success")
    return back(device)
