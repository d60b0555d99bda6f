"""Server-side SVG charts: no JavaScript, no style attributes, every piece of text escaped.

The SVG scales to its container (viewBox, width 100%), so it stays readable on
a 360 px phone; colours and fonts are presentation attributes, which a strict
Content-Security-Policy (style-src 'self') allows, unlike style="...".
"""
import math
import re
from numbers import Number
from xml.sax.saxutils import escape

# Okabe-Ito colours: told apart by colour-blind readers too.
PALETTE = ("#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#D55E00")
TEXT = "#333333"
GRID = "#d0d7de"
FONT = 'font-family="sans-serif"'
NBSP = "\u00a0"


def _id(chart_id):
    """Return chart_id reduced to characters safe in an id and in aria-labelledby."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", str(chart_id)) or "chart"


def _number(value, lang):
    """Return an integer-looking value with French or English thousands separators."""
    rounded = round(value, 1)
    text = "{:,}".format(int(rounded)) if rounded == int(rounded) else "{:,.1f}".format(rounded)
    return text.replace(",", NBSP).replace(".", ",") if lang != "en" else text


def _value(value):
    """Return a plotted amount: numbers as given, anything else as zero, never negative."""
    return max(float(value), 0.0) if isinstance(value, Number) else 0.0


def _tick_step(maximum, ticks=4):
    """Return a whole, round step (1, 2 or 5 times a power of ten) so ticks steps cover maximum."""
    wanted = max(maximum / ticks, 1)
    power = 10 ** math.floor(math.log10(wanted))
    for step in (1, 2, 5, 10):
        if wanted <= step * power:
            return int(step * power)
    return int(10 * power)


def _open_svg(chart_id, width, height, title, description):
    return [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" '
        'preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="%s-title %s-desc">'
        % (width, height, chart_id, chart_id),
        '<title id="%s-title">%s</title>' % (chart_id, escape(str(title))),
        '<desc id="%s-desc">%s</desc>' % (chart_id, escape(str(description))),
    ]


def _normalise(weeks, series):
    """Return (series as (key, label) pairs, rows as (label, [values])) from either input shape."""
    weeks = list(weeks)
    mappings = [value for _, value in weeks if isinstance(value, dict)]
    if series is None:
        keys = []
        for mapping in mappings:
            keys += [key for key in mapping if key not in keys]
        series = [(key, key) for key in keys] or [("value", "")]
    series = [(key, label) for key, label in series]
    rows = []
    for label, value in weeks:
        if isinstance(value, dict):
            rows.append((label, [_value(value.get(key, 0)) for key, _ in series]))
        else:
            rows.append((label, [_value(value)] + [0.0] * (len(series) - 1)))
    return series, rows


def weekly_bar_chart(weeks, *, title, series=None, description=None, width=400, height=240,
                     lang="fr", chart_id="weekly-chart"):
    """Return an SVG bar chart of weekly counts.

    weeks: a list of (label, value), or of (label, {series key: value}) for
    grouped bars; series: optional (key, label) pairs naming and ordering them
    (e.g. received, ready, given, recycled). description defaults to every
    value written out, which is what a screen reader reads.
    """
    chart_id = _id(chart_id)
    series, rows = _normalise(weeks, series)
    several = len(series) > 1
    if description is None:
        description = "; ".join(
            "%s: %s" % (label, ", ".join(
                ("%s %s" % (name, _number(v, lang))).strip()
                for (_, name), v in zip(series, values)))
            for label, values in rows) or str(title)
    legend, x, y = [], 40, 6
    for index, (_, name) in enumerate(series if several else []):
        needed = 24 + 7 * len(str(name))  # rough width of a 12 px label
        if x + needed > width and x > 40:
            x, y = 40, y + 18
        legend.append((x, y, PALETTE[index % len(PALETTE)], name))
        x += needed
    left, right, top, bottom = 40, 8, (y + 24 if several else 12), 34
    plot_width, plot_height = width - left - right, height - top - bottom
    highest = max([v for _, values in rows for v in values] or [0])
    step = _tick_step(highest)
    ticks = max(1, math.ceil(highest / step))
    maximum = step * ticks
    parts = _open_svg(chart_id, width, height, title, description)
    for tick in range(ticks + 1):  # grid lines and y-axis labels
        y = top + plot_height - plot_height * tick / ticks
        parts.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" stroke-width="1"/>'
                     % (left, y, width - right, y, GRID))
        parts.append('<text x="%d" y="%.1f" text-anchor="end" font-size="12" fill="%s" %s>%s</text>'
                     % (left - 4, y + 4, TEXT, FONT, escape(_number(step * tick, lang))))
    for x, y, colour, name in legend:
        parts.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (x, y, colour))
        parts.append('<text x="%d" y="%d" font-size="12" fill="%s" %s>%s</text>'
                     % (x + 16, y + 10, TEXT, FONT, escape(str(name))))
    slot = plot_width / max(len(rows), 1)
    bar = max(slot * 0.8 / len(series), 1)
    every = max(1, math.ceil(len(rows) * 48 / plot_width))  # keep x labels from overlapping
    for index, (label, values) in enumerate(rows):
        x0 = left + slot * index + slot * 0.1
        for number, value in enumerate(values):
            bar_height = plot_height * value / maximum
            name = series[number][1]
            tip = "%s%s: %s" % (label, " — " + str(name) if name else "", _number(value, lang))
            parts.append(
                '<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s</title>'
                '</rect>' % (x0 + bar * number, top + plot_height - bar_height, bar, bar_height,
                             PALETTE[number % len(PALETTE)], escape(tip)))
        if index % every == 0:
            parts.append('<text x="%.1f" y="%d" text-anchor="middle" font-size="12" fill="%s" %s>'
                         '%s</text>' % (left + slot * (index + 0.5), height - bottom + 16, TEXT,
                                        FONT, escape(str(label))))
    parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="1"/>'
                 % (left, top + plot_height, width - right, top + plot_height, TEXT))
    parts.append("</svg>")
    return "\n".join(parts)


def progress_bar(value, target, *, label, lang="fr", width=360, height=72,
                 chart_id="progress"):
    """Return an SVG progress bar towards a target, e.g. 1,234 of 2,021 computers given."""
    chart_id = _id(chart_id)
    done, goal = _value(value), _value(target)
    ratio = min(done / goal, 1.0) if goal else 0.0
    percent = _number(math.floor(done * 100 / goal) if goal else 0, lang)
    percent += "%" if lang == "en" else NBSP + "%"
    figures = "%s / %s (%s)" % (_number(done, lang), _number(goal, lang), percent)
    parts = _open_svg(chart_id, width, height, label, "%s: %s" % (label, figures))
    parts += [
        '<text x="0" y="16" font-size="14" fill="%s" %s>%s</text>'
        % (TEXT, FONT, escape(str(label))),
        '<rect x="0" y="24" width="%d" height="%d" rx="6" fill="#e8ecef"/>' % (width, height - 48),
        '<rect x="0" y="24" width="%.1f" height="%d" rx="6" fill="%s"/>'
        % (width * ratio, height - 48, PALETTE[1]),
        '<text x="0" y="%d" font-size="14" font-weight="bold" fill="%s" %s>%s</text>'
        % (height - 6, TEXT, FONT, escape(figures)),
        "</svg>",
    ]
    return "\n".join(parts)
