from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = "Replace the database with a backup made by `backup`, and put back its media files."

    def add_arguments(self, parser):
        parser.add_argument("source", help="A file written by `manage.py backup`.")
        parser.add_argument("--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")

    def handle(self, *args, source, interactive=True, **options):
        if interactive:
            answer = input(f"Every row of the database will be replaced by those of {source}. Type 'yes' to go on: ")
            if answer != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            manifest = restore_backup(source)
        except BackupError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        self.stdout.write(self.style.SUCCESS(
            f"Restored {sum(manifest['rows'].values())} rows and {manifest['media']} media files "
            f"from the backup of {manifest['created']}."
        ))
