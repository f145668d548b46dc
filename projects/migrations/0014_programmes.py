"""
Programmes become reference data editors extend.

The projects keep their column, which held the programme's code and now refers to a programme by it,
so nothing is copied: the programmes are made first, with the codes the column holds (FP7, H2020,
HORIZON, OTHER), and the other programmes a municipality's EU-projects office meets.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from projects.programmes import seed_programmes


def seed(apps, schema_editor):
    seed_programmes(apps.get_model("projects", "Programme"))


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0013_result_documents_by_content'),
    ]

    operations = [
        migrations.AddField(
            model_name='project',
            name='programme_identifier',
            field=models.CharField(blank=True, help_text='For a project outside CORDIS: its code in its programme, e.g. an Interreg project number.', max_length=100, verbose_name='identifier in its programme'),
        ),
        migrations.CreateModel(
            name='Programme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text="A short code, in capitals, e.g. “H2020” or “INTERREG-EUROPE”; it appears in the lists' addresses, so keep it once chosen.", max_length=30, unique=True, validators=[django.core.validators.RegexValidator('^[A-Z0-9][A-Z0-9+-]*$', 'Capital letters, digits, “-” and “+” only.')], verbose_name='code')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                ('name_it', models.CharField(max_length=200, null=True, unique=True, verbose_name='name')),
                ('name_en', models.CharField(max_length=200, null=True, unique=True, verbose_name='name')),
                ('funding_body', models.CharField(blank=True, help_text='Who funds it, e.g. “European Commission” or “Italian Government (NextGenerationEU)”.', max_length=200, verbose_name='funding body')),
                ('funding_body_it', models.CharField(blank=True, help_text='Who funds it, e.g. “European Commission” or “Italian Government (NextGenerationEU)”.', max_length=200, null=True, verbose_name='funding body')),
                ('funding_body_en', models.CharField(blank=True, help_text='Who funds it, e.g. “European Commission” or “Italian Government (NextGenerationEU)”.', max_length=200, null=True, verbose_name='funding body')),
                ('url', models.URLField(blank=True, help_text="The programme's own page.", max_length=300, verbose_name='link')),
                ('in_cordis', models.BooleanField(default=False, help_text='A research framework programme, whose projects CORDIS publishes with a grant number.', verbose_name='published by CORDIS')),
                ('part_of', models.ForeignKey(blank=True, help_text='For a strand: the programme it belongs to, e.g. Interreg.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='strands', to='projects.programme', verbose_name='part of')),
            ],
            options={
                'verbose_name': 'programme',
                'verbose_name_plural': 'programmes',
                'ordering': ['-in_cordis', 'name'],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='project',
            name='programme',
            field=models.ForeignKey(db_column='programme', default='H2020', on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='projects.programme', to_field='code', verbose_name='programme'),
        ),
    ]
