"""Each organisation's projects shared with the featured one: stored, and kept right by every kind of write."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.cordis import import_cordis
from projects.insights import portfolio_insights
from projects.models import CordisResult, Organisation, Project, ProjectCountry
from tests.factories import make_organisation, make_participation, make_project
from tests.test_cordis import DATA

pytestmark = pytest.mark.django_db


def shared(organisation):
    organisation.refresh_from_db()
    return organisation.shared_projects


@pytest.fixture
def lecce():
    return make_organisation(name="Comune di Lecce", is_featured=True)


def test_joining_and_leaving_a_project_with_the_featured_organisation(lecce):
    partner = make_organisation()
    project = make_project()
    make_participation(project, lecce)
    joined = make_participation(project, partner)
    assert shared(partner) == 1 and shared(lecce) == 1
    joined.delete()
    assert shared(partner) == 0


def test_the_featured_organisation_joining_counts_for_its_partners_already_there(lecce):
    partner = make_organisation()
    project = make_project()
    make_participation(project, partner)
    assert shared(partner) == 0
    lecce_part = make_participation(project, lecce)
    assert shared(partner) == 1
    lecce_part.delete()
    assert shared(partner) == 0


def test_withdrawing_and_publishing_a_project(lecce):
    partner = make_organisation()
    project = make_project()
    make_participation(project, lecce)
    make_participation(project, partner)
    project.is_published = False
    project.save()
    assert shared(partner) == 0
    project.is_published = True
    project.save()
    assert shared(partner) == 1
    project.delete()
    assert shared(partner) == 0


def deleting_queries(project):
    with CaptureQueriesContext(connection) as queries:
        project.delete()
    return len(queries)


def test_deleting_a_project_sees_to_its_consortium_and_results_once_however_many_they_are(lecce):
    """A project from CORDIS may have a hundred deliverables: each was a reindexing of the project on its way out."""
    counts = []
    for size in (1, 6):
        project = make_project(acronym=f"GONE{size}", title="District heating in Gdansk")
        make_participation(project, lecce)
        partners = [make_organisation(country="DE") for _ in range(size)]
        for partner in partners:
            make_participation(project, partner)
        for n in range(size):
            CordisResult.objects.create(project=project, cordis_id=f"{size}-{n}", kind="deliverable", title=f"Plan {n}")
        assert [shared(partner) for partner in partners] == [1] * size
        counts.append(deleting_queries(project))
        assert [shared(partner) for partner in partners] == [0] * size and shared(lecce) == 0
        assert not Project.objects.search("gdansk").filter(pk=project.pk).exists()
        assert not ProjectCountry.objects.filter(project=project.pk).exists()
    assert counts[0] == counts[1]


def test_another_featured_organisation_recounts_everyone(lecce):
    other, partner = make_organisation(), make_organisation()
    project = make_project()
    make_participation(project, other)
    make_participation(project, partner)
    assert shared(partner) == 0
    lecce.is_featured = False
    lecce.save()
    other.is_featured = True
    other.save()
    assert shared(partner) == 1


def import_test_files():
    with (DATA / "project.csv").open("rb") as projects, (DATA / "organization.csv").open("rb") as organisations:
        import_cordis(projects, organisations)


def test_an_import_counts_again_what_it_wrote():
    import_test_files()
    lecce = Organisation.objects.get(name_it__icontains="lecce")
    lecce.is_featured = True
    lecce.save()
    partners = Organisation.objects.exclude(pk=lecce.pk)
    counts = {partner.pk: partner.shared_projects for partner in partners}
    assert set(counts.values()) - {0}
    for partner in partners:
        assert counts[partner.pk] == partner.participations.filter(project__participations__organisation=lecce).count()
    Organisation.objects.update(shared_projects=0)  # written around the site: the next import puts it right
    import_test_files()
    assert {partner.pk: partner.shared_projects for partner in partners} == counts


def test_the_featured_organisations_partners_read_from_the_kept_counts_are_those_counted(lecce):
    partners = [make_organisation(name=name, country=country) for name, country in
                [("Alpha", "ES"), ("Beta", "DE"), ("Gamma", "DE"), ("Hidden", "FR")]]
    partners[3].is_published = False
    partners[3].save()
    withdrawn = make_project(is_published=False)
    for n, members in enumerate([(0, 1), (0, 2, 3), (0,), (1, 2)]):
        project = make_project(slug=f"p{n}")
        for organisation in [lecce, *(partners[i] for i in members)]:
            make_participation(project, organisation)
    make_participation(withdrawn, lecce)
    make_participation(withdrawn, partners[2])
    kept = portfolio_insights(lecce)
    lecce.is_featured = False  # the same organisation, counted on the spot as any other
    counted = portfolio_insights(lecce)
    assert kept.partner_total == counted.partner_count == kept.partner_count == 3
    assert kept.partners == counted.partners and kept.partner_countries == counted.partner_countries == [("DE", 2), ("ES", 1)]
    assert [(partner.name, partner.shared_projects) for partner in kept.partners] == [("Alpha", 3), ("Beta", 2), ("Gamma", 2)]
