from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backups.archive import make_backup
from backups.exceptions import BackupError


class Command(BaseCommand):
    help = "Save the database and the uploaded media to one signed .tar.gz file (see backups/archive.py)."

    def add_arguments(self, parser):
        parser.add_argument("destination", nargs="?", help="The file to write; lecce-backup-<date>.tar.gz by default.")

    def handle(self, *args, destination=None, **options):
        destination = destination or f"lecce-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = make_backup(destination)
        except BackupError as error:
            raise CommandError(f"{error} No backup was written.") from error
        self.stdout.write(self.style.SUCCESS(
            f"Saved {sum(manifest['rows'].values())} rows of {len(manifest['rows'])} tables "
            f"and {manifest['media']} media files to {destination}."
        ))
