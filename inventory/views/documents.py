"""A donation's documents: issue, list, download as stored, withdraw."""
from flask import (
    Blueprint, Response, abort, flash, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..documents import issuing as certificates
from ..models import Document, Donation
from ..vocabulary import terms

bp = Blueprint("documents", __name__)

LIST_SIZE = 200


def get_donation(donation_id):
    return Donation.get_or_none(Donation.id == donation_id) or abort(404)


@bp.route("/documents")
def index():
    kind = request.args.get("kind", "")
    query = Document.select(Document.id, Document.kind, Document.number, Document.issued_at,
                            Document.revoked_at, Document.donation, Document.handover)
    if kind in terms("document_kind"):
        query = query.where(Document.kind == kind)
    documents = list(query.order_by(Document.issued_at.desc(), Document.id.desc())
                     .limit(LIST_SIZE))
    return render_template("documents/index.html", documents=documents, kind=kind,
                           kinds=terms("document_kind"), issuable=certificates.KINDS,
                           limit=LIST_SIZE)


@bp.route("/donations/<int:donation_id>/documents")
def for_donation(donation_id):
    donation = get_donation(donation_id)
    return render_template("documents/donation.html", donation=donation,
                           documents=certificates.for_donation(donation),
                           issuable=certificates.KINDS)


@bp.route("/donations/<int:donation_id>/documents/issue", methods=["POST"])
def issue(donation_id):
    donation = get_donation(donation_id)
    try:
        document = certificates.issue(request.form.get("kind", ""), donation, current_user,
                                      lang=request.form.get("lang", "fr"))
    except certificates.CertificateError as error:
        flash(str(error), "error")
    else:
        flash(_("Document %(number)s issued.", number=document.number), "success")
    return redirect(url_for("documents.for_donation", donation_id=donation.id))


@bp.route("/documents/<int:document_id>.pdf")
def download(document_id):
    document = Document.get_or_none(Document.id == document_id) or abort(404)
    return pdf_response(document)


@bp.route("/documents/<int:document_id>/revoke", methods=["POST"])
def revoke(document_id):
    # Handover receipts have their own rules (the handovers area); only certificates here.
    document = Document.get_or_none((Document.id == document_id)
                                    & Document.kind.in_(list(certificates.KINDS))) or abort(404)
    certificates.revoke(document, current_user)
    flash(_("Document %(number)s withdrawn: its verification page now says it is not found.",
            number=document.number), "success")
    if document.donation_id:
        return redirect(url_for("documents.for_donation", donation_id=document.donation_id))
    return redirect(url_for("documents.index"))


def pdf_response(document, inline=False):
    """The stored bytes, byte for byte, never cached."""
    disposition = "inline" if inline else "attachment"
    return Response(certificates.stored_pdf(document), mimetype="application/pdf", headers={
        "Content-Disposition": '%s; filename="%s"' % (disposition,
                                                      certificates.filename(document)),
        "Cache-Control": "no-store", "X-Robots-Tag": "noindex"})
