# The content version: one row that database triggers renew at every change of the public content.
# core.content_version installs the triggers after migrate; taken back, this migration removes them
# first, since a trigger that writes to a table no longer there would fail every change.

from django.db import migrations, models


def remove_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS core_content_changed() CASCADE")  # and the triggers calling it
        elif schema_editor.connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'core_content_*'")
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='ContentVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.CharField(help_text='32 random hexadecimal digits, new at every change, e.g. 3f1c9a0b2d4e4b7f8a6c5d2e1f0a9b8c.', max_length=32, verbose_name='version')),
            ],
            options={
                'verbose_name': 'content version',
                'verbose_name_plural': 'content versions',
                'default_permissions': (),
            },
        ),
        migrations.RunPython(migrations.RunPython.noop, remove_triggers),
    ]
