"""The donor's read-only page (no account), and the operator's page to make or stop its link."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..documents import issuing as certificates, donor_links
from .. import lifecycle
from . import get_donation
from .documents import stored_pdf
from ..vocabulary import term
from ..models import Document
from ..documents.outcomes import device_outcomes, outcome_totals
from .verify import PUBLIC_HEADERS, not_found

bp = Blueprint("donor_link", __name__)

# What a donor may download: never a handover receipt, which names a person.
DONOR_KINDS = tuple(certificates.KINDS)


def _donor_documents(donation_id):
    """The donation's valid documents a donor may download (no handover receipt)."""
    return Document.valid_for_donation(donation_id, DONOR_KINDS)


@bp.route("/donor/<token>")
def show(token):
    link = donor_links.by_token(token)
    if link is None:
        return not_found()
    donation = link.donation
    rows = device_outcomes(donation)
    by_status = {}
    for row in rows:
        by_status[row.device.status] = by_status.get(row.device.status, 0) + 1
    return render_template(
        "donor_link/show.html", token=token, donation=donation, rows=rows,
        statuses=[(s, term("status", s), by_status[s]) for s in lifecycle.STATES
                  if by_status.get(s)],
        outcomes=[(lifecycle.BUCKET_LABELS[k], v) for k, v in outcome_totals(rows).items()],
        documents=list(_donor_documents(donation.id).order_by(Document.issued_at.desc(),
                                                              Document.id.desc()))
    ), 200, PUBLIC_HEADERS


@bp.route("/donor/<token>/documents/<int:document_id>.pdf")
def document(token, document_id):
    link = donor_links.by_token(token)
    if link is None:
        return not_found()
    document = (_donor_documents(link.donation_id).select(Document)
                .where(Document.id == document_id).first())
    if document is None:
        return not_found()
    response = stored_pdf(document)
    response.headers.update(PUBLIC_HEADERS)
    return response


@bp.route("/donations/<int:donation_id>/link")
def manage(donation_id):
    donation = get_donation(donation_id)
    link = donor_links.active(donation)
    return render_template("donor_link/manage.html", donation=donation, link=link,
                           url=donor_links.url(link) if link else "",
                           history=donor_links.history(donation)), 200, {
                               "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@bp.route("/donations/<int:donation_id>/link/new", methods=["POST"])
def create(donation_id):
    donation = get_donation(donation_id)
    donor_links.create(donation, current_user)
    flash(_("New link made: send it to the donor. Any previous link no longer works."),
          "success")
    return redirect(url_for("donor_link.manage", donation_id=donation.id))


@bp.route("/donations/<int:donation_id>/link/revoke", methods=["POST"])
def revoke(donation_id):
    donation = get_donation(donation_id)
    if donor_links.revoke(donation, current_user):
        flash(_("The donor's link no longer works."), "success")
    else:
        flash(_("This donation had no working link."), "info")
    return redirect(url_for("donor_link.manage", donation_id=donation.id))
