"""The staff home page: the dashboard."""
from flask import Blueprint, render_template
from flask_babel import gettext as _
from markupsafe import Markup

from .. import lifecycle
from ..dashboard import charts, figures as dashboard, targets
from ..i18n import select_locale

bp = Blueprint("main", __name__)


def weekly_chart(data, lang):
    series = [(name, str(dashboard.SERIES_LABELS[name])) for name in dashboard.SERIES]
    weeks = [(monday.strftime("%d/%m"), values) for monday, values in data.weekly]
    # charts.py escapes every piece of text it draws, so its SVG can go in as markup.
    # 360 units wide: on a 360 px phone its 12-unit text prints at about 12 px.
    return Markup(charts.weekly_bar_chart(
        weeks, series=series, lang=lang, chart_id="weekly", width=360, height=260,
        title=_("Last %(weeks)d weeks", weeks=dashboard.WEEKS)))


def target_bars(data, lang):
    # 320 units: about the width of a card on a 360 px phone, so its text prints near 14 px.
    return [(item, Markup(charts.progress_bar(item.done, item.goal, label=item.target.name,
                                              lang=lang, width=320,
                                              chart_id="target-%d" % item.target.id)))
            for item in data.targets]


@bp.route("/")
def home():
    data = dashboard.figures()
    lang = select_locale()
    return render_template(
        "main/home.html", data=data, series=dashboard.SERIES,
        series_labels=dashboard.SERIES_LABELS, buckets=lifecycle.BUCKET_LABELS,
        metrics=targets.METRICS,
        chart=weekly_chart(data, lang), bars=target_bars(data, lang))
