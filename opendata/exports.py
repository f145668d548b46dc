"""
Downloads of exactly what a filtered list shows, streamed row by row.

Each export view is its list view with the same filters (invalid ones dropped, as on
the page) and the same order, but every page at once and no HTML. Rows are read in
chunks and written as they come, so a list of 35,000 projects never sits in memory.
CSV files are UTF-8 with a byte-order mark, which spreadsheet programs need to read
accented letters, and a cell that would start a formula is quoted as text.
"""

import csv
import json
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from opendata.records import LICENCE, LICENCE_URL, ORGANISATION, PARTICIPATION, PROJECT, SOURCE_NOTE
from profiles.views import OrganisationListView
from projects.models import Participation
from projects.views import ProjectListView

CHUNK = 1000


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


def csv_response(records, fields, filename):
    writer = csv.writer(Echo())

    def lines():
        yield "\ufeff" + writer.writerow(fields)
        for record in records:
            yield writer.writerow([csv_cell(record[field]) for field in fields])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_response(records, about, filename):
    def chunks():
        yield json.dumps(about, cls=DjangoJSONEncoder)[:-1] + ', "results": ['
        for index, record in enumerate(records):
            yield ("," if index else "") + "\n" + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
        yield "\n]}\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class ExportMixin:
    """Turns a filtered list view into a download of all its rows in ``self.format``, as ``record``s."""

    format = "csv"
    record = None
    name = ""

    def get(self, request, *args, **kwargs):
        self.filterset, _dropped = self.valid_filterset(self.get_filterset_class())
        records = (self.record.of(row, request.build_absolute_uri) for row in self.rows())
        filename = f"{self.name}-{get_language()}-{timezone.localdate():%Y%m%d}.{self.format}"
        if self.format == "csv":
            return csv_response(records, self.record.names(), filename)
        about = {
            "source": str(SOURCE_NOTE), "licence": LICENCE, "licence_url": LICENCE_URL,
            "language": get_language(), "page": request.build_absolute_uri(request.path.rsplit("/", 1)[0] + "/"),
            "filters": {key: request.GET.getlist(key) for key in request.GET},
            "generated": timezone.now(),
        }
        return json_response(records, about, filename)

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
            .order_by("project__acronym", "project_id", "role", "organisation__name")
            .iterator(chunk_size=CHUNK)
        )


class OrganisationExport(ExportMixin, OrganisationListView):
    record, name = ORGANISATION, "organisations"
