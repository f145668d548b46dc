"""
Where the charts put their text (issue 19): inside the drawing, clear of the grid, each dot on its theme's row.

The SVG no longer lets text overflow, so every label must fit the 400-unit box as projects/charts.py estimates
its width; the pages are checked as rendered, in English and in Italian, whose labels are longer.
"""

import datetime
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.money import format_euros
from projects.charts import (
    LABEL_SIZE,
    SMALL_SIZE,
    arrange,
    bar_chart,
    text_width,
    themes_over_time,
    timeline,
)
from projects.insights import ParticipationFacts, ProjectFacts, ProjectRecord
from projects.models import Role

SVG = "{http://www.w3.org/2000/svg}"
LONG_ITALIAN_THEMES = [
    "Pianificazione di riscaldamento e raffrescamento", "Invecchiamento attivo e in salute",
    "Servizi urbani a misura di anziano", "Quartieri a zero emissioni", "Sicurezza dei cittadini",
]


def record(acronym, start, end):
    return ProjectRecord(ProjectFacts(1, acronym, acronym.lower(), start, end, None),
                         ParticipationFacts(Role.PARTICIPANT, None), 1)


def extent(x, text, size, anchor="start"):
    """The left and right of ``text`` drawn at ``x``, as the chart code estimates them."""
    width = text_width(text, size)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, left + width


def assert_ticks_fit(chart):
    labelled = [tick for tick in chart.ticks if tick.label]
    assert labelled, "an axis without a single year"
    extents = [extent(tick.x, tick.label, SMALL_SIZE, "middle") for tick in labelled]
    for left, right in extents:
        assert 0 <= left and right <= chart.width
    for (_, right), (left, _) in zip(extents, extents[1:], strict=False):
        assert right < left, "two year labels overlap"


def assert_bar_labels_fit(chart):
    for bar in chart.bars:
        assert 0 <= bar.x and bar.x + bar.width <= chart.width
        left, right = extent(bar.label_x, bar.label, LABEL_SIZE, "end" if bar.label_end else "start")
        assert 0 <= left and right <= chart.width, bar.label
        if bar.value_label:
            assert bar.value_x + text_width(bar.value_label, SMALL_SIZE) <= chart.width, bar.value_label


# The timeline's axis


@pytest.mark.parametrize(
    ("projects", "first", "last"),
    [
        pytest.param([("ONE", datetime.date(2020, 3, 1), datetime.date(2020, 9, 30))], "2020", "2021", id="one year"),
        pytest.param([("DAY", datetime.date(2020, 12, 31), datetime.date(2020, 12, 31))], "2020", "2021", id="one day"),
        pytest.param([("OLD", datetime.date(1995, 1, 1), datetime.date(1997, 1, 1)),
                      ("NEW", datetime.date(2024, 1, 1), datetime.date(2030, 12, 31))], "1995", "2031", id="many years"),
        pytest.param([("A", datetime.date(2016, 1, 1), datetime.date(2019, 1, 1)),
                      ("B", datetime.date(2018, 1, 1), datetime.date(2026, 12, 31))], "2016", "2027", id="eleven years"),
        pytest.param([("OPEN", datetime.date(2021, 5, 1), None)], "2021", "2026", id="ending this year"),
    ],
)
def test_the_year_labels_of_a_timeline_fit_the_drawing_and_do_not_overlap(projects, first, last):
    chart = timeline([record(*project) for project in projects], today=datetime.date(2025, 8, 1))
    assert_ticks_fit(chart)
    assert_bar_labels_fit(chart)
    assert chart.ticks[0].label == first
    # The last tick closes the axis, or a label every few years stops short of it.
    assert chart.ticks[-1].label == last or int(last) - int(chart.ticks[-1].label) < 5


def test_the_last_year_of_the_axis_is_labelled_inside_the_drawing():
    """The year labels were centred on the axis' ends, so half of the first and of the last was cut off."""
    chart = timeline([record("TRILLION", datetime.date(2015, 9, 1), datetime.date(2018, 8, 31))])
    last = chart.ticks[-1]
    assert last.label == "2019"
    assert last.x + text_width(last.label, SMALL_SIZE) / 2 <= chart.width
    assert chart.ticks[0].x - text_width(chart.ticks[0].label, SMALL_SIZE) / 2 >= 0


def test_a_long_acronym_late_on_the_axis_ends_inside_the_drawing():
    chart = timeline([record("OLD", datetime.date(2010, 1, 1), datetime.date(2011, 1, 1)),
                      record("AVERYLONGACRONYMFORAPROJECT", datetime.date(2019, 6, 1), datetime.date(2020, 1, 1))])
    late = chart.bars[-1]
    assert late.label_end
    assert_bar_labels_fit(chart)


# Bars and their values


def test_the_largest_value_is_written_inside_the_drawing():
    chart = bar_chart("money", "Money", [("BIG", Decimal("123456789.50"), ""), ("SMALL", Decimal(2), "")],
                      format_euros, ["Project", "EU contribution"])
    assert_bar_labels_fit(chart)


def test_a_label_too_long_for_the_drawing_is_cut_short_and_whole_in_the_table():
    name = "Organisation with a name so long that no chart could hold it on one line of the drawing"
    chart = bar_chart("kinds", "Kinds", [(name, 3, "")], str, ["Kind", "Partners"])
    assert chart.bars[0].label.endswith("…")
    assert_bar_labels_fit(chart)
    assert chart.table == [(name, "3")]


# Themes by start year


def themes(names, years):
    return {year: Counter({name: 1 + index % 3 for index, name in enumerate(names)}) for year in years}


@pytest.mark.parametrize("years", [[2015, 2016], [2014, 2016, 2019, 2020, 2021], list(range(2000, 2025))])
@pytest.mark.parametrize("names", [["Energy planning", "Citizen safety"], LONG_ITALIAN_THEMES])
def test_each_dot_sits_on_its_themes_row_and_the_grid_starts_after_the_labels(names, years):
    chart = themes_over_time(themes(names, years))
    rows = {label.y for label in chart.row_labels}
    assert len(rows) == len(names)
    # Every theme appears every year here: a dot per theme and year, at its row label's height.
    assert len(chart.dots) == len(names) * len(years)
    for index, label in enumerate(chart.row_labels):
        assert {dot.y for dot in chart.dots[index * len(years):(index + 1) * len(years)]} == {label.y}
    gutter = max(label.x + label.width for label in chart.row_labels)
    assert min(tick.x for tick in chart.ticks) - max(dot.r for dot in chart.dots) > gutter
    # No line of a label wider than the drawing, nor spilling onto the next row.
    for above, below in zip(chart.row_labels, chart.row_labels[1:], strict=False):
        assert above.line_ys[-1][1] < below.line_ys[0][1]
        assert len(above.lines) <= 3
    assert_ticks_fit(chart)
    assert all(dot.r >= 2 for dot in chart.dots)


def test_the_dots_of_two_themes_in_the_same_year_do_not_touch():
    chart = themes_over_time({2015: Counter({"A": 5, "B": 5}), 2016: Counter({"A": 1})})
    first, second = chart.dots[0], chart.dots[2]  # A in 2015, B in 2015
    assert first.x == second.x
    assert second.y - first.y > first.r + second.r


def test_the_rendered_dots_are_centred_on_their_labels():
    chart = themes_over_time(themes(LONG_ITALIAN_THEMES, [2015, 2016]))
    svg = svg_elements(render_to_string("includes/charts/chart.html", {"chart": chart}))[0]
    labels = [text for text in svg.iter(f"{SVG}text") if text.get("class") == "label"]
    assert all(text.get("dominant-baseline") == "central" for text in labels)
    label_ys = {float(text.get("y")) for text in labels}
    assert {float(circle.get("cy")) for circle in svg.iter(f"{SVG}circle")} <= label_ys


# The charts on the page side by side


def test_a_short_chart_and_a_tall_one_each_have_a_row_of_their_own():
    short = timeline([record("ONE", datetime.date(2015, 1, 1), datetime.date(2018, 1, 1))])
    tall = bar_chart("countries", "Countries", [(f"Country {n}", 10 - n, "") for n in range(8)], str, ["", ""])
    assert [chart.wide for chart in arrange([short, tall])] == [True, True]


def test_two_charts_of_about_the_same_height_share_a_row_and_an_odd_one_out_has_its_own():
    def bars(count):
        return bar_chart("c", "C", [(f"Row {n}", count - n, "") for n in range(count)], str, ["", ""])

    assert [chart.wide for chart in arrange([bars(7), bars(5), bars(1)])] == [False, False, True]


# As the pages show them


def svg_elements(html):
    return [ET.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", html, re.S)]


def page_urls():
    return [reverse("profiles:home"), reverse("profiles:organisation-detail", args=["xlab"]),
            reverse("profiles:organisation-detail", args=["politecnico-di-milano"]),
            reverse("projects:project-detail", args=["city4age"])]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("language", ["en", "it"])
def test_every_text_of_every_chart_stays_inside_its_drawing(client, demo, language):
    with translation.override(language):
        urls = page_urls()
    drawn = 0
    for url in urls:
        html = client.get(url).content.decode()
        for svg in svg_elements(html):
            drawn += 1
            width = float(svg.get("viewBox").split()[2])
            height = float(svg.get("viewBox").split()[3])
            grid = [float(line.get("x1")) for line in svg.iter(f"{SVG}line")]
            row_label_right = 0
            for text in svg.iter(f"{SVG}text"):
                size = SMALL_SIZE if text.get("class") in {"tick", "value"} else LABEL_SIZE
                lines = [(span.text, span.get("x"), span.get("y")) for span in text.iter(f"{SVG}tspan")] or [
                    (text.text, text.get("x"), text.get("y"))]
                for content, x, y in lines:
                    left, right = extent(float(x), content, size, text.get("text-anchor", "start"))
                    assert 0 <= left and right <= width, (url, content)
                    assert size * 0.8 <= float(y) <= height, (url, content)
                    if text.get("dominant-baseline") == "central":
                        row_label_right = max(row_label_right, right)
            if row_label_right:  # themes by start year: the grid starts right of its labels
                assert min(grid) > row_label_right, url
    assert drawn >= 7


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_charts_keep_their_text_alternatives_and_short_ones_are_not_squeezed_beside_tall_ones(
        client, demo, language):
    with translation.override(language):
        url = reverse("profiles:organisation-detail", args=["xlab"])
    html = client.get(url).content.decode()
    charts = re.findall(r'<figure class="chart(?: chart-wide)?".*?</figure>', html, re.S)
    assert len(charts) == 2
    for figure in charts:
        assert "<title id=" in figure and "<desc id=" in figure and '<table class="data-table">' in figure
        # The one-project timeline and the chart of seven countries each take the whole row.
        assert figure.startswith('<figure class="chart chart-wide"')


def test_the_width_estimate_is_at_least_the_width_drawn_in_a_wide_sans_serif():
    """The estimate holds for DejaVu Sans, what a browser without the page's first fonts draws, and wider than they."""
    image_font = pytest.importorskip("PIL.ImageFont")
    path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not path.exists():
        pytest.skip("DejaVu Sans is not installed")
    font = image_font.truetype(str(path), 100)
    # Every letter of the Latin alphabets of the EU's languages, and the signs the charts write.
    latin = [chr(code) for code in [*range(0x20, 0x7F), *range(0xA0, 0x180)] if chr(code) != "ŉ"]  # ŉ: deprecated
    for text in [*latin, "–", "—", "…", "€", "2015", "€131,961", "131.961 €", "SmartEnCity (2016–2022)",
                 *LONG_ITALIAN_THEMES]:
        assert text_width(text, 100) >= font.getlength(text) - 0.05, text
