"""The staff home page."""
from flask import Blueprint, render_template

from .. import lifecycle
from ..models import Device

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    counts = Device.status_counts()
    rows = [(status, lifecycle.label(status), counts.get(status, 0))
            for status in lifecycle.STATES]
    return render_template("main/home.html", rows=rows, total=sum(counts.values()))
