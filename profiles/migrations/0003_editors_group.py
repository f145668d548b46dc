from django.db import migrations

from profiles.editors import sync_editors_group


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("profiles", "0002_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(sync_editors_group, migrations.RunPython.noop),
    ]
