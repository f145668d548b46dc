from django.db import migrations

from profiles.editors import sync_editors_group


class Migration(migrations.Migration):
    """Editors list the open calls: the group gets the new model's permissions."""

    dependencies = [
        ("calls", "0001_initial"),
        ("profiles", "0012_editors_edit_programmes"),
    ]

    operations = [
        migrations.RunPython(sync_editors_group, migrations.RunPython.noop),
    ]
