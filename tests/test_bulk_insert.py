"""core/bulk_insert.py: new rows written without model instances, as the ORM would have written them."""

import datetime
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from core import bulk_insert
from projects.models import Organisation, Participation, Programme, Project, Role

pytestmark = pytest.mark.django_db

VALUES = {
    "acronym": "HEAT", "title": "District heating\r\nfor Lecce", "programme_id": Programme.H2020, "slug": "heat",
    "start_date": datetime.date(2016, 2, 1), "total_cost": Decimal("32000000.50"), "cordis_id": 691883,
    "objective": "Line one\r\nline two", "is_published": True,
}


def stored(project):
    row = model_to_dict(project, exclude=["id", "themes"])
    return {name: value for name, value in row.items() if name not in ("slug", "cordis_id")}


def test_a_row_is_stored_as_the_orm_stores_it():
    by_orm = Project.objects.create(**VALUES)
    by_orm.refresh_from_db()
    bulk_insert.insert(Project, [{**VALUES, "slug": "heat-2", "cordis_id": 691884}])
    inserted = Project.objects.get(cordis_id=691884)
    assert stored(inserted) == stored(by_orm)
    # A custom field's line endings, and the times of the write.
    assert inserted.objective == "Line one\nline two"
    assert inserted.created is not None and inserted.updated == inserted.created


def test_foreign_keys_and_choices_by_value():
    bulk_insert.insert(Project, [VALUES])
    bulk_insert.insert(Organisation, [{"name": "Comune di Lecce", "slug": "lecce", "pic": 960216387}])
    project, lecce = Project.objects.get(), Organisation.objects.get()
    bulk_insert.insert(Participation, [{"project_id": project.pk, "organisation_id": lecce.pk,
                                        "role": Role.PARTICIPANT, "eu_contribution": Decimal("1.50")}])
    participation = Participation.objects.get()
    assert (participation.project, participation.organisation, participation.role) == (project, lecce, "participant")
    assert participation.eu_contribution == Decimal("1.50")


def test_a_field_the_model_does_not_have_is_refused():
    with pytest.raises(TypeError, match="no field colour"):
        bulk_insert.insert(Project, [{**VALUES, "colour": "red"}])
    assert not Project.objects.exists()


def test_many_rows_in_batches():
    rows = [{**VALUES, "slug": f"p{n}", "cordis_id": n, "acronym": f"P{n}"} for n in range(25)]
    bulk_insert.insert(Project, iter(rows), batch_size=10)
    assert list(Project.objects.order_by("cordis_id").values_list("acronym", flat=True)) == [f"P{n}" for n in range(25)]
