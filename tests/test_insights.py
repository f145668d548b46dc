"""`portfolio_insights`: every figure of a portfolio, on small portfolios whose answers are worked out by hand."""

import datetime
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.insights import Metric, SizeSource, portfolio_insights
from projects.models import Organisation, Role
from tests.factories import make_organisation, make_participation, make_project, make_theme

pytestmark = pytest.mark.django_db

D = datetime.date

# Every figure of ``Insights`` that takes no argument.
PROPERTIES = [
    "project_count", "coordinated_count", "partner_role_count",
    "contributions", "money_complete", "total_contribution", "largest_contribution",
    "dated", "first_start_year", "last_start_year", "longest", "timeline",
    "consortium_sizes_complete", "average_consortium_size", "largest_consortium",
    "rosters_complete", "partner_count", "partner_countries", "partner_country_count",
    "themes_by_year", "periods", "themes_by_period", "theme_shift",
    "shows_shares", "shows_averages", "shows_trends", "partial_roster_count", "unknown_size_count",
    "contributions_by_start_year", "frequent_partners",
]


def everything(insights):
    """Every figure the insights offer, every field of every record and partner, as one dict."""
    figures = {name: getattr(insights, name) for name in PROPERTIES}
    figures["metrics"] = {metric: insights.metric(metric) for metric in Metric}
    figures["coverage"] = {metric: insights.coverage(metric) for metric in Metric}
    figures["top_partners"] = insights.top_partners()
    figures["records"] = [
        (
            record.project.acronym, record.project.slug, record.project.start_date, record.project.end_date,
            record.project.duration_months, record.project.get_absolute_url(),
            record.participation.role, record.participation.eu_contribution, record.themes,
            record.recorded_size, record.declared_size, record.roster_complete, record.consortium_size,
            record.size_source, record.size_known,
        )
        for record in insights.records
    ]
    figures["partners"] = [vars(partner) for partner in insights.partners]
    return figures


def acronyms(records):
    return [record.project.acronym for record in records]


def acronym(record):
    return record.project.acronym if record is not None else None


def join(project, *organisations, **fields):
    for organisation in organisations:
        make_participation(project, organisation, **fields)


@pytest.fixture
def portfolio():
    """Four published projects of Home City with known answers, and one unpublished project that must never count.

    ======  =====================  ===========  =======  ========  =====================  ===================
    acronym dates                  role         EU (€)   declared  recorded roster        themes / keywords
    ======  =====================  ===========  =======  ========  =====================  ===================
    ONE     2015-03-01..2017-02-28 participant  100000   5         Home, Alpha, Beta (3)  Social / policing, safety
            24 months                                              (+ unpublished Hidden)
    TWO     2016-06-01..2020-05-31 coordinator  250000   3         Home, Alpha, Gamma (3) Energy, Social / energy, policing
            48 months
    THREE   2018-01-01..2019-12-31 partner      unknown  unknown   Home, Alpha, Beta,     Energy, Health / energy, heat
            24 months                                              Delta (4)
    FOUR    2020-09-01..2023-08-31 participant  80000    2         Home, Gamma, Delta (3) Energy / heat
            36 months
    SECRET  unpublished, 2010..2030, coordinator, €9,999,999, declared 40, with Alpha and Secret Partner, Culture
    ======  =====================  ===========  =======  ========  =====================  ===================
    """
    home = make_organisation(name="Home City", slug="home-city", country="IT")
    alpha = make_organisation(name="Alpha Institute", slug="alpha", country="ES")
    beta = make_organisation(name="Beta Lab", slug="beta", country="FR")
    gamma = make_organisation(name="Gamma Agency", slug="gamma", country="ES")
    delta = make_organisation(name="Delta Works", slug="delta", country="DE")
    hidden = make_organisation(name="Hidden Org", slug="hidden", country="PT", is_published=False)
    secret = make_organisation(name="Secret Partner", slug="secret", country="SE")
    social = make_theme(name="Social", slug="social")
    energy = make_theme(name="Energy", slug="energy")
    health = make_theme(name="Health", slug="health")
    culture = make_theme(name="Culture", slug="culture")

    # Created out of date order, so that nothing depends on the order of the rows.
    four = make_project(
        acronym="FOUR", slug="four", start_date=D(2020, 9, 1), end_date=D(2023, 8, 31),
        declared_consortium_size=2, keywords="heat",
    )
    four.themes.set([energy])
    make_participation(four, home, role=Role.PARTICIPANT, eu_contribution=Decimal("80000"))
    join(four, gamma, delta)

    two = make_project(
        acronym="TWO", slug="two", start_date=D(2016, 6, 1), end_date=D(2020, 5, 31),
        declared_consortium_size=3, keywords="energy, policing",
    )
    two.themes.set([social, energy])
    make_participation(two, home, role=Role.COORDINATOR, eu_contribution=Decimal("250000"))
    join(two, alpha, gamma)

    one = make_project(
        acronym="ONE", slug="one", start_date=D(2015, 3, 1), end_date=D(2017, 2, 28),
        declared_consortium_size=5, keywords="policing, safety",
    )
    one.themes.set([social])
    make_participation(one, home, role=Role.PARTICIPANT, eu_contribution=Decimal("100000"))
    make_participation(one, alpha, role=Role.COORDINATOR)
    join(one, beta, hidden)

    three = make_project(
        acronym="THREE", slug="three", start_date=D(2018, 1, 1), end_date=D(2019, 12, 31),
        declared_consortium_size=None, keywords="energy, heat",
    )
    three.themes.set([energy, health])
    make_participation(three, home, role=Role.PARTNER, eu_contribution=None)
    make_participation(three, alpha, role=Role.COORDINATOR)
    join(three, beta, delta)

    unpublished = make_project(
        acronym="SECRET", slug="secret", is_published=False, start_date=D(2010, 1, 1), end_date=D(2030, 12, 31),
        declared_consortium_size=40, keywords="secrets",
    )
    unpublished.themes.set([culture])
    make_participation(unpublished, home, role=Role.COORDINATOR, eu_contribution=Decimal("9999999"))
    join(unpublished, alpha, secret)
    return portfolio_insights(home)


# Projects and roles


def test_projects_in_start_order(portfolio):
    assert portfolio.project_count == 4
    assert acronyms(portfolio.records) == ["ONE", "TWO", "THREE", "FOUR"]


def test_roles(portfolio):
    assert portfolio.coordinated_count == 1
    assert portfolio.partner_role_count == 3


def test_an_organisation_coordinating_most_of_its_projects():
    home = make_organisation()
    for n, role in enumerate([Role.COORDINATOR, Role.COORDINATOR, Role.THIRD_PARTY]):
        make_participation(make_project(start_date=D(2015 + n, 1, 1), end_date=D(2019, 1, 1)), home, role=role)
    insights = portfolio_insights(home)
    assert (insights.project_count, insights.coordinated_count, insights.partner_role_count) == (3, 2, 1)


# Money


def test_money(portfolio):
    # THREE's contribution is unknown: skipped, and the money is not complete.
    assert acronyms(portfolio.contributions) == ["ONE", "TWO", "FOUR"]
    assert portfolio.total_contribution == Decimal("430000")
    assert acronym(portfolio.largest_contribution) == "TWO"
    assert portfolio.largest_contribution.participation.eu_contribution == Decimal("250000")
    assert portfolio.money_complete is False


def test_money_when_no_contribution_is_known():
    home = make_organisation()
    make_participation(make_project(start_date=D(2016, 1, 1), end_date=D(2017, 1, 1)), home, eu_contribution=None)
    insights = portfolio_insights(home)
    assert insights.contributions == []
    assert insights.total_contribution == 0
    assert insights.largest_contribution is None
    assert insights.money_complete is False
    assert insights.metric(Metric.LARGEST_GRANT) == (None, False)


@pytest.fixture
def ties():
    """Two projects tie on the contribution and on the duration; the one created first and first by
    acronym (AAA) starts later than the other (ZZZ), so only the start date can decide."""
    home = make_organisation()
    aaa = make_project(acronym="AAA", slug="aaa", start_date=D(2019, 1, 1), end_date=D(2021, 12, 31))  # 36 months
    zzz = make_project(acronym="ZZZ", slug="zzz", start_date=D(2017, 3, 1), end_date=D(2020, 2, 29))  # 36 months
    mmm = make_project(acronym="MMM", slug="mmm", start_date=D(2018, 1, 1), end_date=D(2018, 12, 31))  # 12 months
    make_participation(aaa, home, eu_contribution=Decimal("500"))
    make_participation(zzz, home, eu_contribution=Decimal("500"))
    make_participation(mmm, home, eu_contribution=Decimal("100"))
    return portfolio_insights(home)


def test_a_tie_on_the_largest_contribution_goes_to_the_earliest_project(ties):
    assert acronym(ties.largest_contribution) == "ZZZ"
    assert ties.total_contribution == Decimal("1100")
    assert ties.money_complete is True
    assert ties.metric(Metric.LARGEST_GRANT) == (Decimal("500"), True)


# Time


def test_years_timeline_and_longest(portfolio):
    assert (portfolio.first_start_year, portfolio.last_start_year) == (2015, 2020)
    assert acronyms(portfolio.timeline) == ["ONE", "TWO", "THREE", "FOUR"]
    assert [r.project.duration_months for r in portfolio.records] == [24, 48, 24, 36]
    assert acronym(portfolio.longest) == "TWO"


def test_a_tie_on_the_longest_project_goes_to_the_earliest(ties):
    assert [r.project.duration_months for r in ties.timeline] == [36, 12, 36]
    assert acronym(ties.longest) == "ZZZ"


def test_missing_dates():
    home = make_organisation()
    a, b, c = make_theme(name="A", slug="a"), make_theme(name="B", slug="b"), make_theme(name="C", slug="c")
    dated = make_project(acronym="DATED", slug="dated", start_date=D(2017, 1, 1), end_date=D(2017, 12, 31))
    no_start = make_project(acronym="NOSTART", slug="nostart", start_date=None, end_date=D(2030, 12, 31))
    no_end = make_project(acronym="NOEND", slug="noend", start_date=D(2015, 1, 1), end_date=None)
    for project, theme in [(dated, a), (no_start, b), (no_end, c)]:
        project.themes.set([theme])
        make_participation(project, home)
    insights = portfolio_insights(home)

    assert insights.project_count == 3
    assert acronyms(insights.records) == ["NOEND", "DATED", "NOSTART"]  # no start date: last
    # Without a start date: out of the years, the timeline, the themes by year and the periods.
    assert (insights.first_start_year, insights.last_start_year) == (2015, 2017)
    assert acronyms(insights.timeline) == ["NOEND", "DATED"]
    assert insights.themes_by_year == {2015: Counter({"C": 1}), 2017: Counter({"A": 1})}
    early, late = insights.periods
    assert (acronyms(early), acronyms(late)) == (["NOEND"], ["DATED"])
    # Without an end date: out of the longest, even though NOEND runs from 2015 and NOSTART to 2030.
    assert acronym(insights.longest) == "DATED"


def test_no_project_with_both_dates_gives_no_longest():
    home = make_organisation()
    make_participation(make_project(start_date=D(2016, 1, 1), end_date=None), home)
    insights = portfolio_insights(home)
    assert insights.longest is None
    assert (insights.first_start_year, insights.last_start_year) == (2016, 2016)


# Consortium sizes


def test_recorded_and_used_consortium_sizes(portfolio):
    # recorded: published organisations with a participation, Home City included, Hidden Org (ONE) left out.
    sizes = [
        (r.project.acronym, r.recorded_size, r.declared_size, r.consortium_size, r.size_source, r.roster_complete,
         r.size_known)
        for r in portfolio.records
    ]
    assert sizes == [
        ("ONE", 3, 5, 5, SizeSource.DECLARED, False, True),      # roster smaller than declared: declared size
        ("TWO", 3, 3, 3, SizeSource.RECORDED, True, True),
        ("THREE", 4, None, 4, SizeSource.RECORDED, False, False),  # nothing declared: incomplete
        ("FOUR", 3, 2, 3, SizeSource.RECORDED, True, True),       # roster larger than declared: recorded
    ]


def test_consortium_figures(portfolio):
    assert portfolio.average_consortium_size == 3.75  # (5 + 3 + 4 + 3) / 4
    assert acronym(portfolio.largest_consortium) == "ONE"
    assert portfolio.consortium_sizes_complete is False  # THREE declares no size


def test_recorded_size_counts_published_organisations_only():
    home = make_organisation()
    project = make_project(start_date=D(2016, 1, 1), end_date=D(2017, 1, 1), declared_consortium_size=3)
    make_participation(project, home)
    make_participation(project, make_organisation())
    make_participation(project, make_organisation(is_published=False))
    (record,) = portfolio_insights(home).records
    assert (record.recorded_size, record.consortium_size, record.size_source) == (2, 3, SizeSource.DECLARED)
    assert record.roster_complete is False


def test_recorded_size_includes_the_organisation_itself_even_unpublished():
    # The admin computes the figures of an organisation before it is published (profiles/admin.py:32).
    home = make_organisation(is_published=False)
    project = make_project(start_date=D(2016, 1, 1), end_date=D(2017, 1, 1), declared_consortium_size=2)
    make_participation(project, home)
    make_participation(project, make_organisation())
    insights = portfolio_insights(home)
    (record,) = insights.records
    assert (record.recorded_size, record.roster_complete, record.size_source) == (2, True, SizeSource.RECORDED)
    assert insights.metric(Metric.PARTNERS) == (1, True)


# Partners


def test_partners(portfolio):
    # Home City, Hidden Org (unpublished) and Secret Partner (only in an unpublished project) are not partners;
    # Alpha's share of the unpublished project does not count either.
    assert [(p.name, p.slug, p.country, p.shared_projects) for p in portfolio.partners] == [
        ("Alpha Institute", "alpha", "ES", 3),
        ("Beta Lab", "beta", "FR", 2),       # ties on 2 shared projects, by name
        ("Delta Works", "delta", "DE", 2),
        ("Gamma Agency", "gamma", "ES", 2),
    ]
    assert portfolio.partners[0].organisation_id == Organisation.objects.get(slug="alpha").pk
    assert portfolio.partner_count == 4
    assert [p.name for p in portfolio.top_partners()] == ["Alpha Institute", "Beta Lab", "Delta Works", "Gamma Agency"]
    assert [p.name for p in portfolio.top_partners(2)] == ["Alpha Institute", "Beta Lab"]


def test_partner_countries(portfolio):
    # Ties by the country's name, not its code: France (FR) before Germany (DE), as Francia before Germania.
    assert portfolio.partner_countries == [("ES", 2), ("FR", 1), ("DE", 1)]
    assert portfolio.partner_country_count == 3


def test_a_partner_without_a_country_counts_as_a_partner_but_not_as_a_country():
    home = make_organisation()
    project = make_project(start_date=D(2016, 1, 1), end_date=D(2017, 1, 1))
    make_participation(project, home)
    make_participation(project, make_organisation(name="Somewhere", country="NL"))
    make_participation(project, make_organisation(name="Nowhere", country=""))
    insights = portfolio_insights(home)
    assert insights.partner_count == 2
    assert insights.partner_countries == [("NL", 1)]
    assert insights.partner_country_count == 1


def test_rosters_completeness(portfolio):
    # ONE is short of its declared size and THREE declares none: partner counts are lower bounds.
    assert portfolio.rosters_complete is False
    assert portfolio.metric(Metric.PARTNERS) == (4, False)
    assert portfolio.metric(Metric.COUNTRIES) == (3, False)


# Themes and keywords over time


def test_themes_by_year(portfolio):
    assert portfolio.themes_by_year == {
        2015: Counter({"Social": 1}),
        2016: Counter({"Energy": 1, "Social": 1}),
        2018: Counter({"Energy": 1, "Health": 1}),
        2020: Counter({"Energy": 1}),
    }
    assert list(portfolio.themes_by_year) == [2015, 2016, 2018, 2020]
    assert [r.themes for r in portfolio.records] == [["Social"], ["Energy", "Social"], ["Energy", "Health"], ["Energy"]]


def test_periods_and_themes(portfolio):
    early, late = portfolio.periods
    assert (acronyms(early), acronyms(late)) == (["ONE", "TWO"], ["THREE", "FOUR"])
    assert tuple(portfolio.themes_by_period) == (Counter({"Social": 2, "Energy": 1}), Counter({"Energy": 2, "Health": 1}))
    assert portfolio.theme_shift == (["Social"], ["Health"])


def test_with_an_odd_number_of_projects_the_middle_one_goes_early():
    home = make_organisation()
    x, y = make_theme(name="X", slug="x"), make_theme(name="Y", slug="y")
    for name, year, theme, keywords in [("A", 2015, x, "solar"), ("B", 2016, y, "wind"), ("C", 2017, x, "solar")]:
        project = make_project(acronym=name, slug=name.lower(), start_date=D(year, 1, 1), end_date=D(2020, 1, 1),
                               keywords=keywords)
        project.themes.set([theme])
        make_participation(project, home)
    insights = portfolio_insights(home)
    early, late = insights.periods
    assert (acronyms(early), acronyms(late)) == (["A", "B"], ["C"])
    assert tuple(insights.themes_by_period) == (Counter({"X": 1, "Y": 1}), Counter({"X": 1}))
    assert insights.theme_shift == (["Y"], [])


# Key figures


def test_metrics_when_the_data_is_incomplete(portfolio):
    assert portfolio.metric(Metric.PROJECTS) == (4, True)
    assert portfolio.metric(Metric.PARTNERS) == (4, False)
    assert portfolio.metric(Metric.COUNTRIES) == (3, False)
    assert portfolio.metric(Metric.AVERAGE_CONSORTIUM) == (3.75, False)
    assert portfolio.metric(Metric.LARGEST_GRANT) == (Decimal("250000"), False)
    # The metric may be given by its stored value too.
    assert portfolio.metric("largest-grant") == (Decimal("250000"), False)


def test_metrics_when_the_data_is_complete():
    """Full rosters whose declared sizes equal the recorded ones, and every contribution known."""
    home = make_organisation(name="Home")
    paris = make_organisation(name="Paris Lab", country="FR")
    berlin = make_organisation(name="Berlin Works", country="DE")
    first = make_project(acronym="FIRST", slug="first", start_date=D(2019, 1, 1), end_date=D(2020, 12, 31),
                         declared_consortium_size=2)
    second = make_project(acronym="SECOND", slug="second", start_date=D(2020, 1, 1), end_date=D(2021, 12, 31),
                          declared_consortium_size=3)
    make_participation(first, home, eu_contribution=Decimal("1000"))
    make_participation(first, paris)
    make_participation(second, home, eu_contribution=Decimal("3000"))
    join(second, paris, berlin)
    insights = portfolio_insights(home)

    assert (insights.rosters_complete, insights.consortium_sizes_complete, insights.money_complete) == (True,) * 3
    assert [(r.recorded_size, r.consortium_size, r.size_source) for r in insights.records] == [
        (2, 2, SizeSource.RECORDED), (3, 3, SizeSource.RECORDED),
    ]
    assert [(p.name, p.shared_projects) for p in insights.top_partners()] == [("Paris Lab", 2), ("Berlin Works", 1)]
    assert insights.partner_countries == [("FR", 1), ("DE", 1)]  # France before Germany
    assert insights.metric(Metric.PROJECTS) == (2, True)
    assert insights.metric(Metric.PARTNERS) == (2, True)
    assert insights.metric(Metric.COUNTRIES) == (2, True)
    assert insights.metric(Metric.AVERAGE_CONSORTIUM) == (2.5, True)
    assert insights.metric(Metric.LARGEST_GRANT) == (Decimal("3000"), True)
    assert insights.total_contribution == Decimal("4000")


# No projects, unpublished projects


def assert_empty(insights):
    assert insights.records == [] and insights.partners == []
    assert (insights.project_count, insights.coordinated_count, insights.partner_role_count) == (0, 0, 0)
    assert insights.contributions == []
    assert insights.total_contribution == 0
    assert insights.largest_contribution is None
    assert insights.money_complete is False
    assert (insights.first_start_year, insights.last_start_year) == (None, None)
    assert insights.longest is None
    assert insights.timeline == []
    assert insights.average_consortium_size is None
    assert insights.largest_consortium is None
    assert insights.consortium_sizes_complete is False
    assert insights.rosters_complete is False
    assert (insights.partner_count, insights.partner_countries, insights.partner_country_count) == (0, [], 0)
    assert insights.top_partners() == []
    assert insights.themes_by_year == {}
    assert insights.periods == ([], [])
    assert tuple(insights.themes_by_period) == (Counter(), Counter())
    assert insights.theme_shift == ([], [])
    assert {metric: insights.metric(metric) for metric in Metric} == {
        Metric.PROJECTS: (0, False),  # nothing recorded yet: the editors' figure stands
        Metric.PARTNERS: (0, False),
        Metric.COUNTRIES: (0, False),
        Metric.AVERAGE_CONSORTIUM: (None, False),
        Metric.LARGEST_GRANT: (None, False),
    }


def test_an_organisation_without_projects():
    lonely = make_organisation()
    make_participation(make_project(), make_organisation())  # someone else's project
    assert_empty(portfolio_insights(lonely))


def test_an_organisation_with_only_an_unpublished_project():
    home = make_organisation()
    project = make_project(is_published=False, declared_consortium_size=2, eu_contribution=Decimal("10"))
    project.themes.set([make_theme()])
    make_participation(project, home, role=Role.COORDINATOR, eu_contribution=Decimal("5"))
    make_participation(project, make_organisation())
    assert_empty(portfolio_insights(home))


def test_an_unpublished_project_changes_nothing(portfolio):
    home = Organisation.objects.get(slug="home-city")
    before = everything(portfolio_insights(home))
    project = make_project(
        acronym="AAAA", slug="aaaa", is_published=False, start_date=D(2000, 1, 1), end_date=D(2040, 12, 31),
        declared_consortium_size=99, keywords="policing, novelty",
    )
    project.themes.set([make_theme(name="Novelty", slug="novelty")])
    make_participation(project, home, role=Role.COORDINATOR, eu_contribution=Decimal("99999999"))
    join(project, Organisation.objects.get(slug="beta"), make_organisation(name="Aaron", country="NO"))
    assert everything(portfolio_insights(home)) == before


# Queries


def build_portfolio(size):
    home = make_organisation()
    themes = [make_theme() for _ in range(3)]
    partners = [make_organisation(country=country) for country in ["FR", "DE", "ES", "NL"]]
    for n in range(size):
        project = make_project(
            start_date=D(2000 + n % 20, 1 + n % 12, 1), end_date=D(2045, 1, 1) if n % 7 else None,
            declared_consortium_size=n % 5 or None, keywords="energy, heat" if n % 2 else "safety",
        )
        project.themes.set(themes[: 1 + n % 3])
        make_participation(project, home, role=Role.COORDINATOR if n % 3 == 0 else Role.PARTICIPANT,
                           eu_contribution=Decimal(1000 * n) if n % 4 else None)
        join(project, *partners[: 1 + n % 4])
    return home


def queries_for_everything(organisation):
    with CaptureQueriesContext(connection) as queries:
        figures = everything(portfolio_insights(organisation))
    assert figures["project_count"] > 0
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_portfolio():
    small = queries_for_everything(build_portfolio(3))
    large = queries_for_everything(build_portfolio(60))
    assert small == large == 4


# The Lecce demo


def test_lecce_demo():
    call_command("load_demo", stdout=io.StringIO())
    insights = portfolio_insights(Organisation.objects.get(slug="comune-di-lecce"))

    assert insights.project_count == 5  # four of Horizon 2020 and SEE MMS, of Interreg
    assert (insights.coordinated_count, insights.partner_role_count) == (0, 5)
    assert acronym(insights.largest_contribution) == "SmartEnCity"
    assert insights.largest_contribution.participation.eu_contribution == Decimal("131961")
    assert insights.metric(Metric.LARGEST_GRANT)[0] == Decimal("131961")
    longest = insights.longest.project
    assert (longest.acronym, longest.start_date.year, longest.end_date.year) == ("SmartEnCity", 2016, 2022)
    assert acronyms(insights.timeline) == ["TRILLION", "City4Age", "SmartEnCity", "PLANHEAT"]
    assert insights.theme_shift == (
        ["Active and healthy ageing", "Age-friendly city services", "Citizen safety", "Community policing",
         "Social networks"],
        ["Energy efficiency", "Energy planning", "Heating and cooling planning", "Integrated energy planning",
         "Zero-carbon districts"],
    )


# What a figure rests on, and what one project cannot support


def test_each_metric_says_how_many_projects_its_data_covers():
    from projects.insights import MetricValues

    home = make_organisation(slug="home", is_featured=True)
    complete = make_project(declared_consortium_size=2, start_date=D(2015, 1, 1))
    partial = make_project(declared_consortium_size=9, start_date=D(2016, 1, 1))
    undeclared = make_project(start_date=None)
    make_participation(complete, home, eu_contribution=Decimal("10"))
    make_participation(complete, make_organisation(country="FR"))
    make_participation(partial, home)
    make_participation(undeclared, home, eu_contribution=Decimal("5"))
    insights = portfolio_insights(home)
    coverage = {metric: insights.coverage(metric) for metric in Metric}
    assert coverage == {
        Metric.PROJECTS: (3, 3),
        Metric.PARTNERS: (1, 3),  # the undeclared roster counts as partial
        Metric.COUNTRIES: (1, 3),
        Metric.AVERAGE_CONSORTIUM: (2, 3),  # the undeclared size is not known
        Metric.LARGEST_GRANT: (2, 3),
    }
    # The values the profile caches carry it too.
    assert MetricValues.of(insights).coverage(Metric.PARTNERS) == (1, 3)
    assert MetricValues({}).coverage(Metric.PARTNERS) is None  # cached before coverage was kept


@pytest.mark.parametrize(
    ("years", "shares", "averages", "trends"),
    [
        ([2016], False, False, False),
        ([2015, 2016], False, True, False),
        ([2016, 2016, 2016], True, True, False),  # three projects, one start year: nothing moved
        ([2015, 2016, 2016], True, True, True),
        ([2015, 2016, None], True, True, False),  # two dated projects make no trend
    ],
)
def test_shares_averages_and_trends_need_enough_projects(years, shares, averages, trends):
    home = make_organisation(slug="home")
    for year in years:
        make_participation(make_project(start_date=D(year, 1, 1) if year else None), home)
    insights = portfolio_insights(home)
    assert (insights.shows_shares, insights.shows_averages, insights.shows_trends) == (shares, averages, trends)


def test_only_partners_met_more_than_once_are_frequent():
    home = make_organisation(slug="home")
    again, once = make_organisation(name="Again"), make_organisation(name="Once")
    for n in range(2):
        project = make_project()
        make_participation(project, home)
        make_participation(project, again)
        if n:
            make_participation(project, once)
    insights = portfolio_insights(home)
    assert [(p.name, p.shared_projects) for p in insights.frequent_partners] == [("Again", 2)]
