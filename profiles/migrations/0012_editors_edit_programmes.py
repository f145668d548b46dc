from django.db import migrations

from profiles.editors import sync_editors_group


class Migration(migrations.Migration):
    """Editors extend the programmes: the group gets the new model's permissions."""

    dependencies = [
        ("profiles", "0011_editors_edit_results"),
        ("projects", "0014_programmes"),
    ]

    operations = [
        migrations.RunPython(sync_editors_group, migrations.RunPython.noop),
    ]
