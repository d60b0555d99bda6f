"""Public check that a printed document is genuine: its kind, number, date and key figures."""
import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask import Blueprint, current_app, render_template
from ..documents import issuing as certificates
from .. import lifecycle, localtime
from ..vocabulary import term, terms

bp = Blueprint("verify", __name__)

PUBLIC_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    # The token is in the address: never send it on to another site.
    "Referrer-Policy": "no-referrer",
}


def _counts(facts, key, labels):
    values = facts.get(key) or {}
    if not isinstance(values, dict):
        return []
    return [(labels[name], values[name]) for name in labels
            if isinstance(values.get(name), int) and values[name]]


def _text(value):
    return value if isinstance(value, str) else ""


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _kilograms(value):
    # Whole kilograms, rounded as the certificate prints them.
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount.quantize(Decimal(1), ROUND_HALF_UP) if amount.is_finite() else None


def public_facts(document):
    """Return what the verification page may show of a document."""
    facts = document.facts if isinstance(document.facts, dict) else {}
    issued_on = _date(facts.get("issued_on")) or localtime.local_date(document.issued_at)
    impact = facts.get("impact") if isinstance(facts.get("impact"), dict) else {}
    return {
        "kind": term("document_kind", document.kind),
        "number": document.number,
        "issued_on": issued_on,
        "organisation": _text(facts.get("organisation")) or current_app.config["ORG_NAME"],
        "donor": _text(facts.get("donor")),
        "donation_reference": _text(facts.get("donation_reference")),
        "received_on": _date(facts.get("received_on")),
        "handed_on": _date(facts.get("handed_on")),
        "asset_tag": _text(facts.get("asset_tag")),
        "model": " ".join(filter(None, [_text(facts.get("make")), _text(facts.get("model"))])),
        "devices": facts.get("devices") if isinstance(facts.get("devices"), int) else None,
        # Only the totals that have a term are ever shown, whatever a document stored:
        # counts, never a person.
        "outcomes": (_counts(facts, "progress", lifecycle.BUCKET_LABELS)
                     # certificates issued before the buckets stored "outcomes"
                     + _counts(facts, "outcomes", terms("outcome_total"))),
        "drives": _counts(facts, "drives", terms("drive_total")),
        "categories": _counts(facts, "categories", terms("category_total")),
        "partial": facts.get("partial") is True,
        "co2e_kg": _kilograms(impact.get("co2e_kg")),
        "mass_kg": _kilograms(impact.get("mass_kg")),
        "sha256": document.sha256,
    }


def not_found():
    return render_template("verify/not_found.html"), 404, PUBLIC_HEADERS


@bp.route("/verify/<token>")
def show(token):
    document = certificates.by_token(token)
    if document is None:
        return not_found()
    return (render_template("verify/show.html", facts=public_facts(document)), 200, PUBLIC_HEADERS)
