import projects.models
from django.db import migrations, models


class Migration(migrations.Migration):
    """Imports from the admin take CORDIS's results files too: what an import imports, and the files of results."""

    dependencies = [
        ('projects', '0015_programme_counts_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='cordisimport',
            name='deliverables_file',
            field=models.FileField(blank=True, storage=projects.models.import_files, upload_to='cordis/', verbose_name='deliverables file'),
        ),
        migrations.AddField(
            model_name='cordisimport',
            name='deliverables_file_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='deliverables file name'),
        ),
        migrations.AddField(
            model_name='cordisimport',
            name='imports',
            field=models.CharField(choices=[('projects', 'Projects and organisations'), ('results', 'Results of projects')], default='projects', max_length=10, verbose_name='what it imports'),
        ),
        migrations.AddField(
            model_name='cordisimport',
            name='publications_file',
            field=models.FileField(blank=True, storage=projects.models.import_files, upload_to='cordis/', verbose_name='publications file'),
        ),
        migrations.AddField(
            model_name='cordisimport',
            name='publications_file_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='publications file name'),
        ),
        migrations.AddField(
            model_name='cordisimport',
            name='reports_file',
            field=models.FileField(blank=True, storage=projects.models.import_files, upload_to='cordis/', verbose_name='report summaries file'),
        ),
        migrations.AddField(
            model_name='cordisimport',
            name='reports_file_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='report summaries file name'),
        ),
        migrations.AlterField(
            model_name='cordisimport',
            name='organisations_file_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='organisations file name'),
        ),
        migrations.AlterField(
            model_name='cordisimport',
            name='projects_file_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='projects file name'),
        ),
    ]
