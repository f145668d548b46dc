"""`/organisations/` and `/organisations/<slug>/`: partners, filtered, with the projects they share."""

import pytest
from django.urls import reverse, reverse_lazy

from projects.models import OrganisationKind, Project
from tests.factories import count_queries, make_organisation, make_participation, make_project

pytestmark = pytest.mark.django_db

URL = reverse_lazy("profiles:organisation-list")


@pytest.fixture
def network():
    lecce = make_organisation(name="Comune di Lecce", slug="lecce", is_featured=True, country="IT")
    polimi = make_organisation(name="Politecnico di Milano", slug="polimi", kind=OrganisationKind.HIGHER_EDUCATION,
                               country="IT", city="Milan")
    tecnalia = make_organisation(name="Tecnalia", slug="tecnalia", kind=OrganisationKind.RESEARCH, country="ES")
    stranger = make_organisation(name="Stranger GmbH", slug="stranger", kind=OrganisationKind.PRIVATE_COMPANY,
                                 country="DE")
    make_organisation(name="Hidden Partner", slug="hidden", is_published=False, country="FR")
    one, two, hidden = make_project(slug="one"), make_project(slug="two"), make_project(slug="x", is_published=False)
    for project in (one, two, hidden):
        make_participation(project, lecce)
    make_participation(one, polimi)
    make_participation(two, polimi)
    make_participation(hidden, polimi)
    make_participation(two, tecnalia)
    make_participation(make_project(slug="elsewhere"), stranger)
    return {"lecce": lecce, "polimi": polimi}


def listed(client, query=""):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return [(o.name, o.shared_projects) for o in response.context["object_list"]]


def test_partners_with_the_projects_they_share_most_first(client, network):
    assert listed(client) == [("Politecnico di Milano", 2), ("Tecnalia", 1), ("Stranger GmbH", 0)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=milan", ["Politecnico di Milano"]),          # city
        ("q=politecnico+milano", ["Politecnico di Milano"]),
        ("q=tecnal", ["Tecnalia"]),
        ("country=ES", ["Tecnalia"]),
        ("country=es", ["Tecnalia"]),
        ("kind=PRC", ["Stranger GmbH"]),
        ("kind=HES&country=IT", ["Politecnico di Milano"]),
        ("ordering=name", ["Politecnico di Milano", "Stranger GmbH", "Tecnalia"]),
        ("ordering=-name", ["Tecnalia", "Stranger GmbH", "Politecnico di Milano"]),
        ("q=nobody", []),
    ],
)
def test_filters(client, network, query, expected):
    assert [name for name, _ in listed(client, query)] == expected


@pytest.mark.parametrize(("query", "label"), [("kind=ZZZ", "Kind"), ("country=FR", "Country"), ("country=QQ", "Country")])
def test_invalid_values_give_a_message(client, network, query, label):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert f"The filter “{label}” was ignored" in response.content.decode()
    assert len(response.context["object_list"]) == 3


def test_each_country_is_offered_once(client, network):
    make_organisation(name="Another Spanish one", country="ES")
    form = client.get(URL).context["filter"].form
    assert [label for _, label in form.fields["country"].choices] == ["Any", "Germany", "Italy", "Spain"]


def test_unpublished_and_featured_organisations_are_not_listed(client, network):
    content = client.get(URL).content.decode()
    assert "Hidden Partner" not in content
    assert "France" not in content  # the hidden partner's country is not offered either
    assert "Comune di Lecce</a>" not in content
    assert client.get(reverse("profiles:organisation-detail", args=["hidden"])).status_code == 404


def test_the_detail_page_shows_the_organisation_and_its_published_projects(client, network):
    response = client.get(reverse("profiles:organisation-detail", args=["polimi"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Politecnico di Milano" in content and "Milan, Italy" in content and "Higher or secondary education" in content
    projects = [p.project.slug for p in response.context["latest_participations"]]
    assert sorted(projects) == ["one", "two"]
    assert content.count("Together with Comune di Lecce") == 2


def test_projects_not_shared_with_the_municipality_are_not_marked(client, network):
    content = client.get(reverse("profiles:organisation-detail", args=["stranger"])).content.decode()
    assert Project.objects.get(slug="elsewhere").acronym in content
    assert "Together with" not in content


def test_the_number_of_queries_does_not_grow(client, network):
    small_list, small_detail = count_queries(client, URL), count_queries(client, network["polimi"].get_absolute_url())
    for _ in range(100):
        project = make_project()
        make_participation(project, network["lecce"])
        make_participation(project, network["polimi"])
        make_participation(project, make_organisation(country="SE"))
    assert count_queries(client, URL) == small_list
    assert count_queries(client, network["polimi"].get_absolute_url()) == small_detail


@pytest.mark.parametrize("ordering", [",", ",,", ", "])
def test_an_ordering_that_names_nothing_keeps_the_lists_own_order(client, network, ordering):
    """It once left the list unordered: pages could repeat or skip partners (found by tests/test_fuzz.py)."""
    assert listed(client, f"ordering={ordering}") == [("Politecnico di Milano", 2), ("Tecnalia", 1), ("Stranger GmbH", 0)]


def test_the_breadcrumb_names_a_partner_as_its_heading_does(client):
    """It said "UniSalento" under the heading "Università del Salento" (issue 19)."""
    make_organisation(name="Università del Salento", short_name="UniSalento", slug="unisalento")
    content = client.get(reverse("profiles:organisation-detail", args=["unisalento"])).content.decode()
    assert '<span aria-current="page">Università del Salento</span>' in content
    assert "<h1>Università del Salento</h1>" in content
