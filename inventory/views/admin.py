"""Settings for admins: the index of settings pages and the checklist editor."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ..workshop import checklists
from ..errors import Refused
from ..models import ChecklistVersion
from ..vocabulary import term, terms
from ..workshop.forms import ChecklistEditorForm
from . import refused

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Settings pages of other areas appear here once their blueprint exists.
SETTINGS_PAGES = (
    ("admin.checklist", _l("Quality checklist")),
    ("handovers.terms", _l("Terms of gift, loan and sale")),
    ("dashboard.targets", _l("Campaign targets")),
    ("users.index", _l("Staff accounts")),
)


def _to_lines(items):
    return "\n".join(str(term("checklist_item", item)) for item in items)


def _from_lines(text):
    """Lines back to items: a default item's label (in any language shown) gives its key."""
    by_label = {str(label).casefold(): key for key, label in terms("checklist_item").items()}
    return [by_label.get(" ".join(line.split()).casefold(), line) for line in text.splitlines()]


@bp.route("/")
def index():
    return render_template("admin/index.html", pages=SETTINGS_PAGES)


@bp.route("/checklist", methods=["GET", "POST"])
def checklist():
    current = ChecklistVersion.current()
    form = ChecklistEditorForm()
    if request.method == "GET":
        form.items.data = _to_lines(current.items)
    elif form.validate_on_submit():
        try:
            saved = checklists.set_checklist(_from_lines(form.items.data), current_user.id)
        except Refused as error:
            refused(error)
        else:
            if saved.id == current.id:
                flash(_("Nothing changed."), "success")
            else:
                flash(_("Checklist version %(version)s saved.", version=saved.version),
                      "success")
            return redirect(url_for("admin.checklist"))
    return render_template("admin/checklist.html", form=form, current=current,
                           versions=ChecklistVersion.history())
