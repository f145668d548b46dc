"""
Organisations move to the projects app, which holds the portfolio's data (see projects/0005).

In place, so nothing is copied and nothing is lost: the table and its indexes are renamed,
and every foreign key keeps pointing at the same rows. The organisation's content type keeps
its id and changes only its app, so its permissions (those of the Editors group too), the
admin's log and the revision history stay attached; the revisions' stored copies are
relabelled so that they can still be compared and restored.
"""

import json

import django.db.models.deletion
from django.db import migrations, models


def relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    content_type = ContentType.objects.filter(app_label=old, model="organisation").first()
    if content_type is None:  # a database whose content types are yet to be made
        return
    content_type.app_label = new
    content_type.save(update_fields=["app_label"])
    versions = Version.objects.filter(content_type=content_type, format="json")
    for version in versions.only("pk", "serialized_data").iterator(chunk_size=1000):
        data = json.loads(version.serialized_data)
        for item in data:
            item["model"] = f"{new}.organisation"
        version.serialized_data = json.dumps(data)
        version.save(update_fields=["serialized_data"])


def to_projects(apps, schema_editor):
    relabel(apps, "profiles", "projects")


def to_profiles(apps, schema_editor):
    relabel(apps, "projects", "profiles")


def organisation_key(related_name):
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE, related_name=related_name, to='projects.organisation',
        verbose_name='organisation',
    )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('profiles', '0007_part_dates'),
        ('projects', '0005_organisation'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RenameIndex('organisation', new_name='projects_org_published_country', old_name='profiles_org_published_country'),
                migrations.RenameIndex('organisation', new_name='projects_org_kind', old_name='profiles_org_kind'),
                migrations.RemoveConstraint('organisation', 'profiles_organisation_single_featured'),
                migrations.AddConstraint('organisation', models.UniqueConstraint(condition=models.Q(('is_featured', True)), fields=('is_featured',), name='projects_organisation_single_featured')),
                migrations.AlterModelTable('organisation', 'projects_organisation'),
            ],
            state_operations=[
                migrations.AlterField('keyfigure', 'organisation', organisation_key('key_figures')),
                migrations.AlterField('profilesection', 'organisation', organisation_key('sections')),
                migrations.AlterField('highlight', 'organisation', organisation_key('highlights')),
                migrations.DeleteModel('Organisation'),
            ],
        ),
        migrations.RunPython(to_projects, to_profiles),
    ]
