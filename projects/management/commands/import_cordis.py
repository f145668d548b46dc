import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from projects.cordis import SHOWN, CordisFileError, ImportRunning, import_cordis
from projects.models import CordisImport

SHOWN_WARNINGS = 50


class Command(BaseCommand):
    help = (
        "Import projects and participants from CORDIS's open data: the project and organization files of a "
        "framework programme, as CSV or JSON. Rows are matched on CORDIS ids; what editors wrote is kept. "
        "New projects in which the featured organisation takes no part come in unpublished."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", required=True, type=Path, help="project.csv or project.json")
        parser.add_argument("--organizations", required=True, type=Path, help="organization.csv or organization.json")
        parser.add_argument("--only-organisation", type=int, metavar="PIC",
                            help="keep only the projects of this organisation, with their whole consortia")
        parser.add_argument("--publish-all", action="store_true",
                            help="publish every new project, also those in which the featured organisation takes "
                                 "no part (without a featured organisation with a PIC, every new project is)")
        parser.add_argument("--dry-run", action="store_true", help="report what would change and write nothing")

    def handle(self, *args, projects, organizations, only_organisation, publish_all, dry_run, verbosity, **options):
        for path in (projects, organizations):
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        stream = options.get("stderr") or sys.stderr
        self.bars = {}
        self.show_bars = stream.isatty() or verbosity > 1
        self.bar_stream = stream
        self.file_names = {str(projects), str(organizations)}
        try:
            report = import_cordis(
                projects, organizations, only_organisation=only_organisation, dry_run=dry_run,
                publish_all=publish_all, progress=self.show_progress, names=(str(projects), str(organizations)),
            )
        except ImportRunning:
            raise CommandError(f"Nothing was imported: {self.other_import()}. "
                               "Only one import runs at a time: try again when it has finished.") from None
        except CordisFileError as error:
            self.close_bars()
            self.stderr.write(f"Nothing was imported: {len(error.problems)} problem(s) in the files.")
            for problem in error.problems[:200]:
                self.stderr.write(f"  {problem}")
            if len(error.problems) > 200:
                self.stderr.write(f"  … and {len(error.problems) - 200:,} more")
            raise CommandError("the files could not be imported") from None
        finally:
            self.close_bars()
        self.stdout.write(self.summary(report))

    @staticmethod
    def other_import():
        """The import that holds the lock, as far as the database knows: one started in the admin, or not."""
        job = CordisImport.objects.filter(status=CordisImport.Status.RUNNING).select_related("requested_by").first()
        if job is None:
            return "another import is running, started from the command line"
        who = f", requested by {job.requested_by}" if job.requested_by else ""
        return f"another import is running: {job}{who}, started at {timezone.localtime(job.started):%Y-%m-%d %H:%M}"

    def show_progress(self, name, done, total, rows=None):
        """One tqdm bar per file (and one for the rows saved), on a terminal or with -v2."""
        if not self.show_bars:
            return
        bar = self.bars.get(name)
        if bar is not None and bar.disable:  # closed: its file is read
            return
        if bar is None:
            bar = self.bars[name] = tqdm(
                total=total, desc=Path(name).name, file=self.bar_stream, leave=True, dynamic_ncols=True,
                # Files are read by the byte; the rows are saved kind by kind.
                **({"unit": "B", "unit_scale": True, "unit_divisor": 1024} if name in self.file_names else {}),
            )
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    def close_bars(self):
        for bar in self.bars.values():
            bar.close()
        self.bars = {}

    def summary(self, report):
        lines = ["Dry run: nothing was written." if report.dry_run else "Import complete."]
        lines.append(f"{'':16}{'created':>10}{'updated':>10}{'unchanged':>11}")
        kinds = [("projects", report.projects), ("organisations", report.organisations),
                 ("participations", report.participations)]
        for label, tally in kinds:
            lines.append(f"{label:16}{tally.created:>10}{tally.updated:>10}{tally.unchanged:>11}")
        for label, tally in kinds:
            lines.extend(self.listing(f"New {label}", tally.created_names, tally.more_created))
            lines.extend(self.listing(f"Changed {label}", tally.updated_names, tally.more_updated))
        lines.extend(self.listing("New projects left unpublished: the featured organisation takes no part in them",
                                  report.unpublished_names, report.more_unpublished))
        if report.featured_pic is None and report.projects.created:
            lines.append("There is no featured organisation with a PIC, so every new project is published.")
        lines.append(f"warnings: {len(report.warnings)}")
        lines.extend(f"  {warning}" for warning in report.warnings[:SHOWN_WARNINGS])
        if len(report.warnings) > SHOWN_WARNINGS:
            lines.append(f"  … and {len(report.warnings) - SHOWN_WARNINGS:,} more")
        return "\n".join(lines)

    @staticmethod
    def listing(heading, names, more):
        """``heading (count):`` and the names under it, the first SHOWN of them; nothing when there are none."""
        if not names:
            return []
        return [
            f"{heading} ({len(names) + more:,}):",
            *(f"  {name}" for name in names[:SHOWN]),
            *([f"  … and {more:,} more"] if more else []),
        ]
