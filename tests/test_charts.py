"""SVG charts: valid, accessible, scalable, CSP-friendly, and text stays text."""
import xml.etree.ElementTree as ET

import pytest

from inventory.dashboard.charts import progress_bar, weekly_bar_chart

SVG = "{http://www.w3.org/2000/svg}"
SERIES = [("received", "Reçus"), ("ready", "Prêts"), ("given", "Remis"), ("recycled", "Recyclés")]
WEEKS = [("S%02d" % n, {"received": 3 * n, "ready": 2 * n, "given": n, "recycled": n % 3})
         for n in range(1, 9)]


def parse(svg):
    return ET.fromstring(svg)


def bars(root):
    """Return the data bars: the rectangles that carry a tooltip."""
    return [rect for rect in root.iter(SVG + "rect") if rect.find(SVG + "title") is not None]


def texts(root):
    return [element.text for element in root.iter(SVG + "text")]


CHARTS = {
    "single series": lambda: weekly_bar_chart([("S01", 4), ("S02", 9), ("S03", 0)],
                                              title="Reçus par semaine"),
    "four series": lambda: weekly_bar_chart(WEEKS, title="Activité", series=SERIES),
    "no data": lambda: weekly_bar_chart([], title="Rien"),
    "fifty-two weeks": lambda: weekly_bar_chart([("S%02d" % n, n) for n in range(1, 53)],
                                                title="Année"),
    "progress": lambda: progress_bar(1234, 2021, label="Ordinateurs remis"),
}


@pytest.mark.parametrize("name", CHARTS)
def test_chart_is_valid_scalable_accessible_svg(name):
    svg = CHARTS[name]()
    root = parse(svg)
    assert root.tag == SVG + "svg"
    assert root.get("width") == "100%" and root.get("viewBox").startswith("0 0 ")
    assert root.get("role") == "img"
    for label_id in root.get("aria-labelledby").split():
        assert root.find(".//*[@id='%s']" % label_id) is not None
    assert root.find(SVG + "title").text and root.find(SVG + "desc").text


@pytest.mark.parametrize("name", CHARTS)
def test_chart_needs_no_inline_style_nor_script(name):
    root = parse(CHARTS[name]())
    for element in root.iter():
        assert element.tag not in (SVG + "style", SVG + "script", SVG + "foreignObject")
        assert "style" not in element.attrib
        assert not any(attribute.startswith("on") for attribute in element.attrib)


def test_bar_heights_follow_the_values():
    root = parse(weekly_bar_chart([("S01", 5), ("S02", 10), ("S03", 0)], title="t"))
    heights = [float(rect.get("height")) for rect in bars(root)]
    assert heights[1] == pytest.approx(2 * heights[0]) and heights[2] == 0


def test_grouped_bars_one_per_series_per_week_with_a_legend():
    root = parse(weekly_bar_chart(WEEKS, title="Activité", series=SERIES))
    assert len(bars(root)) == len(WEEKS) * len(SERIES)
    assert {"Reçus", "Prêts", "Remis", "Recyclés"} <= set(texts(root))
    assert "S01 — Remis: 1" in [rect.find(SVG + "title").text for rect in bars(root)]


def test_description_spells_out_the_data_for_screen_readers():
    root = parse(weekly_bar_chart([("S01", 1200), ("S02", 7)], title="t"))
    assert root.find(SVG + "desc").text == "S01: 1\u00a0200; S02: 7"


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", "A & B", '"><img src=x onerror=alert(1)>', "]]>", "&amp;",
])
def test_labels_and_titles_are_escaped(hostile):
    svg = weekly_bar_chart([(hostile, 3)], title=hostile, series=[("value", hostile)],
                           description=hostile, chart_id=hostile)
    root = parse(svg)
    assert root.find(SVG + "title").text == hostile
    assert root.find(SVG + "desc").text == hostile
    assert hostile in texts(root)
    assert root.find(".//" + SVG + "script") is None and root.find(".//" + SVG + "img") is None
    bar_root = parse(progress_bar(1, 2, label=hostile, chart_id=hostile))
    assert hostile in texts(bar_root)


@pytest.mark.parametrize("value, target, lang, figures, filled", [
    (1234, 2021, "fr", "1\u00a0234 / 2\u00a0021 (61\u00a0%)", 0.61),
    (1234, 2021, "en", "1,234 / 2,021 (61%)", 0.61),
    (3000, 2021, "fr", "3\u00a0000 / 2\u00a0021 (148\u00a0%)", 1.0),
    (0, 0, "fr", "0 / 0 (0\u00a0%)", 0.0),
])
def test_progress_bar_shows_figures_and_fills_in_proportion(value, target, lang, figures, filled):
    root = parse(progress_bar(value, target, label="Remis", lang=lang, width=300))
    assert figures in texts(root)
    track, fill = list(root.iter(SVG + "rect"))
    assert float(fill.get("width")) / float(track.get("width")) == pytest.approx(filled, abs=0.01)
