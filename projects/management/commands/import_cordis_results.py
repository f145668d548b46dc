import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from projects.cordis import CordisFileError, ImportRunning
from projects.cordis_results import import_cordis_results
from projects.management.commands import import_cordis

SHOWN_PROBLEMS = 200


class Command(import_cordis.Command):
    """Like import_cordis, whose progress bars, listings and word on a running import it shares."""

    help = (
        "Import the results of the site's projects from CORDIS's open data: the projectDeliverables, "
        "projectPublications and reportSummaries files of a framework programme, as CSV or JSON, any of them. "
        "Results are matched on CORDIS ids; those of projects not on the site are skipped, and one an editor "
        "unpublished stays unpublished."
    )

    def add_arguments(self, parser):
        parser.add_argument("--deliverables", type=Path, help="projectDeliverables.csv or projectDeliverables.json")
        parser.add_argument("--publications", type=Path, help="projectPublications.csv or projectPublications.json")
        parser.add_argument("--reports", type=Path, help="reportSummaries.csv or reportSummaries.json")
        parser.add_argument("--dry-run", action="store_true", help="report what would change and write nothing")

    def handle(self, *args, deliverables, publications, reports, dry_run, verbosity, **options):
        files = {kind: path for kind, path in [
            ("deliverables", deliverables), ("publications", publications), ("reports", reports),
        ] if path is not None}
        if not files:
            raise CommandError(_("Give at least one file: --deliverables, --publications or --reports."))
        for path in files.values():
            if not path.is_file():
                raise CommandError(_("%(path)s: no such file") % {"path": path})
        stream = options.get("stderr") or sys.stderr
        self.bars = {}
        self.show_bars = stream.isatty() or verbosity > 1
        self.bar_stream = stream
        self.file_names = {str(path) for path in files.values()}
        try:
            report = import_cordis_results(files, dry_run=dry_run, progress=self.show_progress,
                                           names={kind: str(path) for kind, path in files.items()})
        except ImportRunning:
            raise CommandError(_("Nothing was imported: %(other)s. Only one import runs at a time: try again when "
                                 "it has finished.") % {"other": self.other_import()}) from None
        except CordisFileError as error:
            self.close_bars()
            self.stderr.write(_("Nothing was imported: %(count)s problem(s) in the files.") % {
                "count": len(error.problems)})
            for problem in error.problems[:SHOWN_PROBLEMS]:
                self.stderr.write(f"  {problem}")
            if len(error.problems) > SHOWN_PROBLEMS:
                self.stderr.write("  " + _("… and %(count)s more") % {
                    "count": f"{len(error.problems) - SHOWN_PROBLEMS:,}"})
            raise CommandError(_("the files could not be imported")) from None
        finally:
            self.close_bars()
        self.stdout.write(self.summary(report))

    def summary(self, report):
        lines = [_("Dry run: nothing was written.") if report.dry_run else _("Import complete.")]
        headings = [pgettext("import report", name) for name in ("created", "updated", "unchanged")]
        lines.append(f"{'':20}{headings[0]:>10}{headings[1]:>10}{headings[2]:>11}{_('skipped'):>10}")
        for kind in report.kinds:
            tally = report.tally(kind)
            lines.append(f"{kind:20}{tally.created:>10}{tally.updated:>10}{tally.unchanged:>11}"
                         f"{report.skipped[kind]:>10}")
        lines.append(_("skipped: results of projects that are not on this site."))
        for heading, names, more in report.listings():
            lines.extend(self.listing(heading, names, more))
        lines.append(_("warnings: %(count)s") % {"count": len(report.warnings)})
        lines.extend(f"  {warning}" for warning in report.warnings[:import_cordis.SHOWN_WARNINGS])
        if len(report.warnings) > import_cordis.SHOWN_WARNINGS:
            lines.append("  " + _("… and %(count)s more") % {
                "count": f"{len(report.warnings) - import_cordis.SHOWN_WARNINGS:,}"})
        return "\n".join(lines)
