"""Insights as visitors and editors see them: the profile's track record, charts and key figures."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from profiles.models import FigureSource, KeyFigure, parse_figure
from projects.cordis import refresh_statistics
from projects.models import Organisation, Participation, Project, Role
from tests.factories import (
    count_queries,
    make_key_figure,
    make_organisation,
    make_participation,
    make_project,
    make_theme,
)

pytestmark = pytest.mark.django_db


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def lecce_page(client):
    call_command("load_demo", stdout=io.StringIO())
    response = client.get(reverse("profiles:home"))
    assert response.status_code == 200
    return response


def test_the_lecce_track_record(lecce_page):
    text = text_of(lecce_page.content.decode())
    assert "5 projects: coordinator in 0, partner in 5 (0% coordinated)" in text
    # Known for one project of five: the total says so.
    assert "at least €131,961; the largest known, €131,961, from SmartEnCity (known for 1 of 5 projects)" in text
    # The fuller consortia: 55 partners in 17 countries in the four research projects, and SEE MMS's four.
    assert ("at least 59 partner organisations in 18 countries, from the partners recorded "
            "(the roster is partial for 4 of 5 projects)") in text
    assert "The editors state 90 partner organisations in 17 countries" in text
    assert "Most frequent partners RINA Consulting (2 projects)" in text
    assert "SmartEnCity , 2016–2022 (78 months)" in text or "SmartEnCity, 2016–2022 (78 months)" in text
    early = text.index("Earlier projects:")
    late = text.index("Later projects:")
    assert early < late
    assert "Citizen safety" in text[early:late] and "Active and healthy ageing" in text[early:late]
    assert "Zero-carbon districts" in text[late:] and "Heating and cooling planning" in text[late:]


def test_the_lecce_key_figures_say_where_each_value_comes_from(lecce_page):
    figures = {resolved.figure.metric: resolved for resolved in lecce_page.context["key_figures"]}
    # Every project is recorded, so the count is computed; the rest rest on incomplete data.
    assert (figures[KeyFigure.Metric.PROJECTS].value, figures[KeyFigure.Metric.PROJECTS].source) == (
        "5", FigureSource.COMPUTED)
    for metric, value in [(KeyFigure.Metric.PARTNERS, "90"), (KeyFigure.Metric.COUNTRIES, "17"),
                          (KeyFigure.Metric.AVERAGE_CONSORTIUM, "22+"), (KeyFigure.Metric.LARGEST_GRANT, "€131,961")]:
        assert (figures[metric].value, figures[metric].source) == (value, FigureSource.EDITOR)
    assert figures[KeyFigure.Metric.LARGEST_GRANT].agrees is True
    assert figures[KeyFigure.Metric.PARTNERS].agrees is False
    content = lecce_page.content.decode()
    assert content.count("computed from the data on this site") == 1
    assert content.count("stated by the editors") == 4


def test_each_editors_figure_stands_beside_what_the_site_records_of_it(lecce_page):
    """One story of the numbers: where the editors' figure and the recorded one differ, the page shows both and
    says what each is; the recorded one is the track record's own."""
    notes = {resolved.figure.metric: resolved.note for resolved in lecce_page.context["key_figures"]}
    assert notes == {
        KeyFigure.Metric.PROJECTS: "",  # computed, and the editors say the same
        KeyFigure.Metric.PARTNERS: "Recorded on this site: at least 59, from the partners of its 5 projects; the "
                                   "roster is partial for 4 of them.",
        KeyFigure.Metric.COUNTRIES: "Recorded on this site: at least 18, from the partners of its 5 projects; the "
                                    "roster is partial for 4 of them.",
        KeyFigure.Metric.AVERAGE_CONSORTIUM: "Recorded on this site: at least 18 on average over its 5 projects, from "
                                             "the sizes they declare or, without one, their recorded partners; the "
                                             "size is not known for 1 of them.",
        KeyFigure.Metric.LARGEST_GRANT: "Recorded on this site: the same, with the EU contribution known for 1 of 5 "
                                        "projects.",
    }
    text = text_of(lecce_page.content.decode())
    figures = text[text.index("By the numbers"):text.index("Track record")]
    # Each value with its label, where it comes from and, beside it, the recorded figure for the same fact.
    assert ("partner organisations in the four research and innovation projects stated by the editors Recorded on "
            "this site: at least 59, from the partners of its 5 projects; the roster is partial for 4 of them. 90 ") in figures
    assert "at least 59 partner organisations in 18 countries" in text[text.index("Track record"):]


def test_a_computed_figure_names_the_editors_differing_one(client):
    city = make_organisation(name="City", slug="city", is_featured=True)
    make_participation(make_project(), city)
    make_key_figure(city, metric=KeyFigure.Metric.PROJECTS, value="3", label="projects")
    [resolved] = client.get(reverse("profiles:home")).context["key_figures"]
    assert (resolved.value, resolved.source, resolved.note) == ("1", FigureSource.COMPUTED, "The editors state 3.")


def test_with_no_contribution_recorded_the_largest_grant_says_so(client):
    city = make_organisation(name="City", slug="city", is_featured=True)
    for _ in range(2):
        make_participation(make_project(), city)
    make_key_figure(city, metric=KeyFigure.Metric.LARGEST_GRANT, value="€5,000", label="largest grant")
    [resolved] = client.get(reverse("profiles:home")).context["key_figures"]
    assert (resolved.value, resolved.source) == ("€5,000", FigureSource.EDITOR)
    assert resolved.note == "Recorded on this site: none, the EU contribution is known for none of its 2 projects."


def insights_section(content):
    start = content.index('id="insights-heading"')
    return content[start:content.index("</section>", start)]


def partner_in(count, years):
    """A partner organisation in ``count`` projects with the featured city, started in ``years`` in turn."""
    city = make_organisation(name="City", slug="city", is_featured=True)
    partner = make_organisation(name="Partner", slug="partner", country="ES")
    themes = [make_theme(name="Early theme"), make_theme(name="Late theme")]
    for n in range(count):
        project = make_project(start_date=datetime.date(years[n % len(years)], 1, 1),
                               end_date=datetime.date(2030, 1, 1), declared_consortium_size=10)
        project.themes.set([themes[0] if n < count / 2 else themes[1]])
        make_participation(project, city)
        make_participation(project, partner)
    return partner


def test_a_partner_in_one_project_gets_no_shares_averages_or_trends(client):
    partner = partner_in(1, [2016])
    content = client.get(partner.get_absolute_url()).content.decode()
    section = text_of(insights_section(content))
    assert "1 project, as a partner" in section
    for unsupported in ["% coordinated", "coordinator in 0", "on average", "How the themes moved", "Themes by start year",
                        "Most frequent partners", "Longest project"]:
        assert unsupported not in section, unsupported
    assert "10 partners in PRJ" in section and "(as the project declares it)" in section
    assert 'id="money-heading"' not in content  # one project: the track record's line says it all


def test_two_projects_give_an_average_but_no_share_or_trend(client):
    section = text_of(insights_section(client.get(partner_in(2, [2015, 2016]).get_absolute_url()).content.decode()))
    assert "on average" in section
    assert "% coordinated" not in section and "How the themes moved" not in section


def test_three_projects_over_two_years_give_shares_and_trends(client):
    section = text_of(insights_section(client.get(partner_in(3, [2015, 2016]).get_absolute_url()).content.decode()))
    assert "(0% coordinated)" in section and "How the themes moved" in section and "Themes by start year" in section
    assert "Most frequent partners City (3 projects)" in section


def test_three_projects_in_one_year_show_no_movement_of_themes(client):
    section = text_of(insights_section(client.get(partner_in(3, [2016]).get_absolute_url()).content.decode()))
    assert "(0% coordinated)" in section
    assert "How the themes moved" not in section and "Themes by start year" not in section


def test_the_charts_have_a_title_a_description_and_a_table(lecce_page):
    content = insights_section(lecce_page.content.decode())
    for title in ["Projects over time", "EU contribution received, by project", "Partner organisations by country",
                  "Themes by start year"]:
        assert f">{title}</title>" in content
    assert content.count('<svg viewBox="0 0 400') == 4
    assert content.count('role="img"') == 4
    assert content.count("<desc id=") == 4
    assert content.count('<table class="data-table">') == 4
    # The timeline lists every project with its dates, in the table a screen reader reaches.
    assert "<th scope=\"row\">SmartEnCity</th><td class=\"number\">1 February 2016</td><td class=\"number\">31 July 2022</td>" in content


def test_a_project_page_shows_its_consortium_by_country_and_kind(client):
    call_command("load_demo", stdout=io.StringIO())
    content = client.get(reverse("projects:project-detail", args=["city4age"])).content.decode()
    assert "Recorded partners by country" in content and "Recorded partners by kind of organisation" in content
    assert "<th scope=\"row\">Italy</th><td class=\"number\">5</td>" in content
    assert "<th scope=\"row\">Higher or secondary education</th><td class=\"number\">6</td>" in content


@pytest.mark.parametrize(
    ("text", "number"),
    [("90", Decimal(90)), ("22+", Decimal(22)), ("€131,961", Decimal(131961)), ("131.961 €", Decimal(131961)),
     ("18.8", Decimal("18.8")), ("18,8", Decimal("18.8")), ("many", None), ("", None)],
)
def test_editors_figures_are_read_as_numbers(text, number):
    assert parse_figure(text) == number


def test_a_figure_is_computed_when_the_data_is_complete_and_stale_ones_are_flagged(client, admin_client):
    city = make_organisation(name="City", slug="city", is_featured=True)
    for n in range(3):
        project = make_project(declared_consortium_size=2, start_date=datetime.date(2016 + n, 1, 1),
                               end_date=datetime.date(2020, 1, 1))
        make_participation(project, city, eu_contribution=Decimal(1000 * (n + 1)))
        make_participation(project, make_organisation(country="ES"), role=Role.COORDINATOR)
    stale = make_key_figure(city, metric=KeyFigure.Metric.PROJECTS, value="2", label="projects")
    make_key_figure(city, metric=KeyFigure.Metric.LARGEST_GRANT, value="€3,000", label="largest grant")
    make_key_figure(city, metric="", value="1 city", label="free text")

    figures = {r.figure.label: r for r in client.get(reverse("profiles:home")).context["key_figures"]}
    assert (figures["projects"].value, figures["projects"].source, figures["projects"].agrees) == (
        "3", FigureSource.COMPUTED, False)
    assert (figures["largest grant"].value, figures["largest grant"].agrees) == ("€3,000", True)
    assert (figures["free text"].value, figures["free text"].source) == ("1 city", FigureSource.EDITOR)

    changelist = admin_client.get(reverse("admin:profiles_keyfigure_changelist")).content.decode()
    assert "differs from your value" in changelist
    change = admin_client.get(reverse("admin:projects_organisation_change", args=[city.pk])).content.decode()
    assert change.count("differs from your value") == 1
    assert stale.value in change


def test_the_profile_of_an_organisation_with_2000_participations_runs_a_fixed_number_of_queries(client):
    lecce = make_organisation(name="Big City", slug="big-city", is_featured=True)
    partners = [make_organisation(country=code) for code in ["ES", "FR", "DE", "PT", "GR"]]
    theme = make_theme()
    def dates(n):
        return {"start_date": datetime.date(2000 + n % 25, 1, 1), "end_date": datetime.date(2030, 1, 1)}

    for n in range(3):
        project = make_project(**dates(n), declared_consortium_size=4)
        project.themes.set([theme])
        make_participation(project, lecce, eu_contribution=Decimal(n))
        make_participation(project, partners[n % 5])
    small = count_queries(client, reverse("profiles:home"))
    # The rest in bulk, as an import writes them, then the values kept at write time brought up to date as it does:
    # saved one by one, each save would recount a portfolio that grows with every project.
    projects = Project.objects.bulk_create(
        Project(acronym=f"P{n}", title=f"Project {n}", slug=f"p{n}", declared_consortium_size=4, **dates(n))
        for n in range(3, 2000)
    )
    Participation.objects.bulk_create(
        Participation(project=project, organisation=organisation, eu_contribution=Decimal(n) if organisation == lecce else None)
        for n, project in enumerate(projects, start=3) for organisation in (lecce, partners[n % 5])
    )
    # Statistics of the tables, as a database autovacuum keeps has them (it is off where the tests run): without
    # any, after the rows earlier tests rolled back, PostgreSQL counted the shared projects for minutes.
    refresh_statistics()
    Organisation.objects.count_shared_projects()
    response = client.get(reverse("profiles:home"))
    assert count_queries(client, reverse("profiles:home")) == small
    assert len(response.content) < 100_000
    assert "See all 2,000 projects" in response.content.decode()


def test_a_planned_open_ended_project_stays_inside_the_timeline():
    from projects.charts import timeline
    from projects.insights import ParticipationFacts, ProjectFacts, ProjectRecord

    def record(acronym, start, end):
        return ProjectRecord(ProjectFacts(1, acronym, acronym.lower(), start, end, None),
                             ParticipationFacts(Role.PARTICIPANT, None), 1)

    chart = timeline([record("OLD", datetime.date(2016, 1, 1), datetime.date(2018, 1, 1)),
                      record("NEXT", datetime.date(2027, 1, 1), None)], today=datetime.date(2025, 6, 1))
    for bar in chart.bars:
        assert 0 <= bar.x and bar.x + bar.width <= chart.width
    assert chart.ticks[-1].label == "2028"


def test_an_open_ended_project_runs_to_today_in_lecce_not_on_the_servers_clock(monkeypatch):
    """Half an hour into New Year's Day 2100 in Lecce, a server that keeps UTC is still in 2099."""
    from projects.charts import timeline
    from projects.insights import ParticipationFacts, ProjectFacts, ProjectRecord

    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2099, 12, 31, 23, 30, tzinfo=datetime.UTC))
    running = ProjectRecord(ProjectFacts(1, "NOW", "now", datetime.date(2099, 6, 1), None, None),
                            ParticipationFacts(Role.PARTICIPANT, None), 1)
    chart = timeline([running])
    # The bar runs into 2100, so the axis ends with the start of 2101.
    assert [tick.label for tick in chart.ticks] == ["2099", "2100", "2101"]


def test_a_largest_grant_in_cents_agrees_with_the_whole_euros_an_editor_copies():
    from profiles.models import figures_agree, format_metric

    assert format_metric(KeyFigure.Metric.LARGEST_GRANT, Decimal("131961.50")) == "€131,962"
    assert figures_agree(KeyFigure.Metric.LARGEST_GRANT, Decimal("131961.50"), "€131,962") is True
    assert figures_agree(KeyFigure.Metric.LARGEST_GRANT, Decimal("131961.50"), "€131,000") is False


def test_with_no_projects_recorded_the_editors_project_count_stands(client):
    city = make_organisation(name="City", slug="city", is_featured=True)
    make_key_figure(city, metric=KeyFigure.Metric.PROJECTS, value="25", label="projects")
    [resolved] = client.get(reverse("profiles:home")).context["key_figures"]
    assert (resolved.value, resolved.source) == ("25", FigureSource.EDITOR)


def test_the_organisation_change_page_computes_the_insights_once(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    city = make_organisation(name="City", slug="city")
    make_participation(make_project(), city)
    url = reverse("admin:projects_organisation_change", args=[city.pk])
    make_key_figure(city, metric=KeyFigure.Metric.PROJECTS)
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    for metric in [KeyFigure.Metric.PARTNERS, KeyFigure.Metric.COUNTRIES, KeyFigure.Metric.LARGEST_GRANT]:
        make_key_figure(city, metric=metric)
    with CaptureQueriesContext(connection) as four:
        admin_client.get(url)
    assert len(four) == len(one)
