"""
Charts drawn on the server as inline SVG: geometry here, markup in templates/includes/charts/.

Each chart is drawn in a 400-unit-wide box that scales to its container, with
every bar's label on a line of its own above the bar, so it stays legible at
390 px wide and in print. Each carries a title, a description and the numbers
it draws, which the template also gives as a table.

Every text is placed from an estimate of its width (``text_width``), so that it
stays inside the box and clear of the grid: the SVG does not let it overflow.
"""

import datetime
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries as country_names

from core.collation import sort_key, sorted_by
from core.money import format_euros

WIDTH = 400
LEFT = 4
PLOT = WIDTH - 2 * LEFT
ROW = 38          # height of one labelled bar
MOST_BARS = 20    # a chart with more would be too long to read, and too heavy a page
AXIS = 28         # height of the year axis under a timeline
LABEL_SIZE = 15   # font sizes of .label and of .value and .tick in static/css/site.css, in the box's units
SMALL_SIZE = 13
TICK_GAP = 6      # the least room between two tick labels
LINE = 18         # the line height of a row label of the themes chart, which may wrap
GUTTER_GAP = 12   # between the row labels and the first column of dots
COLUMN = 48       # the width a column of dots would like, for one start year
SAME_HEIGHT = 120  # two charts side by side differ in height by at most this, or the shorter leaves a hole

# Advances of DejaVu Sans, the widest of the common sans-serif fonts the page's font stack may fall back to, rounded
# up, in ems: an estimate of a text's width that holds for the narrower fonts (Segoe UI, Roboto, San Francisco) too.
_EMS = {
    **dict.fromkeys("'ijlIJ,.:; |", .35), **dict.fromkeys("ft()[]r-!ľ", .42),
    **dict.fromkeys("#&+<=>^~¬±×÷ħ", .84), **dict.fromkeys("mwMW%@—…æœÆŒ©®¼½¾Ħ", 1.08),
}


def text_width(text, size):
    """The width of ``text`` set at ``size`` units, generously estimated (see _EMS)."""
    def em(character):
        base = unicodedata.normalize("NFD", character)[0]  # "à" is as wide as "a"
        return _EMS.get(character) or _EMS.get(base, .8 if base.isupper() else .64)
    return sum(em(character) for character in text) * size


def fit(text, size, room):
    """``text``, cut short with an ellipsis if it would be wider than ``room``."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text, size, room, most_lines=3):
    """``text`` broken into lines no wider than ``room``, at most ``most_lines`` of them, the last cut short if need be."""
    lines = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > most_lines:
        lines[most_lines - 1:] = [" ".join(lines[most_lines - 1:])]
    return [fit(line, size, room) for line in lines]


@dataclass
class Bar:
    label: str
    value_label: str
    x: float
    width: float
    y: float
    url: str = ""
    muted: bool = False

    def __post_init__(self):
        # Coordinates to a tenth of a unit: enough for the eye, and short markup.
        self.x, self.width = round(self.x, 1), round(self.width, 1)
        self.label = fit(self.label, LABEL_SIZE, PLOT)

    @property
    def label_y(self):
        return self.y - 6

    @property
    def label_end(self):
        """Whether the label ends at the bar's end, rather than starting at its start, to stay inside the box."""
        return self.x + text_width(self.label, LABEL_SIZE) > WIDTH - LEFT

    @property
    def label_x(self):
        """Where the label starts, or ends (``label_end``): over the bar, as far as the box allows."""
        if not self.label_end:
            return self.x
        return round(max(min(self.x + self.width, WIDTH - LEFT), LEFT + text_width(self.label, LABEL_SIZE)), 1)

    @property
    def value_y(self):
        return self.y + 10

    @property
    def value_x(self):
        return round(self.x + self.width + 4, 1)


@dataclass
class Tick:
    label: str  # empty where the labels would crowd: the grid line only
    x: float

    def __post_init__(self):
        self.x = round(self.x, 1)


@dataclass
class Dot:
    x: float
    y: float
    r: float
    count: int

    def __post_init__(self):
        self.x, self.y, self.r = round(self.x, 1), round(self.y, 1), round(self.r, 1)


@dataclass
class RowLabel:
    """The label of a row of dots, in the gutter left of the grid, its lines centred on the row's ``y``."""
    lines: list
    y: float
    x: float = LEFT

    def __post_init__(self):
        self.y = round(self.y, 1)

    @property
    def line_ys(self):
        first = self.y - LINE * (len(self.lines) - 1) / 2
        return [(line, round(first + LINE * index, 1)) for index, line in enumerate(self.lines)]

    @property
    def width(self):
        return max(text_width(line, LABEL_SIZE) for line in self.lines)


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    columns: list                     # headings of the data table
    table: list                       # rows of the data table
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    dots: list = field(default_factory=list)
    row_labels: list = field(default_factory=list)  # RowLabel for dot rows
    height: float = 0
    note: str = ""
    wide: bool = False                # alone on its row of the page: see arrange()

    @property
    def width(self):
        return WIDTH

    @property
    def axis_y(self):
        return self.height - AXIS + 4

    @property
    def tick_label_y(self):
        return self.height - 6

    @property
    def depth(self):
        """About how tall the chart stands on the page, caption included, in the box's units."""
        return self.height + 40 + 20 * math.ceil(text_width(self.note, SMALL_SIZE) / WIDTH)


def arrange(charts):
    """
    Mark ``wide`` the charts that stand alone on their row: side by side only two of about the same height, as a
    short chart beside a tall one leaves an empty block under it.
    """
    index = 0
    while index < len(charts):
        if index + 1 < len(charts) and abs(charts[index].depth - charts[index + 1].depth) <= SAME_HEIGHT:
            index += 2
        else:
            charts[index].wide = True
            index += 1
    return charts


def bar_chart(slug, title, rows, value_label, columns, note=""):
    """Horizontal bars: ``rows`` is [(label, value, url)] with numeric values, largest first."""
    rows = [(label, value, value_label(value), url) for label, value, url in rows if value is not None]
    largest = max((float(value) for _, value, _, _ in rows), default=0) or 1
    # The longest bar takes three quarters of the width, or less if a value written after its bar would not fit.
    scale = min([PLOT * 0.75] + [
        (PLOT - 4 - text_width(text, SMALL_SIZE)) * largest / float(value) for _, value, text, _ in rows if value
    ])
    bars = [
        Bar(label, text, LEFT, max(scale * float(value) / largest, 2), index * ROW + 22, url)
        for index, (label, value, text, url) in enumerate(rows)
    ]
    description = "; ".join(f"{label}: {text}" for label, _, text, _ in rows)
    return Chart(
        slug=slug, title=title, description=description or _("No data."), columns=columns,
        table=[(label, text) for label, _, text, _ in rows], bars=bars, height=len(bars) * ROW + 8, note=note,
    )


def _tick_step(count, room, label_width):
    """Label every ``step``-th of ``count`` ticks ``room`` apart so that labels ``label_width`` wide do not crowd."""
    return max(1, math.ceil((label_width + TICK_GAP) / room)) if room else 1


def _year_axis(first_year, last_year):
    """x position of a date on an axis running from 1 January of ``first_year`` to the end of ``last_year``."""
    start = datetime.date(first_year, 1, 1)
    span = (datetime.date(last_year + 1, 1, 1) - start).days
    # The first and the last tick are labelled at the axis' ends: the axis starts and ends half a label in.
    label_width = max(text_width(str(year), SMALL_SIZE) for year in (first_year, last_year + 1))
    left, plot = LEFT + label_width / 2, PLOT - label_width

    def x(date):
        return left + plot * (date - start).days / span

    years = last_year - first_year + 1
    step = _tick_step(years + 1, plot / years, label_width)
    ticks = [Tick(str(year), x(datetime.date(year, 1, 1))) for year in range(first_year, last_year + 2, step)]
    return x, ticks


def timeline(records, today=None, note=""):
    """One bar per project from its start to its end, on an axis of years."""
    today = today or timezone.localdate()
    dated = [r for r in records if r.project.start_date]
    if not dated:
        return None
    # An open-ended project runs to today, and a planned one at least to its start.
    ends = [max(r.project.end_date or today, r.project.start_date) for r in dated]
    first_year = min(r.project.start_date.year for r in dated)
    x, ticks = _year_axis(first_year, max(ends).year)
    bars, table = [], []
    for index, (record, end) in enumerate(zip(dated, ends, strict=True)):
        project = record.project
        start_x = x(project.start_date)
        end_x = x(end + datetime.timedelta(days=1))
        years = f"{project.start_date.year}–{project.end_date.year if project.end_date else '…'}"
        bars.append(Bar(f"{project.acronym} ({years})", "", start_x, max(end_x - start_x, 2), index * ROW + 22,
                        project.get_absolute_url(), muted=project.end_date is None))
        months = project.duration_months
        table.append((project.acronym, date_format(project.start_date),
                      date_format(project.end_date) if project.end_date else "–", months if months is not None else "–"))
    description = ngettext(
        "%(count)s project, the first starting in %(first)s.",
        "%(count)s projects from %(first)s to %(last)s.",
        len(dated),
    ) % {"count": len(dated), "first": first_year, "last": max(ends).year}
    return Chart(
        slug="timeline", title=_("Projects over time"), description=description,
        columns=[_("Project"), _("Start"), _("End"), _("Months")], table=table, bars=bars, ticks=ticks,
        height=len(bars) * ROW + AXIS + 4, note=note,
    )


def themes_over_time(themes_by_year):
    """
    A dot for each theme in each start year, its size the number of projects: a row for each theme, labelled in a
    gutter on the left, and a column for each year, right of it.
    """
    if not themes_by_year:
        return None
    years = list(themes_by_year)
    first_seen = {}
    for year, counts in themes_by_year.items():
        for theme in counts:
            first_seen.setdefault(theme, year)
    themes = sorted(first_seen, key=lambda theme: (first_seen[theme], sort_key(theme)))
    most = max((n for counts in themes_by_year.values() for n in counts.values()), default=0)
    if not most:  # projects without themes: nothing to draw
        return None
    # The last year's label is centred on its column, which may be narrower than the label: keep half a label free.
    tick_width = max(text_width(str(year), SMALL_SIZE) for year in years)
    right = WIDTH - LEFT - tick_width / 2
    # The gutter is as wide as the longest label, but leaves each year a column, and the labels wrap to fit it.
    room = max(min(right - GUTTER_GAP - LEFT - COLUMN * len(years), WIDTH * 0.65), WIDTH * 0.3)
    labels = [wrap(theme, LABEL_SIZE, room) for theme in themes]
    gutter = LEFT + max(text_width(line, LABEL_SIZE) for lines in labels for line in lines) + GUTTER_GAP
    column = (right - gutter) / len(years)
    largest = max(min(8, column / 2 - 1), 2)
    dots, row_labels, table = [], [], []
    y = 4
    for theme, lines in zip(themes, labels, strict=True):
        height = max(len(lines) * LINE + 10, 2 * largest + 12)
        row_labels.append(RowLabel(lines, y + height / 2))
        for index, year in enumerate(years):
            count = themes_by_year[year].get(theme, 0)
            if count:
                dots.append(Dot(gutter + column * (index + 0.5), y + height / 2, largest * (1 + count / most) / 2, count))
        table.append((theme, *[themes_by_year[year].get(theme, 0) for year in years]))
        y += height
    step = _tick_step(len(years), column, tick_width)
    ticks = [Tick(str(year) if index % step == 0 else "", gutter + column * (index + 0.5))
             for index, year in enumerate(years)]
    description = "; ".join(
        _("%(year)s: %(themes)s") % {"year": year, "themes": ", ".join(sorted_by(counts))}
        for year, counts in themes_by_year.items()
    )
    return Chart(
        slug="themes", title=_("Themes by start year"), description=description,
        columns=[_("Theme"), *[str(year) for year in years]], table=table, dots=dots, ticks=ticks,
        row_labels=row_labels, height=y + AXIS,
    )


def portfolio_charts(insights, partner_list_url):
    """The charts of an organisation's profile, those with something to draw."""
    contributions = sorted(
        insights.contributions, key=lambda r: (-r.participation.eu_contribution, r.project.acronym)
    )
    money_notes = []
    if len(contributions) < insights.project_count:
        money_notes.append(ngettext(
            "The EU contribution is known for %(known)s of %(total)s projects.",
            "The EU contribution is known for %(known)s of %(total)s projects.",
            len(contributions),
        ) % {"known": len(contributions), "total": insights.project_count})
    if len(contributions) > MOST_BARS:
        money_notes.append(_("The %(most)s largest are shown.") % {"most": MOST_BARS})
    dated = insights.timeline
    timeline_note = ""
    if len(dated) > MOST_BARS:
        timeline_note = _("The %(most)s latest of %(total)s projects are shown.") % {
            "most": MOST_BARS, "total": len(dated),
        }
    countries = insights.partner_countries[:MOST_BARS]
    country_note = "" if insights.rosters_complete else _(
        "Counted from the partners recorded on this site, which are not every partner of every project."
    )
    charts = [
        timeline(dated[-MOST_BARS:], note=timeline_note),
        contributions and bar_chart(
            "contributions", _("EU contribution received, by project"),
            [(r.project.acronym, r.participation.eu_contribution, r.project.get_absolute_url())
             for r in contributions[:MOST_BARS]],
            format_euros, [_("Project"), _("EU contribution")], note=" ".join(money_notes),
        ),
        countries and bar_chart(
            "countries", _("Partner organisations by country"),
            [(country_names.name(code), n, f"{partner_list_url}?country={code}") for code, n in countries],
            str, [_("Country"), _("Partner organisations")], note=country_note,
        ),
        # A trend: only where there are enough projects, over more than one year, to show one.
        insights.shows_trends and themes_over_time(insights.themes_by_year),
    ]
    return arrange([chart for chart in charts if chart])


def consortium_charts(participations):
    """A project's consortium by country and by kind of organisation."""
    by_country = Counter(p.organisation.country.name for p in participations if p.organisation.country)
    by_kind = Counter(p.organisation.get_kind_display() for p in participations if p.organisation.kind)

    def ranked(counter):
        return [(label, n, "") for label, n in sorted(counter.items(), key=lambda item: (-item[1], sort_key(item[0])))]

    charts = [
        by_country and bar_chart("consortium-countries", _("Recorded partners by country"), ranked(by_country), str,
                                 [_("Country"), _("Partners")]),
        by_kind and bar_chart("consortium-kinds", _("Recorded partners by kind of organisation"), ranked(by_kind), str,
                              [_("Kind"), _("Partners")]),
    ]
    return arrange([chart for chart in charts if chart])
