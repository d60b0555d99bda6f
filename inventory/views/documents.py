"""A donation's documents: issue, list, download as stored, withdraw."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404

from ..documents import issuing as certificates
from ..errors import Refused
from . import get_donation, pdf_response, refused
from ..models import Document
from ..vocabulary import terms

bp = Blueprint("documents", __name__)

LIST_SIZE = 200


@bp.route("/documents")
def index():
    kind = request.args.get("kind", "")
    documents = Document.latest(LIST_SIZE, kind if kind in terms("document_kind") else None)
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
    except Refused as error:
        refused(error)
    else:
        flash(_("Document %(number)s issued.", number=document.number), "success")
    return redirect(url_for("documents.for_donation", donation_id=donation.id))


@bp.route("/documents/<int:document_id>.pdf")
def download(document_id):
    return stored_pdf(get_object_or_404(Document, Document.id == document_id))


@bp.route("/documents/<int:document_id>/revoke", methods=["POST"])
def revoke(document_id):
    # Handover receipts have their own rules (the handovers area); only certificates here.
    document = get_object_or_404(Document, Document.id == document_id,
                                 Document.kind.in_(list(certificates.KINDS)))
    certificates.revoke(document, current_user)
    flash(_("Document %(number)s withdrawn: its verification page now says it is not found.",
            number=document.number), "success")
    if document.donation_id:
        return redirect(url_for("documents.for_donation", donation_id=document.donation_id))
    return redirect(url_for("documents.index"))


def stored_pdf(document):
    """The document as issued, byte for byte, as a download."""
    return pdf_response(certificates.stored_pdf(document), certificates.filename(document))
