"""The scan field, devices created from blank labels, and bulk scanning with action cards."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..devices import tags as asset_tags, scanning
from ..workshop import bulk_scan
from ..errors import Refused
from . import refused as show_refusal  # "refused" is the bulk page's count here
from ..models import Device, Donation
from ..vocabulary import terms

bp = Blueprint("scan", __name__)

# The running list lives in the (signed) session cookie: keep it small.
BULK_KEY = "bulk_scan"
MAX_LINES = 20
MAX_TEXT = 200


@bp.route("/scan")
def scan():
    code = request.args.get("code", "")
    if not scanning.clean(code):
        return render_template("scan/scan.html", found=None)
    found = scanning.find(code)
    if found.kind in ("device", "reserved"):
        return redirect(url_for("devices.show", tag=found.tag))
    return render_template("scan/scan.html", found=found), 404


@bp.route("/scan/new/<tag>", methods=["GET", "POST"])
def create(tag):
    if request.method == "POST":
        donation = request.form.get("donation", "").strip()
        try:
            device = scanning.create_from_blank(
                tag, current_user._get_current_object(),
                donation_id=int(donation) if donation.isdigit() else None,
                category=request.form.get("category") or "laptop")
        except Refused as error:
            show_refusal(error)
            return redirect(url_for("scan.create", tag=tag))
        flash(_("%(tag)s created: now fill in its record.", tag=device.asset_tag), "success")
        return redirect(url_for("devices.show", tag=device.asset_tag))
    device = Device.by_tag(tag)
    return render_template("scan/create.html", tag=asset_tags.normalise(tag),
                           device=device, issued=scanning.issued_blank(tag),
                           donations=Donation.latest(100), categories=terms("category"))


def _state():
    state = session.get(BULK_KEY) or {}
    action = bulk_scan.Action.make(*state["action"]) if state.get("action") else None
    return action, [bulk_scan.Line(*line) for line in state.get("lines", [])], state


def _save(action, lines, done, refused):
    session[BULK_KEY] = {"action": list(action) if action else None,
                         "lines": [[line.tag[:40], line.done, line.text[:MAX_TEXT]]
                                   for line in lines[:MAX_LINES]],
                         "done": done, "refused": refused}


@bp.route("/scan/bulk", methods=["GET", "POST"])
def bulk():
    action, lines, state = _state()
    done, refused = state.get("done", 0), state.get("refused", 0)
    if request.method == "GET":
        return render_template("scan/bulk.html", action=action, lines=lines, done=done,
                               refused=refused, methods=terms("method"),
                               actions=bulk_scan.ACTION_LABELS,
                               locations=bulk_scan.known_locations())
    form = request.form
    if "clear" in form:
        lines, done, refused = [], 0, 0
    elif "code" in form:
        code = scanning.clean(form["code"])
        card = bulk_scan.Action.from_code(code)
        if card is not None:
            action = card
        elif code.upper().startswith(scanning.ACTION_PREFIX):
            flash(_("This action card is not one this page knows."), "error")
        elif not code:
            pass
        elif action is None:
            flash(_("Choose an action first: scan an action card or pick one below."), "error")
        else:
            line = bulk_scan.scan(action, code, current_user._get_current_object())
            lines = [line] + lines
            done, refused = done + line.done, refused + (not line.done)
    elif "action" in form:
        chosen = bulk_scan.Action.make(form["action"], form.get(form["action"] + "_param", ""))
        if chosen is None:
            flash(_("Choose an action (and its erasure method)."), "error")
        else:
            action = chosen
    _save(action, lines, done, refused)
    return redirect(url_for("scan.bulk"))
