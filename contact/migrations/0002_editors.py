from django.db import migrations

from profiles.editors import sync_editors_group


class Migration(migrations.Migration):
    """Editors keep the contact point and read the messages: the group gets the new models' permissions."""

    dependencies = [
        ("contact", "0001_initial"),
        ("profiles", "0012_editors_edit_programmes"),
    ]

    operations = [
        migrations.RunPython(sync_editors_group, migrations.RunPython.noop),
    ]
