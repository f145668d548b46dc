"""Money that can be read and quoted: the EU contribution on the cards and the list, the list ordered by the
featured organisation's contribution, and the profile's totals by start year, each saying what it covers."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.filters import ProjectFilter
from projects.insights import YearTotal, portfolio_insights
from projects.models import Project, Role
from tests.factories import make_organisation, make_participation, make_project

pytestmark = pytest.mark.django_db

D = datetime.date


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def portfolio():
    """Lecce in four projects, its contribution known in two; one project without it; one of unknown start."""
    lecce = make_organisation(name="Comune di Lecce", short_name="Lecce", slug="lecce", is_featured=True)
    partner = make_organisation(name="Partner Lab", short_name="PLab", slug="partner-lab", country="ES")
    projects = {
        "ALPHA": make_project(acronym="ALPHA", slug="alpha", start_date=D(2015, 3, 1), eu_contribution=Decimal("2000000")),
        "BETA": make_project(acronym="BETA", slug="beta", start_date=D(2016, 1, 1), eu_contribution=None),
        "GAMMA": make_project(acronym="GAMMA", slug="gamma", start_date=D(2016, 6, 1), eu_contribution=Decimal("900000")),
        "DELTA": make_project(acronym="DELTA", slug="delta", start_date=None, end_date=D(2012, 6, 30)),
        "OTHER": make_project(acronym="OTHER", slug="other", start_date=D(2017, 1, 1), eu_contribution=Decimal("5")),
    }
    make_participation(projects["ALPHA"], lecce, eu_contribution=Decimal("131961.40"))
    make_participation(projects["BETA"], lecce)
    make_participation(projects["GAMMA"], lecce, eu_contribution=Decimal("250000"), role=Role.COORDINATOR)
    make_participation(projects["DELTA"], lecce)
    for project in projects.values():
        make_participation(project, partner, eu_contribution=Decimal("1") if project.acronym == "OTHER" else None)
    return {"lecce": lecce, "partner": partner, **projects}


# The cards


def card_of(content, acronym):
    start = content.index(f">{acronym}</a></h3>")
    return text_of(content[start:content.index("</li>", start)])


def test_a_card_in_the_list_shows_the_contribution_to_the_project_and_to_the_featured_organisation(client, portfolio):
    content = client.get(reverse("projects:project-list")).content.decode()
    assert "EU contribution to the project: €2,000,000 to Lecce: €131,961" in card_of(content, "ALPHA")
    # Unknown amounts are said to be unknown, never shown as €0.
    assert "EU contribution to the project: not known to Lecce: not known" in card_of(content, "BETA")
    assert "€0" not in content
    # Lecce takes no part in OTHER: the card says nothing of Lecce's money.
    other = card_of(content, "OTHER")
    assert "EU contribution to the project: €5" in other and "Lecce" not in other


def test_a_card_on_a_profile_shows_the_contribution_to_that_organisation(client, portfolio):
    content = client.get(portfolio["partner"].get_absolute_url()).content.decode()
    assert "EU contribution to the project: €5 to PLab: €1" in card_of(content, "OTHER")
    assert "to PLab: not known" in card_of(content, "ALPHA")


# The order by the featured organisation's contribution


def ordered(query, **extra):
    return [project.acronym for project in ProjectFilter({"ordering": query, **extra},
                                                         queryset=Project.objects.published()).qs]


def test_the_list_sorts_by_the_featured_organisations_contribution_unknown_last_both_ways(portfolio):
    # BETA and DELTA (not known) and OTHER (Lecce takes no part) last, by acronym, whichever the direction.
    assert ordered("-featured-eu") == ["GAMMA", "ALPHA", "BETA", "DELTA", "OTHER"]
    assert ordered("featured-eu") == ["ALPHA", "GAMMA", "BETA", "DELTA", "OTHER"]


def test_the_order_keeps_the_filters(portfolio):
    assert ordered("-featured-eu", year_from=2016) == ["GAMMA", "BETA", "OTHER"]


def test_the_order_is_offered_in_the_form_and_kept_in_the_page_links(client, portfolio):
    content = client.get(reverse("projects:project-list"), {"ordering": "-featured-eu"}).content.decode()
    assert '<option value="-featured-eu" selected>EU contribution to the municipality, largest first</option>' in content
    assert '<option value="featured-eu">EU contribution to the municipality, smallest first</option>' in content
    cards = re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', content)
    assert cards == ["GAMMA", "ALPHA", "BETA", "DELTA", "OTHER"]


def test_the_api_shares_the_order(client, portfolio):
    data = client.get(reverse("api:project-list"), {"ordering": "-featured-eu"}).json()
    assert [record["id"] for record in data["results"]] == ["gamma", "alpha", "beta", "delta", "other"]
    assert data["ignored_filters"] == []


def test_without_a_featured_organisation_the_order_still_answers(client, portfolio):
    portfolio["lecce"].is_featured = False
    portfolio["lecce"].save()
    assert ordered("-featured-eu") == ["ALPHA", "BETA", "DELTA", "GAMMA", "OTHER"]  # nothing known: by acronym


# The profile's totals by start year


def test_totals_by_start_year_count_every_project_known_or_not(portfolio):
    insights = portfolio_insights(portfolio["lecce"])
    assert insights.contributions_by_start_year == [
        YearTotal(2015, Decimal("131961.40"), 1, 1),
        YearTotal(2016, Decimal("250000"), 1, 2),
        YearTotal(None, Decimal(0), 0, 1),
    ]
    # Every project is in one year's total: none is silently left out.
    assert sum(year.projects for year in insights.contributions_by_start_year) == insights.project_count


def money_table(content):
    start = content.index('id="money-heading"')
    return text_of(content[start:content.index("</section>", start)])


def test_the_profile_says_what_each_total_covers(client, portfolio):
    table = money_table(client.get(reverse("profiles:home")).content.decode())
    assert "EU contribution to Lecce, by start year" in table
    assert "2015 €131,961 its project" in table
    assert "2016 at least €250,000 known for 1 of 2 projects" in table
    assert "Start not known not known known for 0 of 1 project" in table
    assert "All years at least €381,961 known for 2 of 4 projects" in table


def test_a_complete_total_is_plain(client, portfolio):
    for participation in portfolio["lecce"].participations.filter(eu_contribution=None):
        participation.eu_contribution = Decimal("1000")
        participation.save()
    table = money_table(client.get(reverse("profiles:home")).content.decode())
    assert "2016 €251,000 all 2 projects" in table
    assert "All years €383,961 all 4 projects" in table
    assert "at least" not in table.replace("says “at least”", "")


def test_the_track_record_total_says_at_least_while_some_are_unknown(client, portfolio):
    text = text_of(client.get(reverse("profiles:home")).content.decode())
    assert "at least €381,961; the largest known, €250,000, from GAMMA (known for 2 of 4 projects)" in text


def test_with_one_project_there_is_no_table_of_one_row(client, db):
    city = make_organisation(slug="city", is_featured=True)
    make_participation(make_project(acronym="SOLO"), city, eu_contribution=Decimal("1000"))
    content = client.get(reverse("profiles:home")).content.decode()
    assert 'id="money-heading"' not in content
    assert "€1,000, from SOLO" in text_of(content)


def test_the_order_goes_with_a_theme_a_search_and_a_partner(client, portfolio):
    from tests.factories import make_theme

    theme = make_theme(slug="energy", name="Energy")
    for acronym in ("ALPHA", "GAMMA", "BETA"):
        portfolio[acronym].themes.add(theme)
    assert ordered("-featured-eu", theme=["energy"]) == ["GAMMA", "ALPHA", "BETA"]
    assert ordered("featured-eu", partner="partner-lab", year_to=2016) == ["ALPHA", "GAMMA", "BETA"]
    response = client.get(reverse("projects:project-list"), {"q": "project", "theme": "energy", "ordering": "-featured-eu"})
    assert re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode()) == [
        "GAMMA", "ALPHA", "BETA"]
