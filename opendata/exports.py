"""
Downloads of exactly what a filtered list shows, written once per content version and served as files.

Each export view is its list view with the same filters (invalid ones dropped, as on
the page) and the same order, but every page at once and no HTML. Rows are read in
chunks and written as they come, so a list of 35,000 projects never sits in memory.
CSV files are UTF-8 with a byte-order mark, which spreadsheet programs need to read
accented letters, and a cell that would start a formula is quoted as text. A spreadsheet set up for
Italian reads a CSV's commas as text, all in one column: the same rows come as an Excel workbook
(XLSX) too, which opens right everywhere.

An export is the same for everyone until the content changes, so it is made once: the
first request for it writes its file while sending it, and later ones get the file
(``opendata/files.py``). Each address may download so many times a minute
(``DOWNLOADS_PER_MINUTE``, ``opendata/throttle.py``): a new combination of filters costs
a full read of the list.
"""

import csv
import json
import tempfile
from datetime import date

import xlsxwriter
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import get_language, override

from core import content_version
from core.collation import language_of_page
from opendata import throttle
from opendata.files import ExportFile
from opendata.records import LICENCE, LICENCE_URL, ORGANISATION, PARTICIPATION, PROJECT, RESULT, SOURCE_NOTE
from opendata.results import ChainedResults
from profiles.views import OrganisationListView
from projects.models import Participation
from projects.views import ProjectListView

CHUNK = 1000  # rows read from the database at a time
CHUNK_BYTES = 64 * 1024  # bytes written and sent at a time: one system call and a few packets, not one per row
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DISPOSITIONS = {"csv": "attachment", "json": "inline", "xlsx": "attachment"}


class Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value):
        return value


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # a spreadsheet would run it as a formula
    return value


def csv_lines(records, fields):
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(fields)
    for record in records:
        yield writer.writerow([csv_cell(record[field]) for field in fields])


def xlsx_chunks(records, fields, sheet_name):
    """A workbook of ``records`` (one sheet, its header row bold and frozen), written to a temporary file a row at
    a time (XlsxWriter's constant memory mode) and then handed back in chunks: a zip cannot be sent before its end.

    Texts stay texts: nothing that looks like a formula, a number or an address is turned into one.
    """
    with tempfile.TemporaryFile() as file:
        workbook = xlsxwriter.Workbook(file, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False, "tmpdir": tempfile.gettempdir(),
        })
        sheet = workbook.add_worksheet(sheet_name[:31])
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, fields, workbook.add_format({"bold": True}))
        sheet.freeze_panes(1, 0)
        for row, record in enumerate(records, start=1):
            for column, field in enumerate(fields):
                value = record[field]
                if isinstance(value, date):
                    sheet.write_datetime(row, column, value, day)
                elif value not in (None, "", []):
                    sheet.write(row, column, "; ".join(value) if isinstance(value, list) else value)
        workbook.close()
        file.seek(0)
        yield from iter(lambda: file.read(CHUNK_BYTES), b"")


def json_parts(records, about):
    yield json.dumps(about, cls=DjangoJSONEncoder)[:-1] + ', "results": ['
    for index, record in enumerate(records):
        yield ("," if index else "") + "\n" + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield "\n]}\n"


def encoded(texts):
    """``texts`` in UTF-8, gathered into chunks of about CHUNK_BYTES; the first (the CSV header, the JSON
    heading) alone, so that the download starts at once."""
    batch, size = [], 0
    for index, text in enumerate(texts):
        data = text.encode()
        batch.append(data)
        size += len(data)
        if size >= CHUNK_BYTES or not index:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)


def chosen_filters(filterset):
    """The filters the list applies, as given, in the form's order: unknown parameters, the page and the
    values the list drops as invalid are left out, so every address giving the same list shares one file."""
    data = filterset.data
    chosen = {}
    for name in filterset.form.fields:
        values = [value for value in data.getlist(name) if value.strip()]
        if values and name not in filterset.errors:
            chosen[name] = values
    return chosen


class ExportMixin:
    """Turns a filtered list view into a download of all its rows in ``self.format``, as ``record``s."""

    format = "csv"
    record = None
    name = ""

    def dispatch(self, request, *args, **kwargs):
        wait = throttle.wait_for(request, "downloads", getattr(settings, "DOWNLOADS_PER_MINUTE", 60))
        if wait:
            refusal = HttpResponse(throttle.message(wait), status=429, content_type="text/plain; charset=utf-8")
            return throttle.refused(refusal, wait)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.filterset, _dropped = self.valid_filterset(self.get_filterset_class())
        filters, language = chosen_filters(self.filterset), get_language()
        # Everything the file holds depends on: the addresses in it are absolute, its texts in the language.
        parts = (request.scheme, request.get_host(), request.path, language, list(filters.items()))
        export = ExportFile(content_version.current(), parts, self.format)
        finished = export.open()
        if finished is not None:
            response = FileResponse(finished, content_type=CONTENT_TYPES[self.format])
        else:
            response = StreamingHttpResponse(
                export.stream(lambda: self.chunks(filters, language)), content_type=CONTENT_TYPES[self.format],
            )
        filename = f"{self.name}-{language}-{timezone.localdate():%Y%m%d}.{self.format}"
        response["Content-Disposition"] = f'{DISPOSITIONS[self.format]}; filename="{filename}"'
        return response

    def chunks(self, filters, language):
        """The file's bytes, read from the database as the response is sent, in the request's ``language``."""
        request = self.request
        with override(language):
            records = (self.record.of(row, request.build_absolute_uri) for row in self.rows())
            if self.format == "csv":
                yield from encoded(csv_lines(records, self.record.names()))
                return
            if self.format == "xlsx":
                yield from xlsx_chunks(records, self.record.names(), self.name)
                return
            about = {
                "source": str(SOURCE_NOTE), "licence": LICENCE, "licence_url": LICENCE_URL,
                "language": get_language(),
                "page": request.build_absolute_uri(request.path.rsplit("/", 1)[0] + "/"),
                "filters": filters,
                "generated": timezone.now(),
            }
            yield from encoded(json_parts(records, about))

    def rows(self):
        return self.filterset.qs.iterator(chunk_size=CHUNK)


class ProjectExport(ExportMixin, ProjectListView):
    record, name = PROJECT, "projects"


class ParticipationExport(ExportMixin, ProjectListView):
    """Every participation in the projects of the filtered list: their consortia, one row per partner."""

    record, name = PARTICIPATION, "participations"

    def rows(self):
        return (
            Participation.objects.published().filter(project__in=self.filterset.qs.order_by().values("pk"))
            .select_related("project", "organisation")
            .order_by("project__acronym", "project_id", "role", f"organisation__name_key_{language_of_page()}")
            .iterator(chunk_size=CHUNK)
        )


class ResultExport(ExportMixin, ProjectListView):
    """Every published result of the projects of the filtered list: the editors', then CORDIS's."""

    record, name = RESULT, "results"

    def rows(self):
        projects = self.filterset.qs.order_by().values("pk")
        return ChainedResults.public().filter(project__in=projects).iterator(chunk_size=CHUNK)


class OrganisationExport(ExportMixin, OrganisationListView):
    record, name = ORGANISATION, "organisations"
