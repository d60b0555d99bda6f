"""The workshop's pages for one device: triage, erasures, nwipe logs, checklist, OS, parts."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext, to_utc
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404

from ..workshop import checklists, drives, erasure as erasing, triage as triaging
from ..errors import Refused
from ..forms import UnreadableVersion
from ..models import ChecklistVersion, Device, Erasure, ErasureLog
from ..vocabulary import term
from ..workshop.forms import (
    ErasureForm, LogDrivesForm, LogForm, OsForm, PartsForm, PartUsedForm, TriageForm,
    checklist_form, checklist_results,
    ExceptionForm, LooseErasureForm, RemoveDriveForm,
)
from . import get_device, refused

bp = Blueprint("workshop", __name__)

# Suggestions offered by <datalist>: typing stays possible, tapping is quicker.
OS_NAMES = ("Linux Mint", "Ubuntu", "Debian", "PrimTux", "Emmabuntüs", "Windows 10", "Windows 11")
PART_NAMES = (_l("RAM added"), _l("SSD fitted"), _l("Battery replaced"), _l("Charger added"),
              _l("Keyboard replaced"), _l("Screen replaced"))


def back(device):
    return redirect(url_for("devices.show", tag=device.asset_tag))


def _utc(value):
    return to_utc(value).replace(tzinfo=None) if value else None


@bp.route("/d/<tag>/triage", methods=["GET", "POST"])
def triage(tag):
    device = get_device(tag)
    form = TriageForm()
    if request.method == "GET":
        form.fill_from(device)
    elif form.validate_on_submit():
        try:
            status = triaging.record_triage(device, current_user.id, form.version.seen(),
                                            form.specs(), form.decision.data, form.reason.data)
        except Refused as error:
            refused(error)
        else:
            flash(_("Triage saved. Now: %(status)s.", status=term("status", status)), "success")
            return back(device)
    return render_template("workshop/triage.html", device=device, form=form)


@bp.route("/d/<tag>/erasure", methods=["GET", "POST"])
def erasure(tag):
    device = get_device(tag)
    form = ErasureForm()
    if request.method == "GET":
        form.drive_type.data = device.storage_type
        form.drive_size_gb.data = device.storage_gb
        form.tool.data, form.tool_version.data = Erasure.last_tool(current_user.id)
    elif form.validate_on_submit():
        fields = {name: form[name].data for name in (
            "drive_serial", "drive_model", "drive_type", "drive_size_gb", "method", "technique",
            "tool", "tool_version", "passes", "verification", "result", "note")}
        try:
            erasing.record_erasure(device, current_user.id, started_at=_utc(form.started_at.data),
                                   ended_at=_utc(form.ended_at.data), **fields)
        except Refused as error:
            refused(error)
        else:
            _flash_recorded(device)
            return back(device)
    return render_template("workshop/erasure.html", device=device, form=form)


def _flash_recorded(device):
    flash(_("Erasure recorded."), "success")
    for warning in erasing.warnings(device):
        flash(str(warning), "warning")


@bp.route("/d/<tag>/erasure/none", methods=["POST"])
def no_storage(tag):
    device = get_device(tag)
    try:
        erasing.record_no_storage(device, current_user.id)
    except Refused as error:
        refused(error)
    else:
        flash(_("Recorded: this device has no storage."), "success")
    return back(device)


@bp.route("/d/<tag>/erasure/log", methods=["GET", "POST"])
def upload_log(tag):
    device = get_device(tag)
    form = LogForm()
    if form.validate_on_submit():
        upload = form.log.data
        try:
            log, erasures, skipped = erasing.receive_log(
                device, current_user.id, upload.read(erasing.nwipe.MAX_LOG_BYTES + 1),
                upload.filename or "")
        except Refused as error:
            refused(error)
        else:
            if erasures is None:
                return redirect(url_for("workshop.log_drives", tag=device.asset_tag,
                                        log_id=log.id))
            return _imported(device, erasures, skipped)
    return render_template("workshop/upload_log.html", device=device, form=form)


def _import(device, log, serials):
    erasures, skipped = erasing.import_log(device, current_user.id, log, serials)
    return _imported(device, erasures, skipped)


def _imported(device, erasures, skipped):
    flash(ngettext("%(num)s erasure recorded from the log.",
                   "%(num)s erasures recorded from the log.", len(erasures)), "success")
    for reason in skipped:
        flash(_("Not recorded: %(reason)s", reason=reason), "warning")
    for warning in erasing.warnings(device):
        flash(str(warning), "warning")
    return back(device)


@bp.route("/d/<tag>/erasure/log/<int:log_id>", methods=["GET", "POST"])
def log_drives(tag, log_id):
    device = get_device(tag)
    log = get_object_or_404(ErasureLog, ErasureLog.id == log_id)
    drives = erasing.drives_of(log)
    form = LogDrivesForm()
    form.serials.choices = [(d.serial or "", d.serial or d.device) for d in drives]
    if request.method == "GET":
        form.serials.data = [d.serial for d in drives if d.serial]
    elif form.validate_on_submit():
        try:
            return _import(device, log, set(form.serials.data or ()))
        except Refused as error:
            refused(error)
    return render_template("workshop/log_drives.html", device=device, log=log, drives=drives,
                           form=form)


@bp.route("/erasure-logs/<int:log_id>")
def log_file(log_id):
    log = get_object_or_404(ErasureLog, ErasureLog.id == log_id)
    name = "nwipe-%s.log" % log.sha256[:12]
    # Served as plain text and as an attachment: the content is the tool's, not ours.
    return Response(bytes(log.content), mimetype="text/plain; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="%s"' % name,
        "X-Content-Type-Options": "nosniff"})


@bp.route("/d/<tag>/checklist", methods=["GET", "POST"])
def checklist(tag):
    device = get_device(tag)
    version = ChecklistVersion.current()
    form = checklist_form(version)
    if request.method == "GET":
        form.checklist_id.data = str(version.id)
        form.battery_health.data = device.battery_health
    elif form.validate_on_submit():
        # The version the technician saw: if an admin changed the list since, say so.
        return _record_check(device, checklist_results(form), form.battery_health.data,
                             form.note.data, lambda: _seen_checklist(form.checklist_id))
    return render_template("workshop/checklist.html", device=device, form=form, version=version,
                           os_form=_os_form(device))


@bp.route("/d/<tag>/checklist/ok", methods=["POST"])
def all_ok(tag):
    device = get_device(tag)
    version = ChecklistVersion.current()
    return _record_check(device, checklists.all_ok(version), device.battery_health, "",
                         lambda: version)


def _seen_checklist(field):
    """The checklist version the form was filled against, never the current one instead."""
    seen = ChecklistVersion.get_or_none(ChecklistVersion.id == field.seen())
    if seen is None:
        raise UnreadableVersion()
    return seen


def _record_check(device, results, battery_health, note, checklist):
    """Record the check against checklist(), the version the technician filled in."""
    try:
        check = checklists.record_check(device, current_user.id, results, note=note,
                                        battery_health=battery_health, checklist=checklist())
    except Refused as error:
        refused(error)
        return redirect(url_for("workshop.checklist", tag=device.asset_tag))
    if check.passed:
        flash(_("Checklist passed."), "success")
    else:
        flash(_("Checklist recorded with failed items: it does not pass."), "warning")
    return back(device)


def _os_form(device):
    form = OsForm(formdata=None, obj=device)
    form.version.data = str(device.version)
    return form


@bp.route("/d/<tag>/os", methods=["GET", "POST"])
def os(tag):
    device = get_device(tag)
    form = OsForm() if request.method == "POST" else _os_form(device)
    if form.validate_on_submit():
        try:
            checklists.record_os(device, current_user.id, form.version.seen(),
                                 form.os_installed.data, form.os_licence.data)
        except Refused as error:
            refused(error)
        else:
            flash(_("Saved."), "success")
            return back(device)
    return render_template("workshop/os.html", device=device, form=form, os_names=OS_NAMES)


@bp.route("/d/<tag>/parts-used", methods=["GET", "POST"])
def part_used(tag):
    device = get_device(tag)
    form = PartUsedForm()
    if form.validate_on_submit():
        try:
            checklists.record_part(device, current_user.id, form.description.data)
        except Refused as error:
            refused(error)
        else:
            flash(_("Part recorded."), "success")
            return back(device)
    return render_template("workshop/part_used.html", device=device, form=form,
                           part_names=PART_NAMES, parts=checklists.parts_used(device))


@bp.route("/d/<tag>/parts", methods=["GET", "POST"])
def parts(tag):
    device = get_device(tag)
    form = PartsForm()
    if request.method == "GET":
        form.version.data = str(device.version)
    elif form.validate_on_submit():
        try:
            device.version = form.version.seen()
            triaging.mark_for_parts(device, current_user.id, form.components.data or [],
                                    form.note.data)
        except Refused as error:
            refused(error)
            device = Device.get_by_id(device.id)
        else:
            flash(_("Now: %(status)s.", status=term("status", "parts")), "success")
            return back(device)
    return render_template("workshop/parts.html", device=device, form=form)


# Drives on their own: taken out, erased out of the machine, and the admin's exception --------

@bp.route("/d/<tag>/drives/remove", methods=["GET", "POST"])
def remove_drive(tag):
    device = get_device(tag)
    form = RemoveDriveForm()
    if request.method == "GET":
        form.version.data = str(device.version)
        serial = request.args.get("serial", "")[:100]
        if serial:  # from a drive's card: what its records say
            form.drive_serial.data = serial
            for name, value in drives.known_drive(device, serial).items():
                form[name].data = value
    elif form.validate_on_submit():
        try:
            drives.remove_drive(device, current_user.id, form.version.seen(),
                                form.drive_serial.data, form.drive_model.data,
                                form.drive_type.data, form.drive_size_gb.data,
                                form.location.data, form.note.data, form.no_storage_left.data)
        except Refused as error:
            refused(error)
        else:
            flash(_("Drive taken out: it is tracked on its own until it is erased or "
                    "destroyed."), "success")
            return back(device)
    return render_template("workshop/remove_drive.html", device=device, form=form,
                           inside=drives.drives_inside(device))


@bp.route("/drives")
def loose_drives():
    return render_template("workshop/drives.html", pending=drives.pending_drives(),
                           several=drives.serials_on_several_devices())


@bp.route("/drives/<int:drive_id>", methods=["GET", "POST"])
def loose_drive(drive_id):
    loose = drives.get_loose(drive_id) or abort(404)
    form = LooseErasureForm()
    if form.validate_on_submit():
        fields = {name: form[name].data for name in (
            "method", "technique", "tool", "tool_version", "passes", "verification", "result",
            "note")}
        try:
            drives.record_loose_erasure(loose.drive, current_user.id, **fields)
        except Refused as error:
            refused(error)
        else:
            flash(_("Erasure recorded."), "success")
            return redirect(url_for("workshop.loose_drive", drive_id=drive_id))
    return render_template("workshop/loose_drive.html", loose=loose, form=form)


@bp.route("/erasures/<int:erasure_id>/exception", methods=["GET", "POST"])
def erasure_exception(erasure_id):
    erasure = Erasure.get_or_none(Erasure.id == erasure_id) or abort(404)
    device = Device.get_by_id(erasure.device_id)
    form = ExceptionForm()
    if form.validate_on_submit():
        try:
            drives.record_exception(erasure, current_user, form.reason.data)
        except Refused as error:
            refused(error)
        else:
            flash(_("Exception recorded: it is printed on the erasure certificate."), "success")
            return back(device)
    return render_template("workshop/exception.html", device=device, erasure=erasure,
                           form=form, allowed=drives.may_take_exception(erasure, device))
