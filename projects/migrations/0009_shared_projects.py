"""Each organisation's projects shared with the featured organisation, stored (kept by projects/signals.py)."""

from django.db import migrations, models

from projects.models import shared_project_counts


def count(apps, schema_editor):
    Organisation, Participation = apps.get_model("projects", "Organisation"), apps.get_model("projects", "Participation")
    counts = shared_project_counts(Participation.objects, Organisation.objects.all())
    changed = [Organisation(pk=pk, shared_projects=n) for pk, n in counts.items()]
    Organisation.objects.bulk_update(changed, ["shared_projects"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0008_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='organisation',
            name='shared_projects',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='Published projects in which the featured organisation also takes part; kept by the site.', verbose_name='projects shared with the featured organisation'),
        ),
        migrations.AddIndex(
            model_name='organisation',
            index=models.Index(fields=['is_published', '-shared_projects', 'name'], name='projects_org_most_shared'),
        ),
            migrations.RunPython(count, migrations.RunPython.noop, elidable=True),
    ]
