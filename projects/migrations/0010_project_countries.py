"""The countries of each project's participants, stored (kept by projects/signals.py and the import)."""

import django.db.models.deletion
from django.db import migrations, models

from projects.models import fill_project_countries


def fill(apps, schema_editor):
    fill_project_countries(schema_editor.connection, *(
        apps.get_model("projects", name) for name in ("ProjectCountry", "Participation", "Organisation")
    ))


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0009_shared_projects'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProjectCountry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('country', models.CharField(max_length=2)),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='countries', to='projects.project')),
            ],
            options={
                'default_permissions': (),
                'indexes': [models.Index(fields=['country', 'project'], name='projects_country_project')],
                'constraints': [models.UniqueConstraint(fields=('project', 'country'), name='projects_project_country_once')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
