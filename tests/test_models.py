"""The rules editors and importers rely on: each refuses bad data in clean() and in the database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from profiles.models import KeyFigure
from projects.models import Organisation, Participation, Project, Role, Status
from tests.factories import make_key_figure, make_organisation, make_participation, make_project

pytestmark = pytest.mark.django_db


def messages_of(error):
    return [message for messages in error.message_dict.values() for message in messages]


def assert_refused(instance, message):
    """Full validation names the problem, and the database refuses the row even without it."""
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    assert message in " ".join(messages_of(error.value))
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def test_end_date_before_start_date_is_refused():
    project = make_project()
    project.start_date, project.end_date = datetime.date(2020, 1, 1), datetime.date(2019, 12, 31)
    assert_refused(project, "The end date cannot be before the start date.")


def test_same_day_start_and_end_and_open_ended_projects_are_fine():
    make_project(start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2020, 1, 1)).full_clean()
    make_project(start_date=datetime.date(2020, 1, 1), end_date=None).full_clean()
    make_project(start_date=None, end_date=datetime.date(2020, 1, 1)).full_clean()


@pytest.mark.parametrize("field", ["total_cost", "eu_contribution"])
def test_negative_project_money_is_refused(field):
    project = make_project()
    setattr(project, field, Decimal("-1"))
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert field in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()


def test_negative_participation_contribution_is_refused():
    participation = make_participation()
    participation.eu_contribution = Decimal("-0.01")
    with pytest.raises(ValidationError):
        participation.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        participation.save()


def test_zero_money_is_allowed():
    participation = make_participation(eu_contribution=Decimal("0"))
    participation.full_clean()


def test_an_organisation_takes_part_in_a_project_once():
    first = make_participation()
    duplicate = Participation(project=first.project, organisation=first.organisation, role=Role.PARTNER)
    assert_refused(duplicate, "This organisation already takes part in this project.")


def test_the_same_organisation_in_two_projects_is_fine():
    organisation = make_organisation()
    make_participation(organisation=organisation)
    make_participation(organisation=organisation)
    assert organisation.participations.count() == 2


def test_only_one_organisation_can_be_featured():
    make_organisation(is_featured=True)
    second = Organisation(name="Another city", slug="another-city", is_featured=True)
    assert_refused(second, "Another organisation is already featured")


def test_many_organisations_can_be_not_featured():
    make_organisation(is_featured=True)
    make_organisation()
    make_organisation()
    assert Organisation.objects.featured().count() == 1


def test_the_featured_organisation_must_be_published():
    organisation = Organisation(name="Lecce", slug="lecce", is_featured=True, is_published=False)
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "is_published" in error.value.message_dict


def test_slugs_are_unique():
    make_project(slug="trillion")
    with pytest.raises(ValidationError) as error:
        Project(acronym="X", title="X", slug="trillion").full_clean()
    assert "Another project already uses this address." in error.value.message_dict["slug"]
    make_organisation(slug="lecce")
    with pytest.raises(ValidationError) as error:
        Organisation(name="Lecce again", slug="lecce").full_clean()
    assert "Another organisation already uses this address." in error.value.message_dict["slug"]


def test_cordis_ids_are_unique_when_present():
    make_project(cordis_id=691883)
    with pytest.raises(ValidationError) as error:
        Project(acronym="X", title="X", slug="x", cordis_id=691883).full_clean()
    assert "Another project already has this CORDIS grant id." in error.value.message_dict["cordis_id"]
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(cordis_id=691883)
    # Projects without a grant id do not clash with each other.
    make_project(cordis_id=None)
    make_project(cordis_id=None)


def test_organisation_pics_are_unique_when_present():
    make_organisation(pic=960216387)
    with pytest.raises(ValidationError) as error:
        Organisation(name="Copy", slug="copy", pic=960216387).full_clean()
    assert "Another organisation already has this CORDIS id." in error.value.message_dict["pic"]
    make_organisation(pic=None)
    make_organisation(pic=None)


def test_a_metric_has_one_key_figure_per_organisation():
    organisation = make_organisation()
    make_key_figure(organisation, metric=KeyFigure.Metric.PROJECTS)
    duplicate = KeyFigure(organisation=organisation, label="projects", value="5", metric=KeyFigure.Metric.PROJECTS)
    assert_refused(duplicate, "already has a key figure for this metric")
    # Figures that name no metric are free text and may repeat.
    make_key_figure(organisation, metric="")
    make_key_figure(organisation, metric="")


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (datetime.date(2015, 9, 1), datetime.date(2018, 8, 31), 36),  # TRILLION
        (datetime.date(2016, 2, 1), datetime.date(2022, 7, 31), 78),  # SmartEnCity
        (datetime.date(2016, 1, 15), datetime.date(2016, 2, 14), 1),
        (datetime.date(2016, 1, 15), datetime.date(2016, 2, 10), 0),
        (datetime.date(2016, 1, 1), None, None),
    ],
)
def test_duration_in_months(start, end, months):
    assert Project(start_date=start, end_date=end).duration_months == months


def test_status_comes_from_the_dates():
    today = datetime.date.today()
    planned = make_project(start_date=today + datetime.timedelta(days=30), end_date=None)
    ongoing = make_project(start_date=today - datetime.timedelta(days=30), end_date=today)
    open_ended = make_project(start_date=today - datetime.timedelta(days=30), end_date=None)
    closed = make_project(start_date=datetime.date(2015, 1, 1), end_date=today - datetime.timedelta(days=1))
    undated = make_project(start_date=None, end_date=None)

    assert planned.status == Status.PLANNED
    assert ongoing.status == open_ended.status == Status.ONGOING
    assert closed.status == Status.CLOSED
    assert undated.status is None
    assert set(Project.objects.with_status("planned")) == {planned}
    assert set(Project.objects.with_status("ongoing")) == {ongoing, open_ended}
    assert set(Project.objects.with_status("closed")) == {closed}


def test_consortium_lists_the_coordinator_first():
    project = make_project()
    make_participation(project, make_organisation(name="Alpha"))
    make_participation(project, make_organisation(name="Zeta"), role=Role.COORDINATOR)
    make_participation(project, make_organisation(name="Beta"), role=Role.PARTNER)
    names = [p.organisation.name for p in project.participations.coordinators_first()]
    assert names == ["Zeta", "Alpha", "Beta"]


def test_keywords_and_cordis_link():
    project = Project(keywords="energy plans, , urban planning ,", cordis_id=691883)
    assert project.keyword_list == ["energy plans", "urban planning"]
    assert project.cordis_url == "https://cordis.europa.eu/project/id/691883"
    assert Project(cordis_rcn=205650).cordis_url == "https://cordis.europa.eu/project/rcn/205650"
    assert Project().cordis_url == ""


def test_readable_names():
    organisation = make_organisation(name="Comune di Lecce")
    project = make_project(acronym="PLANHEAT", title="Integrated tool")
    participation = make_participation(project, organisation, role=Role.PARTICIPANT)
    assert str(organisation) == "Comune di Lecce"
    assert str(project) == "PLANHEAT: Integrated tool"
    assert str(participation) == "Comune di Lecce in PLANHEAT (Participant)"
