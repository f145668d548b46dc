from django.db import migrations

from profiles.editors import sync_editors_group


class Migration(migrations.Migration):
    """Editors write a project's results and keep those from CORDIS: the group gets the new models' permissions."""

    dependencies = [
        ("profiles", "0010_editors_import_from_cordis"),
        ("projects", "0012_results"),
    ]

    operations = [
        migrations.RunPython(sync_editors_group, migrations.RunPython.noop),
    ]
