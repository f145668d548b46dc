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
    assert "the largest, €131,961, from SmartEnCity" in text
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


def test_the_charts_have_a_title_a_description_and_a_table(lecce_page):
    content = lecce_page.content.decode()
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
