"""The first public pages: the featured profile at `/`, and the pages its links lead to."""

import pytest
from django.urls import reverse

from tests.factories import (
    make_highlight,
    make_key_figure,
    make_organisation,
    make_participation,
    make_project,
    make_section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lecce():
    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True, tagline="A city that tests")
    make_section(lecce, heading="Core work", body="We **host** pilots.", order=1)
    make_section(lecce, heading="Secret draft", is_published=False)
    make_key_figure(lecce, value="90", label="partner organisations")
    make_key_figure(lecce, value="999", label="hidden figure", is_published=False)
    smartencity = make_project(acronym="SmartEnCity", slug="smartencity")
    make_participation(smartencity, lecce, local_role="follower city")
    hidden = make_project(acronym="HIDDENPRJ", slug="hidden", is_published=False)
    make_participation(hidden, lecce)
    make_highlight(lecce, title="A roadmap to zero carbon", project=smartencity)
    make_highlight(lecce, title="Withdrawn highlight", is_published=False)
    make_highlight(lecce, title="About a hidden project", project=hidden)
    return lecce


def test_home_shows_the_featured_profile(client, lecce):
    response = client.get(reverse("profiles:home"))
    assert response.status_code == 200
    content = response.content.decode()
    for text in ["Comune di Lecce", "A city that tests", "Core work", "<strong>host</strong>", "90",
                 "partner organisations", "A roadmap to zero carbon", "SmartEnCity", "follower city"]:
        assert text in content
    assert reverse("projects:project-detail", args=["smartencity"]) in content


def test_unpublished_content_is_not_on_the_home_page(client, lecce):
    content = client.get(reverse("profiles:home")).content.decode()
    for text in ["Secret draft", "999", "hidden figure", "Withdrawn highlight", "HIDDENPRJ"]:
        assert text not in content
    # A highlight about an unpublished project stays, without a link to the project.
    assert "About a hidden project" in content
    assert reverse("projects:project-detail", args=["hidden"]) not in content


def test_home_without_a_featured_organisation_says_so(client, db):
    make_organisation(name="Some partner")
    response = client.get(reverse("profiles:home"))
    assert response.status_code == 200
    assert "The profile has not been published yet." in response.content.decode()


def test_home_query_count_does_not_grow_with_the_data(client, lecce, django_assert_max_num_queries):
    for _ in range(30):
        project = make_project()
        make_participation(project, lecce)
        make_section(lecce)
        make_highlight(lecce, project=project)
        make_key_figure(lecce)
    # 12 (the featured organisation's network in two: its first partners, and its countries with the total), one
    # read of the content version (in the database) for the cached track record and the map drawn with it, the
    # office's contact point and the open calls.
    with django_assert_max_num_queries(15):
        assert client.get(reverse("profiles:home")).status_code == 200


def test_project_page_and_its_consortium(client, lecce):
    response = client.get(reverse("projects:project-detail", args=["smartencity"]))
    assert response.status_code == 200
    assert "Comune di Lecce" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "slug"),
    [("projects:project-detail", "hidden"), ("projects:project-detail", "missing"),
     ("profiles:organisation-detail", "missing")],
)
def test_unpublished_or_missing_pages_are_404(client, lecce, name, slug):
    assert client.get(reverse(name, args=[slug])).status_code == 404


def test_unpublished_organisation_is_404_and_absent_from_consortia(client, lecce):
    hidden = make_organisation(name="Hidden Partner Ltd", slug="hidden-partner", is_published=False)
    make_participation(lecce.participations.first().project, hidden)
    assert client.get(reverse("profiles:organisation-detail", args=["hidden-partner"])).status_code == 404
    assert "Hidden Partner Ltd" not in client.get(reverse("projects:project-detail", args=["smartencity"])).content.decode()


def test_project_list_shows_only_published_projects(client, lecce):
    content = client.get(reverse("projects:project-list")).content.decode()
    assert "SmartEnCity" in content
    assert "HIDDENPRJ" not in content
