import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.cordis import CordisFileError, import_cordis

SHOWN_WARNINGS = 50


class Command(BaseCommand):
    help = (
        "Import projects and participants from CORDIS's open data: the project and organization files of a "
        "framework programme, as CSV or JSON. Rows are matched on CORDIS ids; what editors wrote is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", required=True, type=Path, help="project.csv or project.json")
        parser.add_argument("--organizations", required=True, type=Path, help="organization.csv or organization.json")
        parser.add_argument("--only-organisation", type=int, metavar="PIC",
                            help="keep only the projects of this organisation, with their whole consortia")
        parser.add_argument("--dry-run", action="store_true", help="report what would change and write nothing")

    def handle(self, *args, projects, organizations, only_organisation, dry_run, verbosity, **options):
        self.verbosity = verbosity
        for path in (projects, organizations):
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        try:
            report = import_cordis(
                projects, organizations, only_organisation=only_organisation, dry_run=dry_run,
                progress=self.show_progress, names=(str(projects), str(organizations)),
            )
        except CordisFileError as error:
            self.stderr.write("")
            self.stderr.write(f"Nothing was imported: {len(error.problems)} problem(s) in the files.")
            for problem in error.problems[:200]:
                self.stderr.write(f"  {problem}")
            if len(error.problems) > 200:
                self.stderr.write(f"  … and {len(error.problems) - 200} more")
            raise CommandError("the files could not be imported") from None
        self.stderr.write("")
        self.stdout.write(self.summary(report))

    def show_progress(self, name, done, total):
        if sys.stderr.isatty() or self.verbosity > 1:
            width = 30
            filled = int(width * done / total) if total else width
            self.stderr.write(f"\r{Path(name).name:<20} [{'#' * filled}{'.' * (width - filled)}] {done * 100 // max(total, 1):3d}%",
                              ending="")

    def summary(self, report):
        lines = ["Dry run: nothing was written." if report.dry_run else "Import complete."]
        lines.append(f"{'':16}{'created':>10}{'updated':>10}{'unchanged':>11}")
        for label, tally in [("projects", report.projects), ("organisations", report.organisations),
                             ("participations", report.participations)]:
            lines.append(f"{label:16}{tally.created:>10}{tally.updated:>10}{tally.unchanged:>11}")
        lines.append(f"warnings: {len(report.warnings)}")
        lines.extend(f"  {warning}" for warning in report.warnings[:SHOWN_WARNINGS])
        if len(report.warnings) > SHOWN_WARNINGS:
            lines.append(f"  … and {len(report.warnings) - SHOWN_WARNINGS} more")
        return "\n".join(lines)
