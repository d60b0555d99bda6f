"""Donors, their donations, and receiving devices into a donation."""
import re

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404

from ..intake import donors as use_cases, importing
from .. import lifecycle
from ..devices.tags import format_tag
from ..db import page_of
from ..errors import Refused
from ..intake.forms import DonationForm, DonorForm, ReceiveForm
from ..models import Device, Donation, Donor
from . import get_donation, refused

bp = Blueprint("donors", __name__)


def get_donor(donor_id):
    return get_object_or_404(Donor, Donor.id == donor_id)


@bp.route("/donors")
def index():
    text = request.args.get("q", "")[:200]
    page = request.args.get("page", 1, type=int) or 1
    found, more = use_cases.search_donors(text, page, current_app.config["PAGE_SIZE"])
    donations, devices = use_cases.donation_counts(found)
    return render_template("donors/index.html", donors=found, more=more, q=text, page=page,
                           donations=donations, devices=devices)


@bp.route("/donors/new", methods=["GET", "POST"])
def new():
    form = DonorForm()
    if form.validate_on_submit():
        try:
            donor = use_cases.create_donor(form.values())
        except Refused as error:
            refused(error, form)
        else:
            flash(_("Donor created."), "success")
            return redirect(url_for("donors.show", donor_id=donor.id))
    return render_template("donors/edit.html", form=form, donor=None)


@bp.route("/donors/<int:donor_id>")
def show(donor_id):
    donor = get_donor(donor_id)
    donations = list(donor.donations.order_by(Donation.received_on.desc(), Donation.id.desc()))
    progress = use_cases.progress([d.id for d in donations])
    return render_template("donors/show.html", donor=donor, donations=donations,
                           progress=progress, total=use_cases.total(progress.values()),
                           buckets=lifecycle.BUCKET_LABELS)


def _versioned_edit(record, form_class, update, render, done):
    """The edit page of a donor or donation: a stale form gets 409 and the current values."""
    form = form_class(obj=record)
    if request.method == "GET":
        form.version.data = str(record.version)
    elif form.validate_on_submit():
        try:
            changed = update(record, form.values(), form.version.seen())
        except lifecycle.StaleVersion as stale:
            refused(stale)
            record = type(record).get_by_id(record.id)
            form = form_class(formdata=None, obj=record)
            form.version.data = str(record.version)
            return render(form, record), 409
        except Refused as error:
            refused(error, form)
        else:
            flash(_("Saved.") if changed else _("Nothing changed."), "success")
            return redirect(done(record))
    return render(form, record)


@bp.route("/donors/<int:donor_id>/edit", methods=["GET", "POST"])
def edit(donor_id):
    return _versioned_edit(
        get_donor(donor_id), DonorForm, use_cases.update_donor,
        lambda form, donor: render_template("donors/edit.html", form=form, donor=donor),
        lambda donor: url_for("donors.show", donor_id=donor.id))


@bp.route("/donors/<int:donor_id>/donations/new", methods=["GET", "POST"])
def donation_new(donor_id):
    donor = get_donor(donor_id)
    form = DonationForm()
    if form.validate_on_submit():
        try:
            donation = use_cases.create_donation(donor, form.values(), current_user.id)
        except Refused as error:
            refused(error, form)
        else:
            flash(_("Donation recorded."), "success")
            return redirect(url_for("donors.donation", donation_id=donation.id))
    return render_template("donors/donation_edit.html", form=form, donor=donor, donation=None)


@bp.route("/donations/<int:donation_id>")
def donation(donation_id):
    donation = get_donation(donation_id)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    size = current_app.config["PAGE_SIZE"]
    devices, more = page_of(Device.of_donation(donation.id), page, size)
    progress = use_cases.progress([donation.id])[donation.id]
    return render_template("donors/donation.html", donation=donation, donor=donation.donor,
                           progress=progress, buckets=lifecycle.BUCKET_LABELS,
                           devices=devices, more=more, page=page,
                           imports=importing.history(donation))


@bp.route("/donations/<int:donation_id>/edit", methods=["GET", "POST"])
def donation_edit(donation_id):
    return _versioned_edit(
        get_donation(donation_id), DonationForm,
        lambda donation, values, version: use_cases.update_donation(donation, values, version,
                                                                    current_user.id),
        lambda form, donation: render_template("donors/donation_edit.html", form=form,
                                               donor=donation.donor, donation=donation),
        lambda donation: url_for("donors.donation", donation_id=donation.id))


@bp.route("/donations/<int:donation_id>/receive", methods=["GET", "POST"])
def receive(donation_id):
    donation = get_donation(donation_id)
    form = ReceiveForm()
    have = use_cases.device_count(donation)
    if request.method == "GET":
        form.seen.data = str(have)
        if donation.expected_count and donation.expected_count > have:
            form.count.data = donation.expected_count - have
    elif form.validate_on_submit():
        try:
            devices = use_cases.receive(
                donation, form.count.data, current_user.id, seen=form.seen.seen(),
                category=form.category.data, make=form.make.data, model=form.model.data)
        except Refused as error:
            refused(error)
            form.seen.data = str(use_cases.device_count(donation))
        else:
            flash(ngettext("%(num)d device received: %(first)s.",
                           "%(num)d devices received: %(first)s to %(last)s.", len(devices),
                           first=devices[0].asset_tag, last=devices[-1].asset_tag), "success")
            return redirect(url_for("donors.received", donation_id=donation.id,
                                    first=devices[0].asset_tag, count=len(devices)))
    return render_template("donors/receive.html", form=form, donation=donation,
                           donor=donation.donor, have=have)


SHOWN_AFTER_RECEIVING = 500


def _tag_number(tag):
    prefix = re.escape(current_app.config["ASSET_TAG_PREFIX"])
    match = re.fullmatch(r"%s-(\d+)" % prefix, tag or "")
    return int(match.group(1)) if match else None


@bp.route("/donations/<int:donation_id>/received")
def received(donation_id):
    """The devices just received or imported, by tag range, with their label sheet."""
    donation = get_donation(donation_id)
    first = _tag_number(request.args.get("first", ""))
    count = request.args.get("count", 0, type=int)
    if first is None or count < 1:
        return redirect(url_for("donors.donation", donation_id=donation.id))
    count = min(count, 20_000)
    tags = [format_tag(n) for n in range(first, first + min(count, SHOWN_AFTER_RECEIVING))]
    devices = list(Device.of_donation(donation.id).where(Device.asset_tag.in_(tags)))
    return render_template("donors/received.html", donation=donation, donor=donation.donor,
                           devices=devices, count=count, first=format_tag(first),
                           last=format_tag(first + count - 1))
