import time

from django.core.management.base import BaseCommand
from django.db import transaction

from core import content_version
from projects.cordis import refresh_statistics
from projects.search import ORGANISATIONS, PROJECTS


class Command(BaseCommand):
    help = (
        "Rebuild the full-text indexes of projects and organisations from what is stored. Saves keep them up to "
        "date; this is for rows written around the site (an SQL script, a bulk update in the shell)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():  # searches meanwhile see the old index, never a half-built one
            for index in (PROJECTS, ORGANISATIONS):
                index.update()
        content_version.bump()  # lists cached with the old index are stale
        # Every row was replaced: without a VACUUM on PostgreSQL, searches read the dead rows too until autovacuum
        # comes by (a text search's count took 53 ms instead of a few).
        refresh_statistics()
        self.stdout.write(f"Search indexes rebuilt in {time.perf_counter() - started:.1f} s.")
