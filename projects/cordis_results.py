"""
Import of the results CORDIS publishes for projects: deliverables, publications and report summaries.

CORDIS publishes them for each framework programme beside the project and organisation files, as
``projectDeliverables``, ``projectPublications`` and ``reportSummaries``, in CSV and JSON read as
``projects.cordis`` reads those (``read_records``). ``import_cordis_results()`` reads any of the three
files and writes in one transaction, with the project import's guarantees:

- a file that is not what it claims raises ``CordisFileError`` listing each problem by file, line
  and column, all of them at once, and nothing is written; a file given as another kind (a
  deliverables file as the publications file) is one problem, and files given in each other's places
  are one too;
- only the results of projects the site holds are kept, matched on the grant id (``projectID`` to
  ``Project.cordis_id``; a result's ``rcn`` is its own record number, not its project's). A
  programme's deliverables file has some 100,000 rows, of which a few dozen are the site's: the
  others are checked only as far as the file's integrity goes (an id, once, and a project id that is
  a number) and counted as skipped;
- results are matched on CORDIS's ``id``, so importing the same files twice changes nothing, and a
  newer export updates only what changed. Whether a result is published is the editors' call: a new
  one comes in published, and one an editor hid stays hidden;
- an oddity that loses nothing essential (a link that is not a web address, a DOI that is not a DOI)
  leaves the value out and is reported as a warning;
- one import at a time, whatever it imports (``import_lock()``);
- a dry run reads, checks and reports, and writes nothing.

Results no longer in a newer file are kept: a file may be one programme's of several, and CORDIS
takes nothing back once published.
"""

import datetime
import re
from dataclasses import asdict, dataclass, field
from itertools import islice

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core.fields import unix_line_endings
from projects.cordis import (
    A_FILE,
    Cells,
    CordisFileError,
    Problem,
    Tally,
    WrongFileError,
    import_lock,
    read_records,
    upsert,
)
from projects.models import DOI, CordisResult, CordisResultKind, Project
from projects.search import PROJECTS

KINDS = {
    "deliverables": CordisResultKind.DELIVERABLE,
    "publications": CordisResultKind.PUBLICATION,
    "reports": CordisResultKind.REPORT_SUMMARY,
}
# The files as CORDIS names them, without their extension: how problems name a file nobody named.
FILE_NAMES = {"deliverables": "projectDeliverables", "publications": "projectPublications",
              "reports": "reportSummaries"}
GIVEN_AS = {
    "deliverables": gettext_lazy("%(file)s, given as the deliverables file, is %(found)s"),
    "publications": gettext_lazy("%(file)s, given as the publications file, is %(found)s"),
    "reports": gettext_lazy("%(file)s, given as the report summaries file, is %(found)s"),
}
# The fields an import sets: all but ``is_published``, which is the editors'.
FIELDS = ["project_id", "kind", "title", "type", "description", "url", "doi", "authors", "journal", "year",
          "cordis_updated"]
LENGTHS = {name: CordisResult._meta.get_field(name).max_length
           for name in ("cordis_id", "title", "type", "url", "doi", "journal")}
CHUNK = 2000  # ids in one ``IN (…)``
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
UPDATED = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
YEARS = range(1900, 2101)


@dataclass
class ResultsReport:
    deliverables: Tally = field(default_factory=Tally)
    publications: Tally = field(default_factory=Tally)
    reports: Tally = field(default_factory=Tally)
    # Rows of each kind whose project is not on the site.
    skipped: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    warnings: list = field(default_factory=list)
    dry_run: bool = False
    kinds: list = field(default_factory=list)  # the kinds of file given, in the order of KINDS

    def tally(self, kind):
        return getattr(self, kind)

    def headings(self):
        return [pgettext("import report", "created"), pgettext("import report", "updated"),
                pgettext("import report", "unchanged"), _("not on the site")]

    def rows(self):
        """The report's table: (what, [created, updated, unchanged, skipped]) of each kind of file given."""
        labels = {"deliverables": _("Deliverables"), "publications": _("Publications"),
                  "reports": _("Report summaries")}
        return [(labels[kind], [self.tally(kind).created, self.tally(kind).updated, self.tally(kind).unchanged,
                                self.skipped[kind]]) for kind in self.kinds]

    def listings(self):
        """What is (or would be) created and changed, by name: (heading, the first names, how many more)."""
        headings = {
            "deliverables": (_("New deliverables"), _("Deliverables changed")),
            "publications": (_("New publications"), _("Publications changed")),
            "reports": (_("New report summaries"), _("Report summaries changed")),
        }
        listings = []
        for kind in self.kinds:
            tally, (new, changed) = self.tally(kind), headings[kind]
            listings += [(new, tally.created_names, tally.more_created),
                         (changed, tally.updated_names, tally.more_updated)]
        return [listing for listing in listings if listing[1]]

    def as_json(self):
        """The report as plain data, to be kept with the import that made it; warnings as sentences."""
        return {**asdict(self), "warnings": [str(warning) for warning in self.warnings]}

    @classmethod
    def from_json(cls, data):
        return cls(**{**data, **{kind: Tally(**data[kind]) for kind in KINDS}})


# Values


def one_line(text):
    """A title or a name as one line: CORDIS's cells hold line breaks and runs of spaces."""
    return " ".join(text.split())


def year(cells, column):
    value = cells.text(column)
    if not value:
        return None
    if not re.fullmatch(r"[0-9]{4}", value) or int(value) not in YEARS:
        cells.problem(column, _("“%(value)s” is not a year") % {"value": value[:40]})
        return None
    return int(value)


def updated(cells, column):
    """CORDIS's ``contentUpdateDate`` (``2023-04-21 15:10:37``), in the site's time zone like CORDIS's Brussels."""
    value = cells.text(column)
    if not value:
        return None
    try:
        if not UPDATED.fullmatch(value):
            raise ValueError
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        cells.problem(column, _("“%(value)s” is not a date (YYYY-MM-DD hh:mm:ss)") % {"value": value[:40]})
        return None
    return timezone.make_aware(moment, timezone.get_default_timezone())


def link(cells, column, warnings):
    """An http(s) address, or nothing: anything else is left out with a warning."""
    value = cells.text(column)
    if not value:
        return ""
    if not re.match(r"https?://\S+$", value, re.IGNORECASE) or len(value) > LENGTHS["url"]:
        warnings.append(Problem(cells.name, cells.line, column, _(
            "“%(value)s” is not a web address (http or https): the link is left out") % {"value": value[:80]}))
        return ""
    return value


def doi(cells, column, warnings):
    """A DOI as it is stored: bare, without ``https://doi.org/`` or ``doi:``. Anything else is left out."""
    value = DOI_PREFIX.sub("", cells.text(column)).strip()
    if not value:
        return ""
    if not DOI.fullmatch(value) or len(value) > LENGTHS["doi"]:
        warnings.append(Problem(cells.name, cells.line, column, _(
            "“%(value)s” is not a DOI (10.…/…): it is left out") % {"value": value[:80]}))
        return ""
    return value


# Reading: the values of each kind of file, from the columns that kind has


def deliverable(cells, warnings):
    return {
        "type": one_line(cells.text("deliverableType"))[:LENGTHS["type"]],
        "description": unix_line_endings(cells.text("description")),
        "url": link(cells, "url", warnings),
    }


def publication(cells, warnings):
    return {
        "type": one_line(cells.text("isPublishedAs"))[:LENGTHS["type"]],
        "authors": one_line(cells.text("authors")),
        "journal": one_line(cells.text("journalTitle"))[:LENGTHS["journal"]],
        "year": year(cells, "publishedYear"),
        "doi": doi(cells, "doi", warnings),
        "url": link(cells, "url", warnings),  # no such column in H2020's files: empty
    }


def report_summary(cells, warnings):
    return {
        # The JSON files have the summary's texts; the CSV files only the link to it.
        "description": unix_line_endings(cells.text("summary") or cells.text("teaser")),
        "url": link(cells, "attachment", warnings),
    }


READERS = {"deliverables": deliverable, "publications": publication, "reports": report_summary}


def parse_results(file, name, kind, projects, seen, problems, report, progress=None):
    """``{CORDIS id: values}`` of the rows of ``kind`` whose project the site holds (``projects``: grant id to key).

    Every row is checked for an id, given once in all the files (``seen``: id to where it was first), and a
    project id; the rows kept, for every value they give. Rows of other projects are counted in ``report``,
    and so are warnings.
    """
    results = {}
    for line, row in read_records(file, name, kind, progress):
        cells = Cells(name, line, row, problems)
        cordis_id = cells.text("id")
        project_id = cells.integer("projectID", required=True)
        if not cordis_id:
            cells.problem("id", _("a value is required here"))
        elif len(cordis_id) > LENGTHS["cordis_id"]:
            cells.problem("id", _("“%(value)s…” is longer than %(length)s characters") % {
                "value": cordis_id[:40], "length": LENGTHS["cordis_id"]})
            cordis_id = ""
        elif cordis_id in seen:
            first_name, first_line = seen[cordis_id]
            if first_name == name:
                cells.problem("id", _("%(id)s appears twice in this file, first on line %(line)s") % {
                    "id": cordis_id, "line": first_line})
            else:
                cells.problem("id", _("%(id)s is in %(file)s too, on line %(line)s") % {
                    "id": cordis_id, "file": first_name, "line": first_line})
            cordis_id = ""
        else:
            seen[cordis_id] = (name, line)
        if project_id is None:
            continue
        if project_id not in projects:
            report.skipped[kind] += 1
            continue
        title = one_line(cells.text("title"))[:LENGTHS["title"]]
        if not title:
            cells.problem("title", _("a value is required here"))
        values = {
            "project_id": projects[project_id],
            "kind": KINDS[kind],
            "title": title,
            "type": "", "description": "", "url": "", "doi": "", "authors": "", "journal": "", "year": None,
            # Older exports name it lastUpdateDate.
            "cordis_updated": updated(cells, "contentUpdateDate" if "contentUpdateDate" in row else "lastUpdateDate"),
            **READERS[kind](cells, report.warnings),
        }
        if cordis_id:
            results[cordis_id] = values
    return results


def swapped(errors, names):
    """One problem for the files given in each other's places, with the kinds so given; None when none were."""
    wrong = {kind: error.looks_like for kind, error in errors.items() if isinstance(error, WrongFileError)}
    if len(wrong) < 2 or set(wrong.values()) != set(wrong):
        return None, ()
    return Problem("", None, "", _("The files seem swapped: %(files)s.") % {"files": "; ".join(
        str(GIVEN_AS[kind] % {"file": names[kind], "found": A_FILE[found]}) for kind, found in wrong.items()
    )}), set(wrong)


# Writing


def write(results, report, acronyms):
    """Create and update the results parsed, kind by kind; return how many rows were written.

    ``acronyms`` names their projects in the report.
    """
    existing = {}
    ids = iter({cordis_id for kind_results in results.values() for cordis_id in kind_results})
    while chunk := list(islice(ids, CHUNK)):
        existing.update((result.cordis_id, result) for result in CordisResult.objects.filter(
            cordis_id__in=chunk).only("pk", "cordis_id", *FIELDS))

    def new_result(cordis_id, values):
        return {"cordis_id": cordis_id, "is_published": True, **values}

    for kind, incoming in results.items():
        def name(cordis_id, incoming=incoming):
            values = incoming[cordis_id]
            return _("%(project)s: %(title)s") % {
                "project": acronyms[values["project_id"]], "title": values["title"][:100]}

        upsert(CordisResult, existing, incoming, FIELDS, report.tally(kind), new_result, name, written=[])
    return sum(report.tally(kind).created + report.tally(kind).updated for kind in results)


def import_cordis_results(files, dry_run=False, progress=None, names=None):
    """Read, check and write the results files in one transaction; return a ResultsReport or raise CordisFileError.

    ``files`` maps kinds ("deliverables", "publications", "reports": any of them) to a path or a binary
    file object; ``names`` maps them to the names problems give them (``FILE_NAMES`` by default).
    ``progress(name, done, total, rows)`` is called as each file is read (bytes) and as the results are
    saved. While another import runs it raises ``ImportRunning``, having read and written nothing.
    """
    if not files or set(files) - set(KINDS):
        raise ValueError(f"files must map some of {', '.join(KINDS)} to a file, not {', '.join(files) or 'nothing'}")
    names = {**FILE_NAMES, **(names or {})}
    with import_lock():
        report = ResultsReport(dry_run=dry_run, kinds=[kind for kind in KINDS if kind in files])
        projects = dict(Project.objects.filter(cordis_id__isnull=False).values_list("cordis_id", "pk"))
        problems, errors, results, seen = [], {}, {}, {}
        # Every file is read through even when one is broken, so every problem is reported at once.
        for kind in report.kinds:
            try:
                results[kind] = parse_results(files[kind], names[kind], kind, projects, seen, problems, report,
                                              progress)
            except CordisFileError as error:
                errors[kind] = error
                problems.extend(error.problems)
        swap, kinds = swapped(errors, names)
        if swap:  # one problem for them, and the other files' problems
            problems = [swap, *(problem for problem in problems
                                if not any(problem in errors[kind].problems for kind in kinds))]
        if problems:
            raise CordisFileError(problems)
        acronyms = dict(Project.objects.filter(pk__in={
            values["project_id"] for kind_results in results.values() for values in kind_results.values()
        }).values_list("pk", "acronym"))
        if progress:
            progress(_("saving"), 0, 1, 0)
        try:
            with transaction.atomic():
                written = write(results, report, acronyms)
                if dry_run:
                    transaction.set_rollback(True)
                elif written:  # the titles of a project's results are searched with its texts; bulk writes send no signals
                    PROJECTS.update({values["project_id"] for kind_results in results.values()
                                     for values in kind_results.values()})
        except IntegrityError as error:
            # The checks above should leave nothing for the database to refuse; if it does, say so plainly.
            raise CordisFileError([Problem(
                names[report.kinds[0]], None, "", _("the data conflicts with what is stored (%(error)s)") % {
                    "error": error})]) from None
        if progress:
            progress(_("saving"), 1, 1, written)
        return report
