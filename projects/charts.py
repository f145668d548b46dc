"""
Charts drawn on the server as inline SVG: geometry here, markup in templates/includes/charts/.

Each chart is drawn in a 400-unit-wide box that scales to its container, with
every label on a line of its own above its bar, so it stays legible at 390 px
wide and in print. Each carries a title, a description and the numbers it
draws, which the template also gives as a table.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries as country_names

from core.money import format_euros

WIDTH = 400
LEFT = 4
PLOT = WIDTH - 2 * LEFT
ROW = 38          # height of one labelled bar
MOST_BARS = 20    # a chart with more would be too long to read, and too heavy a page
AXIS = 28         # height of the year axis under a timeline


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

    @property
    def label_y(self):
        return self.y - 6

    @property
    def value_y(self):
        return self.y + 10

    @property
    def value_x(self):
        return round(min(self.x + self.width + 4, WIDTH - LEFT), 1)


@dataclass
class Tick:
    label: str
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
        self.x, self.r = round(self.x, 1), round(self.r, 1)


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
    row_labels: list = field(default_factory=list)  # (label, y) for dot rows
    height: float = 0
    note: str = ""

    @property
    def width(self):
        return WIDTH

    @property
    def axis_y(self):
        return self.height - AXIS + 4

    @property
    def tick_label_y(self):
        return self.height - 6


def bar_chart(slug, title, rows, value_label, columns, note=""):
    """Horizontal bars: ``rows`` is [(label, value, url)] with numeric values, largest first."""
    rows = [row for row in rows if row[1] is not None]
    largest = max((value for _, value, _ in rows), default=0) or 1
    bars = [
        Bar(label, value_label(value), LEFT, max(PLOT * 0.75 * float(value) / float(largest), 2), index * ROW + 22, url)
        for index, (label, value, url) in enumerate(rows)
    ]
    description = "; ".join(f"{bar.label}: {bar.value_label}" for bar in bars)
    return Chart(
        slug=slug, title=title, description=description or _("No data."), columns=columns,
        table=[(bar.label, bar.value_label) for bar in bars], bars=bars, height=len(bars) * ROW + 8, note=note,
    )


def _year_axis(first_year, last_year):
    """x position of a date on an axis running from 1 January of ``first_year`` to the end of ``last_year``."""
    start = datetime.date(first_year, 1, 1)
    span = (datetime.date(last_year + 1, 1, 1) - start).days

    def x(date):
        return LEFT + PLOT * (date - start).days / span

    step = max(1, (last_year - first_year + 1) // 8)
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
    """A dot for each theme in each start year, its size the number of projects."""
    if not themes_by_year:
        return None
    years = list(themes_by_year)
    first_seen = {}
    for year, counts in themes_by_year.items():
        for theme in sorted(counts):
            first_seen.setdefault(theme, year)
    themes = sorted(first_seen, key=lambda theme: (first_seen[theme], theme))
    column = PLOT / len(years)
    most = max((n for counts in themes_by_year.values() for n in counts.values()), default=0)
    if not most:  # projects without themes: nothing to draw
        return None
    dots, row_labels, table = [], [], []
    for row, theme in enumerate(themes):
        y = row * ROW + 26
        row_labels.append((theme, y - 12))
        for index, year in enumerate(years):
            count = themes_by_year[year].get(theme, 0)
            if count:
                dots.append(Dot(LEFT + column * (index + 0.5), y + 4, 4 + 4 * count / most, count))
        table.append((theme, *[themes_by_year[year].get(theme, 0) for year in years]))
    ticks = [Tick(str(year), LEFT + column * (index + 0.5)) for index, year in enumerate(years)]
    description = "; ".join(
        _("%(year)s: %(themes)s") % {"year": year, "themes": ", ".join(sorted(counts))}
        for year, counts in themes_by_year.items()
    )
    return Chart(
        slug="themes", title=_("Themes by start year"), description=description,
        columns=[_("Theme"), *[str(year) for year in years]], table=table, dots=dots, ticks=ticks,
        row_labels=row_labels, height=len(themes) * ROW + AXIS + 4,
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
    return [chart for chart in charts if chart]


def consortium_charts(participations):
    """A project's consortium by country and by kind of organisation."""
    by_country = Counter(p.organisation.country.name for p in participations if p.organisation.country)
    by_kind = Counter(p.organisation.get_kind_display() for p in participations if p.organisation.kind)

    def ranked(counter):
        return [(label, n, "") for label, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))]

    charts = [
        by_country and bar_chart("consortium-countries", _("Recorded partners by country"), ranked(by_country), str,
                                 [_("Country"), _("Partners")]),
        by_kind and bar_chart("consortium-kinds", _("Recorded partners by kind of organisation"), ranked(by_kind), str,
                              [_("Kind"), _("Partners")]),
    ]
    return [chart for chart in charts if chart]
