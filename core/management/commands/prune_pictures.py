from datetime import timedelta

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from core.pictures.pruning import BEING_SAVED, prune


class Command(BaseCommand):
    help = (
        "Remove the picture files (logos, highlight and project pictures, with their smaller copies) that neither "
        "a row nor a stored revision names any more: those replaced or deleted whose revisions "
        "`deleterevisions` has dropped; and the pictures kept for a form sent again (pending/) that nobody came "
        "back for within a day. Run it from cron after `deleterevisions` (see core/pictures/pruning.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be removed, and remove nothing")
        parser.add_argument(
            "--min-age", type=int, default=int(BEING_SAVED.total_seconds() // 60), metavar="MINUTES",
            help="leave files younger than this alone: an upload is on disk before its row is saved "
                 "(default %(default)s)",
        )

    def handle(self, *args, dry_run, min_age, verbosity, **options):
        removed = prune(dry_run=dry_run, min_age=timedelta(minutes=min_age))
        if verbosity > 0:
            for file in removed:
                self.stdout.write(f"{'would remove' if dry_run else 'removed'} {file.name} ({filesizeformat(file.size)})")
        files = f"{len(removed)} file{'' if len(removed) == 1 else 's'}"
        space = filesizeformat(sum(file.size for file in removed))
        if dry_run:
            self.stdout.write(f"Dry run: {files} ({space}) would be removed; nothing was.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Removed {files}, {space} freed."))
