# The limits of a picture are read from the settings, with its validators and help text.

import core.pictures.fields
import core.pictures.renditions
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0005_organisation'),
        # The organisations' table is moved into this app by that migration: whatever follows needs it there.
        ('profiles', '0008_organisation_in_projects'),
    ]

    operations = [
        migrations.AlterField(
            model_name='project',
            name='image',
            field=core.pictures.fields.PictureField(blank=True, upload_to=core.pictures.renditions.RandomName('projects'), verbose_name='image'),
        ),
    ]
