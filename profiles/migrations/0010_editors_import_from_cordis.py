from django.db import migrations

from profiles.editors import sync_editors_group


class Migration(migrations.Migration):
    """Editors start CORDIS imports and follow them: the group gets the permissions of the new model."""

    dependencies = [
        ("profiles", "0009_picture_limits_from_settings"),
        ("projects", "0007_cordis_import"),
    ]

    operations = [
        migrations.RunPython(sync_editors_group, migrations.RunPython.noop),
    ]
