"""The full-text indexes of projects and organisations (projects/search/index.py), filled from what is stored."""

import django.db.models.deletion
from django.db import migrations, models

import projects.search.index
from projects.search.index import ORGANISATIONS, PROJECTS


def create_indexes(apps, schema_editor):
    for index in (PROJECTS, ORGANISATIONS):
        index.create(schema_editor)
        index.update(registry=apps)


def drop_indexes(apps, schema_editor):
    for index in (PROJECTS, ORGANISATIONS):
        index.drop(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0007_cordis_import'),
    ]

    operations = [
        migrations.CreateModel(
            name='OrganisationSearch',
            fields=[
                ('document', projects.search.index.SearchDocumentField(null=True)),
                ('organisation', models.OneToOneField(db_column='rowid', db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='search_entry', serialize=False, to='projects.organisation')),
            ],
            options={
                'db_table': 'projects_organisationsearch',
                'default_permissions': (),
            },
        ),
        migrations.CreateModel(
            name='ProjectSearch',
            fields=[
                ('document', projects.search.index.SearchDocumentField(null=True)),
                ('project', models.OneToOneField(db_column='rowid', db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='search_entry', serialize=False, to='projects.project')),
            ],
            options={
                'db_table': 'projects_projectsearch',
                'default_permissions': (),
            },
        ),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
