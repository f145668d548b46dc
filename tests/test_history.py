"""First revisions (core/history.py): rows written without the admin (an import, the demo loader) can be taken
back from their History: in bulk, or just before an editor's first change."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Revision, Version

from core.history import record_initial_revisions
from projects.cordis import import_cordis
from projects.models import Organisation, Participation, Project
from tests.factories import make_organisation, make_participation, make_project, make_theme
from tests.test_admin import admin_url
from tests.test_revisions import FormReader, save_as_shown

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "cordis"


def form_data(client, url):
    """What the admin page's form would post as it stands, as a dict of lists."""
    reader = FormReader()
    reader.feed(client.get(url).content.decode())
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data


def consortia(count, members=2):
    """``count`` projects with ``members`` participations each, written without revisions as an import writes."""
    organisations = [make_organisation() for _ in range(members)]
    projects = [make_project() for _ in range(count)]
    for project in projects:
        for organisation in organisations:
            make_participation(project, organisation)
    return projects


def test_each_object_gets_a_revision_and_a_project_holds_its_consortium(editor):
    theme = make_theme(name="Energy")
    [project] = consortia(1)
    project.themes.add(theme)
    participations = list(project.participations.all())
    recorded = record_initial_revisions([project, *participations, theme], "Imported from CORDIS", user=editor)

    assert recorded == 2 == Revision.objects.count()  # the project's, which holds its consortium, and the theme's
    [version] = Version.objects.get_for_object(project)
    assert version.field_dict["themes"] == [theme.pk]  # as django-reversion serializes it, many-to-many too
    assert version.object_repr == str(project)
    assert {v.object_id for v in version.revision.version_set.all()} == {
        str(project.pk), *(str(p.pk) for p in participations),
    }
    assert (version.revision.comment, version.revision.user) == ("Imported from CORDIS", editor)
    for participation in participations:
        # In the project's revision, with the project and the other participation, as the admin edits it.
        assert Version.objects.get_for_object(participation).get().revision == version.revision
    assert Version.objects.get_for_object(theme).get().field_dict["name"] == "Energy"


def test_an_object_that_has_a_revision_gets_no_other(editor):
    [project] = consortia(1)
    record_initial_revisions([project], "first")
    assert record_initial_revisions([project, *project.participations.all()], "second") == 0
    assert set(Revision.objects.values_list("comment", flat=True)) == {"first"}


def test_an_object_given_twice_or_a_model_without_history_is_recorded_once_or_skipped():
    from django.contrib.auth.models import Group

    project = make_project()
    assert record_initial_revisions([project, project, Group.objects.create(name="x")], "once") == 1


def test_the_revisions_are_written_in_a_fixed_number_of_queries():
    def queries(count):
        projects = consortia(count)
        objects = [*projects, *Participation.objects.filter(project__in=projects)]
        with CaptureQueriesContext(connection) as captured:
            assert record_initial_revisions(objects, "bulk") == count
        return len(captured)

    assert queries(2) == queries(12)


def test_they_grow_with_batches_not_objects():
    def queries(count):
        projects = consortia(count, members=3)
        objects = [*projects, *Participation.objects.filter(project__in=projects)]
        with CaptureQueriesContext(connection) as captured:
            assert record_initial_revisions(objects, "bulk", batch_size=20) == count
        return len(captured)

    one, two, three = queries(20), queries(40), queries(60)
    # Each batch of 20 projects (20 revisions, 80 versions) reads the projects, their themes, consortia and
    # members, and inserts the revisions and the versions: a handful of queries, the same for each batch.
    assert three - two == two - one <= 8
    assert three < 30


BEFORE = "As it was before its first change here (imported or loaded)"


def change_in_admin(client, project, title=None, role_of=None):
    """Save ``project`` through the admin's own form, with a new title and/or a partner made participant."""
    url = admin_url("projects", "project", "change", project.pk)
    data = form_data(client, url)
    if title:
        data["title"] = [title]
    if role_of:
        row = next(key.removesuffix("-id") for key, value in data.items()
                   if key.startswith("participations-") and key.endswith("-id") and value == [str(role_of.pk)])
        data[f"{row}-role"] = ["participant"]
        data[f"{row}-eu_contribution"] = ["1.00"]
    assert client.post(url, data).status_code == 302


def test_an_import_records_no_revision_until_an_editor_changes_a_row(editor_client):
    import_cordis(DATA / "project.csv", DATA / "organization.csv")
    assert not Revision.objects.exists()
    project = Project.objects.get(cordis_id=691883)
    stored = Project.objects.filter(pk=project.pk).values_list("updated", flat=True).get()

    change_in_admin(editor_client, project, title="A title an editor wrote")

    # The imported state first, dated when the import wrote it, then the editor's change.
    imported, changed = Version.objects.get_for_object(project).order_by("pk")
    assert imported.revision.comment == BEFORE and imported.revision.date_created == stored
    assert imported.field_dict["title"] == "Towards Smart Zero CO2 Cities across Europe"
    assert changed.field_dict["title"] == "A title an editor wrote"
    # The project's first revision holds its consortium as imported; nothing else got a revision.
    assert imported.revision.version_set.count() == 1 + project.participations.count()
    assert Revision.objects.count() == 2


def test_an_imported_project_is_taken_back_to_its_import_from_its_history(editor_client):
    import_cordis(DATA / "project.csv", DATA / "organization.csv")
    project = Project.objects.get(cordis_id=691883)
    tecnalia = project.participations.get(organisation__pic=999999999)

    # An editor changes the title and a partner's role and contribution, through the admin's own form.
    change_in_admin(editor_client, project, title="A title an editor wrote", role_of=tecnalia)
    project.refresh_from_db()
    assert project.title == "A title an editor wrote"
    imported, _changed = Version.objects.get_for_object(project).order_by("pk")

    # The History lists the imported state, and its revision brings the imported values back.
    history = editor_client.get(admin_url("projects", "project", "history", project.pk)).content.decode()
    assert BEFORE in history
    response = save_as_shown(editor_client, admin_url("projects", "project", "revision", project.pk, imported.pk))
    assert response.status_code == 302
    project.refresh_from_db()
    tecnalia.refresh_from_db()
    assert project.title == "Towards Smart Zero CO2 Cities across Europe"
    assert (tecnalia.role, str(tecnalia.eu_contribution)) == ("coordinator", "4500000.50")
    assert project.participations.count() == 5


def test_a_partner_changed_alone_is_taken_back_with_its_project(editor_client):
    """Only the consortium changes: the participation is saved before its project, whose first revision holds
    the participation as it was."""
    import_cordis(DATA / "project.csv", DATA / "organization.csv")
    project = Project.objects.get(cordis_id=691883)
    tecnalia = project.participations.get(organisation__pic=999999999)
    change_in_admin(editor_client, project, role_of=tecnalia)
    imported = Version.objects.get_for_object(project).order_by("pk").first()
    assert imported.revision.comment == BEFORE
    held = Version.objects.get_for_object(tecnalia).get(revision=imported.revision)
    assert (held.field_dict["role"], str(held.field_dict["eu_contribution"])) == ("coordinator", "4500000.50")
    assert Version.objects.get_for_object(tecnalia).order_by("pk").first().revision == imported.revision


def test_an_imported_organisation_is_taken_back_to_its_import(editor_client):
    import_cordis(DATA / "project.csv", DATA / "organization.csv")
    aarhus = Organisation.objects.get(pic=888888888)
    url = admin_url("projects", "organisation", "change", aarhus.pk)
    data = form_data(editor_client, url)
    data["name_it"] = ["Aarhus University"]
    assert editor_client.post(url, data).status_code == 302
    imported, _changed = Version.objects.get_for_object(aarhus).order_by("pk")
    response = save_as_shown(editor_client, admin_url("projects", "organisation", "revision", aarhus.pk, imported.pk))
    assert response.status_code == 302
    aarhus.refresh_from_db()
    assert aarhus.name == 'AARHUS; UNIVERSITY "AU"'


def test_an_imported_project_deleted_in_the_admin_is_recovered(editor_client):
    import_cordis(DATA / "project.csv", DATA / "organization.csv")
    project = Project.objects.get(cordis_id=691883)
    response = editor_client.post(admin_url("projects", "project", "delete", project.pk), {"post": "yes"})
    assert response.status_code == 302 and not Project.objects.filter(cordis_id=691883).exists()
    [version] = Version.objects.get_deleted(Project)
    assert version.field_dict["title"] == "Towards Smart Zero CO2 Cities across Europe"
    response = save_as_shown(editor_client, admin_url("projects", "project", "recover", version.pk))
    assert response.status_code == 302
    assert Project.objects.get(cordis_id=691883).participations.count() == 5


def test_a_change_outside_the_admin_records_nothing(editor):
    [project] = consortia(1)
    project.title = "Changed by a script"
    project.save()
    assert not Revision.objects.exists()


def test_versions_hold_what_djangos_serializer_would_write():
    """The versions are written without Django's serializer, for speed: they must say exactly the same."""
    import json

    from django.core import serializers
    from reversion.revisions import _get_options

    theme = make_theme(name="Energy", description="Heat\nand cold")
    [project] = consortia(1)
    project.themes.add(theme)
    project.summary_it, project.total_cost, project.start_date = "Un progetto", "1234.50", project.start_date
    project.save()
    record_initial_revisions([project, theme], "bulk")
    for version in Version.objects.all():
        obj = version.object
        options = _get_options(type(obj))
        expected = serializers.serialize("json", [type(obj).objects.get(pk=obj.pk)], fields=options.fields)
        assert json.loads(version.serialized_data) == json.loads(expected)


def test_a_partner_removed_alone_on_the_first_change_is_taken_back(editor_client):
    """Only the consortium changes, and a row is deleted: the formset deletes it before anything is saved."""
    import_cordis(DATA / "project.csv", DATA / "organization.csv")
    project = Project.objects.get(cordis_id=691883)
    tecnalia = project.participations.get(organisation__pic=999999999)
    url = admin_url("projects", "project", "change", project.pk)
    data = form_data(editor_client, url)
    row = next(key.removesuffix("-id") for key, value in data.items()
               if key.startswith("participations-") and key.endswith("-id") and value == [str(tecnalia.pk)])
    data[f"{row}-DELETE"] = ["on"]
    assert editor_client.post(url, data).status_code == 302
    assert project.participations.count() == 4
    imported = Version.objects.get_for_object(project).order_by("pk").first()
    assert imported.revision.comment == BEFORE
    response = save_as_shown(editor_client, admin_url("projects", "project", "revision", project.pk, imported.pk))
    assert response.status_code == 302
    assert project.participations.count() == 5
