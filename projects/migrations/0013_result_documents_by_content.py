# A result's document is stored under the extension of the kind it was recognised as, and its validators and
# help text (which states the size limit) come from the settings. The column is unchanged.

import core.documents.fields
import core.pictures.renditions
import projects.models
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0012_results'),
    ]

    operations = [
        migrations.AlterField(
            model_name='result',
            name='document',
            field=core.documents.fields.DocumentField(blank=True, storage=projects.models.result_documents, upload_to=core.pictures.renditions.RandomName('results'), verbose_name='document'),
        ),
    ]
