"""“What came of it” on the featured profile (issue 17): the results the editors chose, of its projects."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from projects.models import Result, ResultKind
from tests.factories import count_queries, make_organisation, make_participation, make_project

pytestmark = pytest.mark.django_db

HEADING = 'id="outcomes-heading"'


def make_result(project, **fields):
    fields.setdefault("kind", ResultKind.PLAN)
    if not any(name.startswith("title") for name in fields):
        fields["title"] = "A result"
    fields.setdefault("url", "https://example.org/result")
    fields.setdefault("is_highlighted", True)
    return Result.objects.create(project=project, **fields)


def outcomes(client, url):
    """The section's HTML on the page at ``url``, which must have it."""
    page = client.get(url).content.decode()
    assert HEADING in page
    return page.split(HEADING)[1].split("</section>")[0]


def home(language="en"):
    with translation.override(language):
        return reverse("profiles:home")


@pytest.fixture
def lecce():
    return make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)


@pytest.fixture
def smartencity(lecce):
    project = make_project(acronym="SmartEnCity", slug="smartencity")
    make_participation(project, lecce)
    return project


@pytest.fixture
def planheat(lecce):
    project = make_project(acronym="PLANHEAT", slug="planheat")
    make_participation(project, lecce)
    return project


def test_the_profile_shows_the_chosen_results_of_its_published_projects_newest_first(client, lecce, smartencity, planheat):
    hidden = make_project(acronym="HIDDENPRJ", slug="hidden", is_published=False)
    make_participation(hidden, lecce)
    elsewhere = make_project(acronym="ELSEWHERE", slug="elsewhere")
    make_participation(elsewhere)
    make_result(planheat, kind=ResultKind.TOOL, title_en="The PLANHEAT tool for QGIS", title_it="Lo strumento PLANHEAT")
    make_result(planheat, kind=ResultKind.EVENT, title_en="Public day on smart cities", title_it="Giornata pubblica",
                date=datetime.date(2017, 2, 22), document="results/public-day.pdf", url="")
    make_result(smartencity, title_en="City Action Plan", title_it="Piano d'azione", date=datetime.date(2021, 1, 31),
                url="https://example.org/plan", description_en="Drawn up by a **task force**.\n\nIt aims at 2030.")
    make_result(smartencity, title_en="Not chosen", title_it="Non scelto", is_highlighted=False)
    make_result(smartencity, title_en="Withdrawn", title_it="Ritirato", is_published=False)
    make_result(hidden, title_en="Of a hidden project", title_it="Di un progetto nascosto")
    make_result(elsewhere, title_en="Of a project Lecce is not in", title_it="Di un altro progetto")

    section = outcomes(client, home())
    shown = ["City Action Plan", "Public day on smart cities", "The PLANHEAT tool for QGIS"]
    assert [section.index(title) for title in shown] == sorted(section.index(title) for title in shown)  # undated last
    for title in ["Not chosen", "Withdrawn", "Of a hidden project", "HIDDENPRJ", "Of a project Lecce is not in"]:
        assert title not in section
    assert '<a href="https://example.org/plan">City Action Plan</a>' in section
    assert 'href="/documents/results/public-day.pdf" download' in section  # a document: downloaded, never run
    assert "Plan" in section and "Event" in section and "Tool" in section
    assert '<time datetime="2021-01-31">' in section
    assert "Drawn up by a task force. It aims at 2030." in section  # a line of text, not the Markdown's HTML
    assert f'<a href="{smartencity.get_absolute_url()}">SmartEnCity</a>' in section
    assert f'<a href="{planheat.get_absolute_url()}">PLANHEAT</a>' in section


def test_the_results_are_in_the_pages_language(client, smartencity):
    make_result(smartencity, title_en="City Action Plan", title_it="Piano d'azione della città",
                description_en="A plan for 2030.", description_it="Un piano per il 2030.", language="it")
    make_result(smartencity, kind=ResultKind.EVENT, title_it="Solo in italiano", date=datetime.date(2015, 1, 1))

    english = outcomes(client, home("en"))
    assert "City Action Plan" in english and "A plan for 2030." in english
    assert '<span class="document-language">in Italian</span>' in english
    assert "Piano d'azione" not in english
    # Written in Italian only: shown, and marked as Italian for screen readers.
    assert '<h3 class="card-title" lang="it"><a href="https://example.org/result">Solo in italiano</a></h3>' in english

    italian = outcomes(client, home("it"))
    assert "Piano d&#x27;azione della città" in italian and "Un piano per il 2030." in italian
    assert "City Action Plan" not in italian and "A plan for 2030." not in italian
    assert "Evento" in italian and "Event<" not in italian  # the kind, in Italian
    assert "document-language" not in italian  # the document is in the page's language: no need to say so
    assert 'href="/it/progetti/smartencity/"' in italian


def test_without_chosen_results_the_profile_has_no_such_section(client, smartencity):
    make_result(smartencity, is_highlighted=False)
    make_result(smartencity, is_published=False)
    content = client.get(home()).content.decode()
    assert "SmartEnCity" in content and HEADING not in content


def test_a_partners_page_has_no_such_section(client, smartencity):
    make_result(smartencity, title_en="City Action Plan")
    partner = make_organisation(slug="partner")
    make_participation(smartencity, partner)
    content = client.get(partner.get_absolute_url()).content.decode()
    assert "SmartEnCity" in content and HEADING not in content


def test_past_a_dozen_the_newest_are_shown_with_a_way_to_the_rest(client, lecce, smartencity):
    for day in range(1, 15):
        make_result(smartencity, title_en=f"Result of day {day:02}", date=datetime.date(2020, 1, day))
    section = outcomes(client, home())
    assert "Result of day 14" in section and "Result of day 03" in section and "Result of day 02" not in section
    assert "?partner=comune-di-lecce&amp;has_results=on" in section


def test_the_profile_runs_as_many_queries_however_many_results(client, lecce, smartencity, planheat):
    without = count_queries(client, home())
    make_result(smartencity)
    one = count_queries(client, home())
    for n in range(10):
        project = make_project()
        make_participation(project, lecce)
        make_result(project, title=f"Result {n}", date=datetime.date(2020, 1, n + 1))
        make_result(smartencity if n % 2 else planheat, title=f"Another result {n}")
    assert HEADING in client.get(home()).content.decode()
    assert count_queries(client, home()) == one == without
