from django.core.management.base import BaseCommand, CommandError

from backups.archive import restore_backup
from backups.exceptions import BackupError


class Command(BaseCommand):
    help = ("Replace the database's content with a backup made by `backup`, and put back its media files. "
            "Sessions and sign-in locks stay as they are; the site keeps answering.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="A file written by `manage.py backup`.")
        parser.add_argument("--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")
        parser.add_argument("--trust-unsigned", action="store_true",
                            help="Restore an archive not signed with this site's DJANGO_SECRET_KEY (one made where the "
                                 "key was another, now lost). It is still checked whole; only who made it is not.")

    def handle(self, *args, source, interactive=True, trust_unsigned=False, **options):
        if interactive:
            if trust_unsigned:
                self.stdout.write(self.style.WARNING(
                    f"{source} will be restored even if it was not signed with this site's key: "
                    "anyone who could write it could have put any content, or any user, in it."
                ))
            answer = input(f"The database's content will be replaced by that of {source}. Type 'yes' to go on: ")
            if answer != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            manifest, migrated = restore_backup(source, trust_unsigned=trust_unsigned)
        except BackupError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        brought = f", brought up to this version of the site by {len(migrated)} migrations" if migrated else ""
        self.stdout.write(self.style.SUCCESS(
            f"Restored {sum(manifest['rows'].values())} rows and {manifest['media']} media files "
            f"from the backup of {manifest['created']}{brought}."
        ))
