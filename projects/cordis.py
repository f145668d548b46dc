"""
Import of CORDIS's open data: the ``project`` and ``organization`` files of a framework programme.

CORDIS publishes them as ``;``-separated CSV (UTF-8, often with a byte-order
mark, fields quoted when they hold ``;``, quotes or line breaks) and as JSON
lists of objects with the same keys. ``import_cordis()`` reads both files,
checks every row, and writes in one transaction:

- a file that is not what it claims raises ``CordisFileError`` listing each
  problem by file, line and column, and nothing is written;
- a row with a recoverable oddity (an unknown role, an empty contribution) is
  imported and reported as a warning;
- rows are matched on CORDIS ids (grant id, organisation PIC), so importing
  the same files twice changes nothing, and a newer export updates only the
  fields that come from CORDIS. What editors write (display names, summaries,
  themes, images, published flags, local roles) is never touched;
- a new project in which the featured organisation takes no part comes in
  unpublished, unless ``publish_all`` is given: a whole programme's export must
  not put thousands of unrelated projects on the site at once. Without a
  featured organisation with a PIC, every new project is published;
- a new organisation whose name is that of one already stored (under another
  PIC, or none) is reported as a warning, never merged: it is the same body
  under a second PIC more often than not, and an editor decides;
- the report names what is (or would be) created and changed, the first
  ``SHOWN`` of each kind;
- an editor's first change to an imported row can be taken back from its
  History: the row's stored state is recorded just before (``core.history``),
  rather than a revision for each of the hundreds of thousands of rows written;
- one import at a time reads and writes the database (``import_lock()``): a
  second one, from the admin or the command line, is refused with
  ``ImportRunning`` before it reads anything.
"""

import csv
import datetime
import fcntl
import io
import json
import re
import threading
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core import bulk_insert, content_version
from projects.models import (
    Organisation,
    OrganisationKind,
    OrganisationSearch,
    Participation,
    Programme,
    Project,
    ProjectCountry,
    ProjectSearch,
    Role,
)
from projects.search import ORGANISATIONS, PROJECTS

# CORDIS writes Greece and the United Kingdom with their EU codes, not ISO 3166.
CORDIS_COUNTRIES = {"EL": "GR", "UK": "GB"}
ROLES = {role.value.lower(): role for role in Role}
# The framework programmes as CORDIS writes them, by the code of their programme on this site.
PROGRAMMES = {"FP7": Programme.FP7, "H2020": Programme.H2020, "HORIZON": Programme.HORIZON}

PROJECT_COLUMNS = [
    "id", "acronym", "title", "startDate", "endDate", "totalCost", "ecMaxContribution", "legalBasis", "topics",
    "frameworkProgramme", "fundingScheme", "objective",
]
ORGANISATION_COLUMNS = [
    "projectID", "organisationID", "name", "shortName", "activityType", "city", "country", "role", "ecContribution",
]
# The results of projects (projects.cordis_results): only the columns it reads and cannot do without.
DELIVERABLE_COLUMNS = ["id", "title", "projectID", "deliverableType", "url"]
PUBLICATION_COLUMNS = ["id", "title", "projectID", "authors", "publishedYear", "doi"]
REPORT_COLUMNS = ["id", "title", "projectID"]
# The columns each kind of file must have.
COLUMNS = {
    "projects": PROJECT_COLUMNS, "organisations": ORGANISATION_COLUMNS, "deliverables": DELIVERABLE_COLUMNS,
    "publications": PUBLICATION_COLUMNS, "reports": REPORT_COLUMNS,
}
# The columns that tell a file's kind: a file with more than half of another kind's, and less than half of its
# own, was given as the wrong kind. The three results files share their first columns, so theirs are the
# columns only that kind has.
MARKS = {
    "projects": PROJECT_COLUMNS, "organisations": ORGANISATION_COLUMNS, "deliverables": ["deliverableType"],
    "publications": ["isPublishedAs", "authors", "journalTitle", "publishedYear", "doi"], "reports": ["attachment"],
}

# A file with neither kind's columns, or the other kind's: one problem, not one per missing column.
NOT_CORDIS = {
    "projects": gettext_lazy("this is not a CORDIS project file: it has none of the columns %(columns)s …"),
    "organisations": gettext_lazy("this is not a CORDIS organisation file: it has none of the columns %(columns)s …"),
    "deliverables": gettext_lazy(
        "this is not a CORDIS deliverables file: it has none of the columns %(columns)s …"),
    "publications": gettext_lazy(
        "this is not a CORDIS publications file: it has none of the columns %(columns)s …"),
    "reports": gettext_lazy("this is not a CORDIS report summaries file: it has none of the columns %(columns)s …"),
}
MOSTLY_NOT_CORDIS = {
    "projects": gettext_lazy(
        "this is not a CORDIS project file: it lacks %(missing)s of its %(total)s columns, such as %(columns)s"),
    "organisations": gettext_lazy(
        "this is not a CORDIS organisation file: it lacks %(missing)s of its %(total)s columns, such as %(columns)s"),
    "deliverables": gettext_lazy(
        "this is not a CORDIS deliverables file: it lacks %(missing)s of its %(total)s columns, such as %(columns)s"),
    "publications": gettext_lazy(
        "this is not a CORDIS publications file: it lacks %(missing)s of its %(total)s columns, such as %(columns)s"),
    "reports": gettext_lazy(
        "this is not a CORDIS report summaries file: it lacks %(missing)s of its %(total)s columns, such as "
        "%(columns)s"),
}
# A file of one kind given as another: (given as, is).
OTHER_KIND = {
    ("projects", "organisations"): gettext_lazy("this is a CORDIS organisation file, not a project file"),
    ("organisations", "projects"): gettext_lazy("this is a CORDIS project file, not an organisation file"),
}
A_FILE = {
    "projects": gettext_lazy("a CORDIS project file"),
    "organisations": gettext_lazy("a CORDIS organisation file"),
    "deliverables": gettext_lazy("a CORDIS deliverables file"),
    "publications": gettext_lazy("a CORDIS publications file"),
    "reports": gettext_lazy("a CORDIS report summaries file"),
}
NOT_THIS_KIND = {  # %(found)s is one of A_FILE
    "projects": gettext_lazy("this is %(found)s, not a project file"),
    "organisations": gettext_lazy("this is %(found)s, not an organisation file"),
    "deliverables": gettext_lazy("this is %(found)s, not a deliverables file"),
    "publications": gettext_lazy("this is %(found)s, not a publications file"),
    "reports": gettext_lazy("this is %(found)s, not a report summaries file"),
}

# The fields an import sets; everything else belongs to the editors.
PROJECT_FIELDS = [
    "acronym", "title", "programme_id", "programme_part", "call_topic", "funding_scheme", "start_date", "end_date",
    "total_cost", "eu_contribution", "objective", "cordis_rcn", "declared_consortium_size", "declared_country_count",
]
# CORDIS gives one name and one city: the Italian ones, which English pages show until an editor writes theirs.
ORGANISATION_FIELDS = ["legal_name", "kind", "country", "city_it"]
PARTICIPATION_FIELDS = ["role", "eu_contribution"]
BATCH = 2000
LARGE_IMPORT = 1000
SHOWN = 50  # names listed in the report for each kind of row and change
MONEY_LIMIT = Decimal(10) ** 12  # the money fields hold 14 digits, two of them after the point


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str
    message: str

    def __str__(self):
        if not self.file:  # about both files
            return str(self.message)
        if self.line and self.column:
            where = _("%(file)s, line %(line)s, column %(column)s")
        elif self.line:
            where = _("%(file)s, line %(line)s")
        elif self.column:
            where = _("%(file)s, column %(column)s")
        else:
            where = "%(file)s"
        where = where % {"file": self.file, "line": self.line, "column": self.column}
        return _("%(where)s: %(message)s") % {"where": where, "message": self.message}


class CordisFileError(Exception):
    """The files cannot be imported; ``problems`` says where and why. Nothing was written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class WrongFileError(CordisFileError):
    """A file that is not the kind expected: ``looks_like`` is the kind it is (a key of ``COLUMNS``) or None."""

    def __init__(self, problem, looks_like):
        self.looks_like = looks_like
        super().__init__([problem])


@dataclass
class Tally:
    """How many rows of one kind were created, updated and left unchanged; the first ``SHOWN`` by name."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    created_names: list = field(default_factory=list)
    updated_names: list = field(default_factory=list)

    @property
    def more_created(self):
        return self.created - len(self.created_names)

    @property
    def more_updated(self):
        return self.updated - len(self.updated_names)


@dataclass
class ImportReport:
    projects: Tally = field(default_factory=Tally)
    organisations: Tally = field(default_factory=Tally)
    participations: Tally = field(default_factory=Tally)
    warnings: list = field(default_factory=list)
    dry_run: bool = False
    # The PIC of the featured organisation, whose projects alone come in published; None without one.
    featured_pic: int | None = None
    # New projects left unpublished: the featured organisation takes no part in them.
    unpublished: int = 0
    unpublished_names: list = field(default_factory=list)

    @property
    def more_unpublished(self):
        return self.unpublished - len(self.unpublished_names)

    def headings(self):
        return [pgettext("import report", "created"), pgettext("import report", "updated"),
                pgettext("import report", "unchanged")]

    def rows(self):
        """The report's table: (what, [created, updated, unchanged]) of each kind of row."""
        return [(label, [tally.created, tally.updated, tally.unchanged]) for label, tally in [
            (_("Projects"), self.projects), (_("Organisations"), self.organisations),
            (_("Participations"), self.participations)]]

    def listings(self):
        """What is (or would be) created and changed, by name: (heading, the first names, how many more)."""
        return [(heading, names, more) for heading, names, more in [
            (_("New projects"), self.projects.created_names, self.projects.more_created),
            (_("Projects changed"), self.projects.updated_names, self.projects.more_updated),
            (_("New organisations"), self.organisations.created_names, self.organisations.more_created),
            (_("Organisations changed"), self.organisations.updated_names, self.organisations.more_updated),
            (_("New participations"), self.participations.created_names, self.participations.more_created),
            (_("Participations changed"), self.participations.updated_names, self.participations.more_updated),
            (_("New projects left unpublished: the featured organisation takes no part in them"),
             self.unpublished_names, self.more_unpublished),
        ] if names]

    def as_json(self):
        """The report as plain data, to be kept with the import that made it; warnings as sentences."""
        return {**asdict(self), "warnings": [str(warning) for warning in self.warnings]}

    @classmethod
    def from_json(cls, data):
        tallies = {kind: Tally(**data[kind]) for kind in ("projects", "organisations", "participations")}
        kept = {name: value for name, value in data.items() if name in cls.__dataclass_fields__}  # older reports said more
        return cls(**{**kept, **tallies})


# Reading


def read_records(file, name, kind, progress=None):
    """Yield (line, row) from a CORDIS CSV or JSON file of ``kind`` (a key of ``COLUMNS``: "projects" …).

    Raise CordisFileError if it is not one. ``file`` is a path or a binary file object; ``line`` is
    where the row starts (the item number in JSON).
    """
    raw = open(file, "rb") if isinstance(file, (str, bytes)) or hasattr(file, "__fspath__") else file
    try:
        head = raw.read(8192)
        if not head.strip().strip(b"\xef\xbb\xbf"):
            raise CordisFileError([Problem(name, None, "", _("the file is empty"))])
        if b"\x00" in head:
            raise CordisFileError([Problem(name, None, "", _("this is a binary file, not CORDIS CSV or JSON"))])
        size = raw.seek(0, io.SEEK_END)
        raw.seek(0)
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = _json_records if first in (b"[", b"{") else _csv_records
        try:
            yield from reader(text, raw, size, name, kind, progress)
        except UnicodeDecodeError as error:
            raise CordisFileError([Problem(
                name, None, "", _("the file is not UTF-8 text (%(reason)s)") % {"reason": error.reason})]) from None
        finally:
            text.detach()
    finally:
        if raw is not file:
            raw.close()


def _marks_found(found, kind):
    """The share of the columns telling ``kind`` that a file with the columns ``found`` has."""
    marks = MARKS[kind]
    return sum(column in found for column in marks) / len(marks)


def looks_like(found):
    """The kind of CORDIS file whose telling columns ``found`` has, more than half of them (the most), or None."""
    shares = {kind: _marks_found(found, kind) for kind in MARKS}
    kinds = [kind for kind, share in shares.items() if share > 0.5]
    return max(kinds, key=shares.get) if kinds else None


def _missing_columns(name, found, kind):
    """A problem for each missing column of a file of ``kind``; one WrongFileError for a file of another kind."""
    found = set(found or ())
    columns = COLUMNS[kind]
    missing = [column for column in columns if column not in found]
    if _marks_found(found, kind) < 0.5:  # less than half of what tells this kind: which kind is it?
        other = looks_like(found)
        if other is not None:
            message = OTHER_KIND.get((kind, other)) or NOT_THIS_KIND[kind] % {"found": A_FILE[other]}
            raise WrongFileError(Problem(name, 1, "", str(message)), looks_like=other)
    if 2 * len(missing) <= len(columns):  # the right file, short of a column or two
        return [Problem(name, 1, column, _("this column is missing")) for column in missing]
    if len(missing) == len(columns):
        message = NOT_CORDIS[kind] % {"columns": ", ".join(columns[:3])}
    else:
        message = MOSTLY_NOT_CORDIS[kind] % {
            "missing": len(missing), "total": len(columns), "columns": ", ".join(missing[:3]),
        }
    raise WrongFileError(Problem(name, 1, "", message), looks_like=None)


def _csv_records(text, raw, size, name, kind, progress):
    reader = csv.DictReader(text, delimiter=";", quotechar='"')
    try:
        problems = _missing_columns(name, reader.fieldnames, kind)
    except csv.Error as error:
        raise CordisFileError([Problem(name, 1, "", _("the header cannot be read (%(error)s)") % {"error": error})]) from None
    if problems:
        raise CordisFileError(problems)
    start = reader.line_num + 1
    rows = 0
    try:
        for row in reader:
            if None in row:  # more cells than the header names
                raise CordisFileError([Problem(name, start, "", _("the row has more cells than the header"))])
            yield start, row
            rows += 1
            start = reader.line_num + 1
            if progress and size and rows % 5000 == 0:
                progress(name, raw.tell(), size, rows)
    except csv.Error as error:
        raise CordisFileError([Problem(name, start, "", _("the row cannot be read (%(error)s)") % {"error": error})]) from None
    if progress and size:
        progress(name, size, size, rows)


def _json_records(text, raw, size, name, kind, progress):
    try:
        data = json.load(text)
    except json.JSONDecodeError as error:
        raise CordisFileError([Problem(
            name, error.lineno, "", _("this is not valid JSON (%(error)s)") % {"error": error.msg})]) from None
    if isinstance(data, dict):  # some exports wrap the list
        data = next((value for value in data.values() if isinstance(value, list)), None)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise CordisFileError([Problem(name, None, "", _("the JSON is not a list of records"))])
    if not data:
        raise CordisFileError([Problem(name, None, "", _("the file holds no records"))])
    problems = _missing_columns(name, data[0].keys(), kind)
    if problems:
        raise CordisFileError(problems)
    for number, item in enumerate(data, start=1):
        yield number, {key: "" if value is None else str(value) for key, value in item.items()}
    if progress:
        progress(name, 1, 1, len(data))


# Values


class Cells:
    """Reads the cells of one row, collecting a problem for each that cannot be read."""

    def __init__(self, name, line, row, problems):
        self.name, self.line, self.row, self.problems = name, line, row, problems

    def text(self, column):
        return (self.row.get(column) or "").strip()

    def problem(self, column, message):
        self.problems.append(Problem(self.name, self.line, column, message))

    def integer(self, column, required=False):
        value = self.text(column)
        if not value:
            if required:
                self.problem(column, _("a value is required here"))
            return None
        if not re.fullmatch(r"[0-9]{1,18}", value):  # not isdigit(): it accepts "²", which int() refuses
            self.problem(column, _("“%(value)s” is not a whole number") % {"value": value[:40]})
            return None
        return int(value)

    def date(self, column):
        value = self.text(column)
        if not value:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.problem(column, _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": value[:40]})
            return None

    def money(self, column):
        value = self.text(column).replace(" ", "").replace("\u00a0", "")
        if not value:
            return None
        if "," in value and "." in value:  # thousands separators: the last mark is the decimal one
            decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
            value = value.replace("." if decimal_mark == "," else ",", "")
        value = value.replace(",", ".")
        try:
            amount = Decimal(value)
            if not amount.is_finite() or amount < 0 or amount >= MONEY_LIMIT:
                raise InvalidOperation
            return amount.quantize(Decimal("0.01"))
        except InvalidOperation:
            self.problem(column, _("“%(value)s” is not an amount in euros") % {"value": self.text(column)[:40]})
            return None


# Parsing


@dataclass
class ParsedOrganisation:
    pic: int
    values: dict
    line: int | None = None  # where the file first names it


@dataclass
class ParsedParticipation:
    project_id: int
    pic: int
    values: dict


def parse_projects(file, name, problems, warnings, progress=None):
    projects = {}
    for line, row in read_records(file, name, "projects", progress):
        cells = Cells(name, line, row, problems)
        cordis_id = cells.integer("id", required=True)
        start, end = cells.date("startDate"), cells.date("endDate")
        if start and end and end < start:
            cells.problem("endDate", _("the end date is before the start date"))
        programme = PROGRAMMES.get(cells.text("frameworkProgramme").upper())
        if programme is None:
            warnings.append(Problem(name, line, "frameworkProgramme", _(
                "unknown programme “%(value)s”, recorded as other") % {"value": cells.text("frameworkProgramme")}))
            programme = Programme.OTHER
        values = {
            "acronym": cells.text("acronym")[:50] or str(cordis_id),
            "title": cells.text("title")[:500],
            "programme_id": programme,
            "programme_part": cells.text("legalBasis").rstrip(".")[:100],
            "call_topic": cells.text("topics")[:100],
            "funding_scheme": cells.text("fundingScheme")[:50],
            "start_date": start,
            "end_date": end,
            "total_cost": cells.money("totalCost"),
            "eu_contribution": cells.money("ecMaxContribution"),
            "objective": cells.text("objective"),
        }
        if "rcn" in row:  # without the column, a stored record number is kept, not erased
            values["cordis_rcn"] = cells.integer("rcn")
        if cordis_id is None:
            continue
        if cordis_id in projects:
            cells.problem("id", _("project %(id)s appears twice in this file") % {"id": cordis_id})
        projects[cordis_id] = values
    return projects


def parse_organisations(file, name, project_ids, problems, warnings, progress=None):
    organisations, participations = {}, {}
    kinds = set(OrganisationKind.values)
    for line, row in read_records(file, name, "organisations", progress):
        cells = Cells(name, line, row, problems)
        project_id = cells.integer("projectID", required=True)
        pic = cells.integer("organisationID", required=True)
        if project_id is not None and project_ids is not None and project_id not in project_ids:
            cells.problem("projectID", _("project %(id)s is in no project file") % {"id": project_id})
        role = ROLES.get(cells.text("role").lower())
        if role is None:
            warnings.append(Problem(name, line, "role", _("unknown role “%(value)s”, recorded as participant")
                                    % {"value": cells.text("role")}))
            role = Role.PARTICIPANT
        contribution = cells.money("ecContribution")
        if contribution is None and not cells.text("ecContribution"):
            warnings.append(Problem(name, line, "ecContribution", _("the contribution is empty")))
        kind = cells.text("activityType").upper()
        if kind and kind not in kinds:
            warnings.append(Problem(name, line, "activityType",
                                    _("unknown activity type “%(value)s”, left empty") % {"value": kind}))
            kind = ""
        country = cells.text("country").upper()
        if project_id is None or pic is None:
            continue
        organisations.setdefault(pic, ParsedOrganisation(pic, {
            "name_it": cells.text("name")[:300] or str(pic),
            "short_name": cells.text("shortName")[:100],
            "legal_name": cells.text("name")[:300],
            "kind": kind,
            "country": CORDIS_COUNTRIES.get(country, country)[:2],
            "city_it": cells.text("city")[:100].title(),
            "website": cells.text("organizationURL")[:200] if re.match(r"https?://", cells.text("organizationURL"))
            else "",
        }, line))
        key = (project_id, pic)
        if key in participations:
            warnings.append(Problem(name, line, "organisationID", _(
                "organisation %(pic)s appears twice in project %(id)s; the first row is kept"
            ) % {"pic": pic, "id": project_id}))
            continue
        participations[key] = ParsedParticipation(project_id, pic, {"role": role, "eu_contribution": contribution})
    return organisations, participations


def keep_only(pic, projects, organisations, participations, problems, name):
    """The projects of organisation ``pic`` with their whole consortia."""
    kept = {project_id for project_id, member in participations if member == pic}
    if not kept:
        problems.append(Problem(name, None, "organisationID",
                                _("organisation %(pic)s takes part in no project") % {"pic": pic}))
    participations = {key: value for key, value in participations.items() if key[0] in kept}
    members = {member for _, member in participations}
    return (
        {key: value for key, value in projects.items() if key in kept},
        {key: value for key, value in organisations.items() if key in members},
        participations,
    )


# Writing


def _unique_slug(base, taken, suffix):
    slug = slugify(base)[:60] or suffix
    if slug in taken:
        slug = f"{slug}-{suffix}"
    taken.add(slug)
    return slug


def upsert(model, existing, incoming, fields, tally, make, name, written, key_field=None, keep_when_empty=()):
    """Create what is new, update the listed fields of what changed; return ``{key: primary key}`` of every row.

    New rows are ``make(key, values)``: the values of a new row, written with ``core.bulk_insert`` (a
    programme's import creates hundreds of thousands); their keys are read back by ``key_field``, when
    given. A field missing from the incoming values is left as it is, and so is one named in
    ``keep_when_empty`` when CORDIS has nothing for it but the database has a value (an editor's).
    The first ``SHOWN`` created and updated rows are named in ``tally`` by ``name(key)``; the keys of
    every created and updated row are added to ``written``.
    """
    created, changed, pks = {}, {}, {}
    for key, values in incoming.items():
        obj = existing.get(key)
        if obj is None:
            created[key] = make(key, values)
            continue
        pks[key] = obj.pk
        differences = {
            field_name: values[field_name] for field_name in fields
            if field_name in values and getattr(obj, field_name) != values[field_name]
            and not (field_name in keep_when_empty and not values[field_name])
        }
        if differences:
            for field_name, value in differences.items():
                setattr(obj, field_name, value)
            changed[key] = obj
        else:
            tally.unchanged += 1
    bulk_insert.insert(model, created.values())
    if changed:
        model.objects.bulk_update(changed.values(), fields, batch_size=BATCH)
    if key_field and created:
        pks.update(model.objects.filter(**{f"{key_field}__isnull": False}).values_list(key_field, "pk"))
    tally.created += len(created)
    tally.updated += len(changed)
    tally.created_names.extend(name(key) for key in islice(created, SHOWN))
    tally.updated_names.extend(name(key) for key in islice(changed, SHOWN))
    written.extend(pks[key] for key in created if key in pks)
    written.extend(obj.pk for obj in changed.values())
    return pks


def comparable_name(name):
    """A name as two spellings of it compare: without accents or case, its spaces collapsed."""
    letters = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in letters if not unicodedata.combining(c)).casefold().split())


def namesakes(organisations, stored_pics, file_name, dry_run):
    """A warning for each new organisation named as one already stored, under another PIC or none."""
    stored = {}
    # The featured organisation first: when it is one of several namesakes, it is the one to name.
    for pic, name, legal_name in Organisation.objects.order_by("-is_featured", "pk").values_list(
            "pic", "name", "legal_name"):
        for spelling in {comparable_name(name), comparable_name(legal_name)} - {""}:
            stored.setdefault(spelling, (name, pic))
    warnings = []
    for pic, parsed in organisations.items():
        match = stored.get(comparable_name(parsed.values["legal_name"]))
        if pic in stored_pics or match is None:
            continue
        existing_name, existing_pic = match
        if existing_pic is None:
            message = _(
                "“%(name)s” (PIC %(pic)s) has the name of an existing organisation, %(existing)s (without a PIC): "
                "the import would create a second one."
            ) if dry_run else _(
                "“%(name)s” (PIC %(pic)s) has the name of an existing organisation, %(existing)s (without a PIC): "
                "the import created a second one."
            )
        else:
            message = _(
                "“%(name)s” (PIC %(pic)s) has the name of an existing organisation, %(existing)s "
                "(PIC %(existing_pic)s): the import would create a second one."
            ) if dry_run else _(
                "“%(name)s” (PIC %(pic)s) has the name of an existing organisation, %(existing)s "
                "(PIC %(existing_pic)s): the import created a second one."
            )
        warnings.append(Problem(file_name, parsed.line, "name", message % {
            "name": parsed.values["legal_name"], "pic": pic, "existing": existing_name, "existing_pic": existing_pic,
        }))
    return warnings


def write(projects, organisations, participations, report, rcn_to_id, publish_all=False, names=("", ""),
          progress=None):
    """Write the parsed rows; return ``{model: [primary keys]}`` of the rows created or updated.

    ``progress`` hears of each kind of row written: organisations, projects, participations.
    """
    def saved(kinds_done, rows):
        if progress:
            progress(_("saving"), kinds_done, 3, rows)

    saved(0, 0)
    written = {Organisation: [], Project: [], Participation: []}
    # Consortium size and countries as CORDIS lists them.
    members = Counter(project_id for project_id, _ in participations)
    countries = {}
    for project_id, pic in participations:
        country = organisations[pic].values["country"]
        if country:
            countries.setdefault(project_id, set()).add(country)
    for project_id, values in projects.items():
        values["declared_consortium_size"] = members.get(project_id) or None
        values["declared_country_count"] = len(countries.get(project_id, ())) or None

    existing = {org.pic: org for org in Organisation.objects.filter(pic__isnull=False)
                .only("pk", "pic", "slug", "name", "website", *ORGANISATION_FIELDS)}
    # Warnings about a second organisation come first: among hundreds about empty cells they would be missed.
    report.warnings[:0] = namesakes(organisations, existing.keys(), names[1], report.dry_run)
    slugs = set(Organisation.objects.values_list("slug", flat=True))

    def new_organisation(pic, values):
        return {
            "pic": pic, "slug": _unique_slug(values["short_name"] or values["name_it"], slugs, str(pic)), **values,
            # The untranslated columns hold the site's own language, as modeltranslation keeps them.
            "name": values["name_it"], "city": values["city_it"], **Organisation.name_keys(values["name_it"]),
        }

    stored_names = {pic: org.name for pic, org in existing.items()}

    def organisation_name(pic):  # as the site names it: an editor may have renamed a stored one
        return stored_names[pic] if pic in stored_names else incoming[pic]["name_it"]

    incoming = {pic: parsed.values for pic, parsed in organisations.items()}
    for pic, values in incoming.items():
        # An empty website may be filled from CORDIS; one an editor wrote stays.
        if pic in existing and existing[pic].website:
            values["website"] = existing[pic].website
    orgs = upsert(Organisation, existing, incoming, [*ORGANISATION_FIELDS, "website"], report.organisations,
                  new_organisation, organisation_name, written[Organisation], key_field="pic",
                  keep_when_empty={"kind", "country", "city_it", "website"})
    saved(1, len(written[Organisation]))

    existing = {p.cordis_id: p for p in Project.objects.filter(cordis_id__isnull=False)
                .only("pk", "cordis_id", "slug", *PROJECT_FIELDS)}
    # A project an editor entered with CORDIS's record number but no grant id is the same project.
    for project in Project.objects.filter(cordis_id__isnull=True, cordis_rcn__isnull=False).only(
            "pk", "cordis_id", "slug", *PROJECT_FIELDS):
        cordis_id = rcn_to_id.get(project.cordis_rcn)
        if cordis_id is not None and cordis_id not in existing:
            project.cordis_id = cordis_id
            existing[cordis_id] = project
    for cordis_id, values in projects.items():
        values["cordis_id"] = cordis_id  # written too, for the adopted rows above
    slugs = set(Project.objects.values_list("slug", flat=True))
    # A new project is published only if the featured organisation takes part in it. Without a featured
    # organisation with a PIC nothing tells the site's projects from the others (a site being set up, or
    # one whose organisation is not in CORDIS), and every new project is published, as it always was.
    report.featured_pic = Organisation.objects.featured().filter(pic__isnull=False).values_list(
        "pic", flat=True).first()
    publish_all = publish_all or report.featured_pic is None
    featured_projects = {project_id for project_id, pic in participations if pic == report.featured_pic}

    def new_project(cordis_id, values):
        is_published = publish_all or cordis_id in featured_projects
        if not is_published:
            report.unpublished += 1
            if len(report.unpublished_names) < SHOWN:
                report.unpublished_names.append(values["acronym"])
        return {"slug": _unique_slug(values["acronym"], slugs, str(cordis_id)), "is_published": is_published,
                **values}

    saved_projects = upsert(Project, existing, projects, ["cordis_id", *PROJECT_FIELDS], report.projects,
                            new_project, lambda cordis_id: projects[cordis_id]["acronym"], written[Project],
                            key_field="cordis_id")
    saved(2, len(written[Organisation]) + len(written[Project]))

    existing = {
        (p.project.cordis_id, p.organisation.pic): p
        for p in Participation.objects.filter(project__cordis_id__isnull=False, organisation__pic__isnull=False)
        .select_related("project", "organisation").only(
            "pk", "role", "eu_contribution", "project__cordis_id", "organisation__pic", "project_id", "organisation_id")
    }

    def new_participation(key, values):
        return {"project_id": saved_projects[key[0]], "organisation_id": orgs[key[1]], **values}

    def participation_name(key):
        return _("%(organisation)s in %(project)s") % {
            "organisation": organisation_name(key[1]), "project": projects[key[0]]["acronym"],
        }

    upsert(Participation, existing, {key: p.values for key, p in participations.items()}, PARTICIPATION_FIELDS,
           report.participations, new_participation, participation_name, written[Participation])
    saved(3, sum(map(len, written.values())))
    return written


def check_record_numbers(projects, problems, name):
    """CORDIS record numbers are unique: within the file, and against projects stored under another grant id."""
    rcn_to_id = {}
    for cordis_id, values in projects.items():
        rcn = values.get("cordis_rcn")
        if rcn is None:
            continue
        if rcn in rcn_to_id:
            problems.append(Problem(name, None, "rcn", _(
                "record number %(rcn)s is given to projects %(first)s and %(second)s"
            ) % {"rcn": rcn, "first": rcn_to_id[rcn], "second": cordis_id}))
        rcn_to_id[rcn] = cordis_id
    stored = Project.objects.filter(cordis_rcn__isnull=False, cordis_id__isnull=False)
    for rcn, cordis_id in stored.values_list("cordis_rcn", "cordis_id").iterator():
        if rcn in rcn_to_id and rcn_to_id[rcn] != cordis_id:
            problems.append(Problem(name, None, "rcn", _(
                "record number %(rcn)s belongs to project %(stored)s on this site, not to project %(incoming)s"
            ) % {"rcn": rcn, "stored": cordis_id, "incoming": rcn_to_id[rcn]}))
    return rcn_to_id


# One import at a time

# PostgreSQL's advisory lock key of CORDIS imports: "CORDIS" in ASCII, a number no other lock of the site uses.
IMPORT_LOCK_KEY = int.from_bytes(b"CORDIS", "big")
# An SQLite database in memory lives in one process, whose threads take this lock instead of a file's.
_IN_MEMORY_LOCK = threading.Lock()


class ImportRunning(Exception):
    """Another CORDIS import holds the lock: this one read and wrote nothing."""

    def __init__(self):
        super().__init__(_("another import is running"))


@contextmanager
def import_lock():
    """Hold the database-wide lock of CORDIS imports while the block runs, or raise ``ImportRunning`` at once.

    Two imports at once would each read the slugs and ids stored, then both write the same new ones,
    and the second would stop on a slug taken, as if its files were wrong. So whoever starts an
    import (a task worker, however many run, or the command line) holds this lock from before it
    reads the files until it has written, and a second one is refused before it reads anything.

    - PostgreSQL: a session advisory lock (``pg_try_advisory_lock``), for the whole database whichever
      machine the import runs on, and released with the connection if the process dies.
    - SQLite: a lock (``flock``) on a file beside the database, which only processes of its own machine
      can open. SQLite lets one transaction write at a time, but a second import would still parse its
      files meanwhile, then wait for the first at its first write and fail with "database is locked"
      once the connection's timeout passed. A lock row would need a table of its own and would outlive
      an import whose process was killed; the system drops a file lock with its process.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK_KEY])
            if not cursor.fetchone()[0]:
                raise ImportRunning
        try:
            yield
        finally:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])
            except DatabaseError:
                # A connection that cannot say it any more is closed: the lock goes with its session.
                connection.close()
    elif connection.vendor == "sqlite" and not connection.is_in_memory_db():
        # A file of its own, opened anew each time: two opens of it exclude each other, in one process too.
        with open(f"{connection.settings_dict['NAME']}-import-lock", "a") as lock_file:
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ImportRunning from None
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)
    else:  # SQLite in memory, which no other process can open
        if not _IN_MEMORY_LOCK.acquire(blocking=False):
            raise ImportRunning
        try:
            yield
        finally:
            _IN_MEMORY_LOCK.release()


def import_running():
    """Whether another import holds the lock now (the admin asks before it queues one)."""
    try:
        with import_lock():
            return False
    except ImportRunning:
        return True


def index_written(written, progress=None):
    """Bring the full-text indexes up to date with the projects and organisations written (bulk writes send
    no signals)."""
    if progress:
        progress(_("search index"), 0, 1, 0)
    for index, model in ((PROJECTS, Project), (ORGANISATIONS, Organisation)):
        index.update(written[model])
    if progress:
        progress(_("search index"), 1, 1, sum(map(len, written.values())))


def import_cordis(projects_file, organisations_file, only_organisation=None, dry_run=False, progress=None,
                  names=("project", "organization"), publish_all=False):
    """Read, check and write the two files in one transaction; return an ImportReport or raise CordisFileError.

    New projects in which the featured organisation takes no part come in unpublished unless
    ``publish_all`` (or there is no featured organisation with a PIC). The rows written get no revisions: an
    editor's first change to one records its stored state first (``core.history``).
    ``progress(name, done, total, rows)`` is called as each file is read (bytes), as the rows are written (kinds)
    and as the search index and kept counts are brought up to date, ``rows`` saying how many rows so far.
    While another import runs it raises ``ImportRunning``, having read and written nothing.
    """
    with import_lock():
        problems, report = [], ImportReport(dry_run=dry_run)
        # Both files are read through even when one is broken, so every problem is reported at once.
        projects = organisations = participations = None
        errors = []
        try:
            projects = parse_projects(projects_file, names[0], problems, report.warnings, progress)
        except CordisFileError as error:
            errors.append(error)
            problems.extend(error.problems)
        try:
            organisations, participations = parse_organisations(
                organisations_file, names[1], None if projects is None else set(projects), problems, report.warnings,
                progress,
            )
        except CordisFileError as error:
            errors.append(error)
            problems.extend(error.problems)
        if [getattr(error, "looks_like", None) for error in errors] == ["organisations", "projects"]:
            raise CordisFileError([Problem("", None, "", _(
                "The two files seem swapped: %(projects)s, given as the projects file, has the columns of an "
                "organisation file, and %(organisations)s, given as the organisations file, those of a project file."
            ) % {"projects": names[0], "organisations": names[1]})])
        if only_organisation is not None and not problems:
            projects, organisations, participations = keep_only(
                only_organisation, projects, organisations, participations, problems, names[1]
            )
        if problems:
            raise CordisFileError(problems)
        rcn_to_id = check_record_numbers(projects, problems, names[0])
        if problems:
            raise CordisFileError(problems)
        try:
            with transaction.atomic():
                written = write(projects, organisations, participations, report, rcn_to_id, publish_all, names, progress)
                if dry_run:
                    transaction.set_rollback(True)
                else:
                    index_written(written, progress)
                    Organisation.objects.count_shared_projects()
                    ProjectCountry.objects.refresh()
        except IntegrityError as error:
            # The checks above should leave nothing for the database to refuse; if it does, say so plainly.
            raise CordisFileError([Problem(
                names[0], None, "", _("the data conflicts with what is stored (%(error)s)") % {"error": error})]) from None
        if not dry_run:
            content_version.bump()  # bulk writes send no signals
        if not dry_run and report.projects.created + report.participations.created > LARGE_IMPORT:
            refresh_statistics()
        return report


def refresh_statistics():
    """After a large import: fresh statistics, so the query planner uses the lists' indexes on the new rows.

    On PostgreSQL, a VACUUM of the tables written as well: it marks their pages all-visible, without which
    a count read from a covering index visits every row anyway (the projects list's counts took a third
    longer until autovacuum came by). VACUUM cannot run inside a transaction: within one (a caller's, the
    tests'), the statistics only.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in (
                Project, Organisation, Participation, ProjectCountry, ProjectSearch, OrganisationSearch,
            ))
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
        else:
            cursor.execute("ANALYZE")
