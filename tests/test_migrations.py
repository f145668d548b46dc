"""
A database made before organisations moved to the projects app migrates forward with nothing lost.

The database is taken back to the last migrations of the earlier layout, filled as that layout
held its data (organisations in profiles, with revisions, log entries, pictures, the Editors
group's permissions and a sign-in lock), then migrated forward, and read with today's models.
"""

import json

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from reversion.models import Revision, Version

from profiles.editors import EDITORS_GROUP, give_editors_their_permissions
from profiles.models import Highlight, KeyFigure, ProfileSection
from projects.models import Organisation, Participation, Project

BEFORE_THE_MOVE = [("profiles", "0007_part_dates"), ("projects", "0004_pictures")]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    """Migrate to ``targets`` (the latest migrations when None); the models as they were there."""
    if targets == BEFORE_THE_MOVE:
        # Back in two steps: the projects app's later migrations first, while its organisation table is there
        # (the move's own migration, in profiles, is not among their dependencies: it could go back before them).
        MigrationExecutor(connection).migrate([("projects", "0005_organisation")])
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


def fill_the_earlier_layout(old):
    """Rows as the layout before the move held them; returns what to look for afterwards."""
    OldOrganisation = old.get_model("profiles", "Organisation")  # noqa: N806 - a model class
    lecce = OldOrganisation.objects.create(
        name="Comune di Lecce", slug="comune-di-lecce", pic=960216387, kind="PUB", country="IT",
        tagline_it="Una città che sperimenta", tagline_en="A city that tries things out",
        logo="logos/0123456789abcdef0123456789abcdef.png", is_featured=True,
    )
    partner = OldOrganisation.objects.create(name="TECNALIA", slug="tecnalia", country="ES")
    project = old.get_model("projects", "Project").objects.create(acronym="SmartEnCity", title="Zero CO2", slug="smartencity")
    Participation = old.get_model("projects", "Participation")  # noqa: N806
    for organisation in (lecce, partner):
        # The organisation column is the database's, not yet the historical model's.
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO projects_participation (project_id, organisation_id, role, local_role, contribution) "
                "VALUES (%s, %s, 'participant', '', '')", [project.pk, organisation.pk],
            )
    assert Participation.objects.count() == 2
    old.get_model("profiles", "ProfileSection").objects.create(
        organisation=lecce, heading_it="Chi siamo", body_it="Testo.", heading="Chi siamo", body="Testo.",
    )
    old.get_model("profiles", "Highlight").objects.create(
        organisation=lecce, project=project, title_it="Un piano", text_it="Testo.", title="Un piano", text="Testo.",
        image="highlights/fedcba9876543210fedcba9876543210.jpg", image_alt_it="Una mappa",
    )
    old.get_model("profiles", "KeyFigure").objects.create(
        organisation=lecce, label_it="progetti", value_it="4", label="progetti", value="4", metric="projects",
    )

    content_type = ContentType.objects.get(app_label="profiles", model="organisation")
    revision = Revision.objects.create(date_created=timezone.now(), comment="Prima")
    Version.objects.create(
        revision=revision, object_id=str(lecce.pk), content_type=content_type, db="default", format="json",
        serialized_data=serializers.serialize("json", [lecce]), object_repr=lecce.name,
    )
    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    LogEntry.objects.create(
        user=editor, content_type_id=content_type.pk, object_id=str(lecce.pk), object_repr=lecce.name,
        action_flag=CHANGE, change_message="[]",
    )
    AccessAttempt.objects.create(
        username="editor", ip_address="192.0.2.1", user_agent="test", get_data="", post_data="", http_accept="",
        path_info="/admin/login/", failures_since_start=5,
    )
    return {
        "lecce": lecce.pk, "partner": partner.pk, "project": project.pk, "content_type": content_type.pk,
        "editors": set(Group.objects.get(name=EDITORS_GROUP).permissions.values_list("pk", flat=True)),
    }


def test_a_database_of_the_earlier_layout_migrates_forward_with_nothing_lost():
    # An earlier transactional test may have flushed the group its data migration made.
    give_editors_their_permissions(Group, Permission)
    old = migrate(BEFORE_THE_MOVE)
    try:
        assert "profiles_organisation" in connection.introspection.table_names()
        before = fill_the_earlier_layout(old)
    finally:
        migrate(None)

    tables = connection.introspection.table_names()
    assert "projects_organisation" in tables and "profiles_organisation" not in tables

    # Rows, their texts in both languages and their pictures, and every reference to them.
    lecce = Organisation.objects.get(pk=before["lecce"])
    assert (lecce.slug, lecce.pic, lecce.is_featured) == ("comune-di-lecce", 960216387, True)
    assert (lecce.tagline_it, lecce.tagline_en) == ("Una città che sperimenta", "A city that tries things out")
    assert lecce.logo.name == "logos/0123456789abcdef0123456789abcdef.png"
    assert set(Participation.objects.values_list("organisation", flat=True)) == {before["lecce"], before["partner"]}
    assert Project.objects.get(pk=before["project"]).participations.count() == 2
    assert ProfileSection.objects.get().organisation == lecce
    highlight = Highlight.objects.get()
    assert (highlight.organisation, highlight.project_id) == (lecce, before["project"])
    assert highlight.image.name == "highlights/fedcba9876543210fedcba9876543210.jpg"
    assert KeyFigure.objects.get().organisation == lecce

    # The content type kept its id, so permissions, the admin's log and revisions stay attached.
    content_type = ContentType.objects.get_for_model(Organisation)
    assert content_type.pk == before["content_type"]
    assert not ContentType.objects.filter(app_label="profiles", model="organisation").exists()
    editors = Group.objects.get(name=EDITORS_GROUP)
    assert set(editors.permissions.values_list("pk", flat=True)) == before["editors"]
    assert Permission.objects.get(content_type=content_type, codename="change_organisation") in editors.permissions.all()
    assert User.objects.get(username="editor").has_perm("projects.change_organisation")
    assert LogEntry.objects.get().get_edited_object() == lecce

    # An editor's first change can still be compared with, and taken back to, the stored copy.
    version = Version.objects.get_for_object(lecce).get()
    assert json.loads(version.serialized_data)[0]["model"] == "projects.organisation"
    assert version.field_dict["tagline_en"] == "A city that tries things out"
    Organisation.objects.filter(pk=lecce.pk).update(tagline_en="Changed")
    version.revert()
    assert Organisation.objects.get(pk=lecce.pk).tagline_en == "A city that tries things out"

    # The sign-in lock, and the rule of one featured organisation, hold as before.
    assert AccessAttempt.objects.get().failures_since_start == 5
    constraints = connection.introspection.get_constraints(connection.cursor(), "projects_organisation")
    assert {"projects_org_published_country", "projects_org_kind", "projects_organisation_single_featured"} <= set(
        constraints
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Another", slug="another", is_featured=True)
