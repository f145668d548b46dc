"""
The public data as plain records with stable field names: one dict per project,
organisation, participation or result, shared by the exports (CSV, JSON) and the JSON API.

Texts come in the visitor's language (falling back to the other), money in euros as
numbers, dates as ISO 8601. Each record says where it comes from and under which
licence it may be reused.

Each field is written down once, with how it is read from a row and its JSON Schema, so
the CSV header, the JSON keys and the OpenAPI document (``opendata/openapi.py``) cannot
drift apart.
"""

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from projects.models import CordisResult, CordisResultKind, OrganisationKind, ResultKind, Role, Status

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CORDIS = "CORDIS"
EDITORS = "editors"
SOURCE_NOTE = _(
    "Projects and participants come from CORDIS, the European Commission's open data on EU-funded research, "
    "reused under the Creative Commons Attribution 4.0 licence; profile texts, summaries and highlights are "
    "written by the Municipality of Lecce's editors and published under the same licence."
)


def json_schema(kind, nullable=False, description=None, **extra):
    """A JSON Schema for one value of type ``kind``, also ``null`` when ``nullable``."""
    schema = {"type": [kind, "null"] if nullable else kind, **extra}
    if nullable and "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    if description:
        schema["description"] = description
    return schema


def object_schema(properties):
    """An object with every one of ``properties``, in their order: a record always has all its keys."""
    return {"type": "object", "required": list(properties), "properties": properties}


@dataclass(frozen=True)
class Field:
    """One key of a record: its name, its JSON Schema and, unless it is the row's attribute of that name, its reader.

    ``read(row, absolute)`` gets the value; ``absolute`` turns a path into a full address.
    """

    name: str
    schema: dict
    read: Callable | None = None

    def value(self, row, absolute):
        return self.read(row, absolute) if self.read else getattr(row, self.name)


@dataclass
class Record:
    """The fields of one kind of record, in the order of the CSV columns, the JSON keys and the OpenAPI properties.

    ``name`` is its schema's name in the OpenAPI document.
    """

    name: str
    fields: tuple[Field, ...]

    def names(self):
        return [field.name for field in self.fields]

    def of(self, row, absolute):
        return {field.name: field.value(row, absolute) for field in self.fields}

    def schema(self):
        return object_schema({field.name: field.schema for field in self.fields})


def attribute(path, convert=None):
    """A reader of the row's attribute at the dotted ``path``, passed through ``convert`` when given."""
    get = attrgetter(path)
    return lambda row, _absolute: convert(get(row)) if convert else get(row)


def number(amount):
    """Money is a Decimal in the database and a plain number in JSON."""
    return None if amount is None else float(amount)


def country_code(country):
    """An organisation without a country has an empty one, which JSON says as null."""
    return str(country) or None


def project_source(project):
    """Where a project's facts, and those of its participations, come from."""
    return CORDIS if project.cordis_id or project.cordis_rcn else EDITORS


def page(row, absolute):
    """The full address of the row's page, since the data is read away from this site."""
    return absolute(row.get_absolute_url())


def themes(project, _absolute):
    return [theme.name for theme in project.themes.all()]


def municipality_role(project, _absolute):
    """The featured organisation's role, which the lists prefetch as ``featured_participations``."""
    featured = getattr(project, "featured_participations", None)
    return featured[0].role if featured else None


def shared_projects(organisation, _absolute):
    """Counted by the queryset where it is annotated, unknown elsewhere."""
    return getattr(organisation, "shared_projects", None)


TEXTS = {"type": "array", "items": {"type": "string"}}
SOURCE = json_schema("string", enum=[CORDIS, EDITORS], description=_("CORDIS, or the editors of this site."))
COUNTRY = json_schema("string", nullable=True, description=_("Two-letter ISO 3166 code."))
LICENCE_FIELD = Field("licence", json_schema("string", const=LICENCE), lambda _row, _absolute: LICENCE)

PROJECT = Record("Project", (
    Field("id", json_schema("string", description=_("The project's slug, as in the address of its page.")),
          attribute("slug")),
    Field("url", json_schema("string", format="uri", description=_("The project's page, in the language asked for.")),
          page),
    Field("acronym", json_schema("string")),
    Field("title", json_schema("string")),
    Field("cordis_id", json_schema("integer", nullable=True, description=_("The grant agreement number."))),
    Field("cordis_rcn", json_schema("integer", nullable=True, description=_("CORDIS's record number."))),
    Field("programme", json_schema("string", description=_("The programme's code, e.g. H2020 or INTERREG-EUROPE.")),
          attribute("programme_id")),
    Field("funding_scheme", json_schema("string")),
    Field("call_topic", json_schema("string")),
    Field("status", json_schema("string", nullable=True, enum=Status.values)),
    Field("start_date", json_schema("string", nullable=True, format="date")),
    Field("end_date", json_schema("string", nullable=True, format="date")),
    Field("total_cost_eur", json_schema("number", nullable=True), attribute("total_cost", number)),
    Field("eu_contribution_eur", json_schema("number", nullable=True), attribute("eu_contribution", number)),
    Field("municipality_role", json_schema(
        "string", nullable=True, enum=Role.values, description=_("The role of the Municipality of Lecce, if any."),
    ), municipality_role),
    Field("themes", TEXTS, themes),
    Field("keywords", TEXTS, attribute("keyword_list")),
    Field("summary", json_schema("string", description=_("The editors' summary (a subset of Markdown)."))),
    Field("website", json_schema("string")),
    Field("source", SOURCE, lambda project, _absolute: project_source(project)),
    LICENCE_FIELD,
))

ORGANISATION = Record("Organisation", (
    Field("id", json_schema("string", description=_("The organisation's slug, as in the address of its page.")),
          attribute("slug")),
    Field("url", json_schema(
        "string", format="uri", description=_("The organisation's page, in the language asked for."),
    ), page),
    Field("name", json_schema("string", description=_("The name in the language asked for (the Italian when it has "
                                                      "no English one)."))),
    Field("name_it", json_schema("string", description=_("The Italian name.")),
          attribute("name_it", lambda name: name or "")),
    Field("name_en", json_schema("string", description=_("The English name; empty when it is the Italian one.")),
          attribute("name_en", lambda name: name or "")),
    Field("short_name", json_schema("string")),
    Field("kind", json_schema("string", enum=["", *OrganisationKind.values])),
    Field("country", COUNTRY, attribute("country", country_code)),
    Field("city", json_schema("string", description=_("The city in the language asked for (the Italian when it has "
                                                      "no English name)."))),
    Field("city_it", json_schema("string"), attribute("city_it", lambda city: city or "")),
    Field("city_en", json_schema("string", description=_("The English name of the city; empty when it is the "
                                                         "Italian one.")), attribute("city_en", lambda city: city or "")),
    Field("website", json_schema("string")),
    Field("pic", json_schema("integer", nullable=True, description=_("CORDIS's participant identification code."))),
    Field("shared_projects", json_schema(
        "integer", nullable=True, description=_("How many projects it shares with the Municipality of Lecce."),
    ), shared_projects),
    Field("source", SOURCE, attribute("pic", lambda pic: CORDIS if pic else EDITORS)),  # only CORDIS gives PICs
    LICENCE_FIELD,
))

PARTICIPATION = Record("Participation", (
    Field("project", json_schema("string", description=_("The project's id.")), attribute("project.slug")),
    Field("project_acronym", json_schema("string"), attribute("project.acronym")),
    Field("project_cordis_id", json_schema("integer", nullable=True), attribute("project.cordis_id")),
    Field("organisation", json_schema("string", description=_("The organisation's id.")),
          attribute("organisation.slug")),
    Field("organisation_name", json_schema("string"), attribute("organisation.name")),
    Field("organisation_pic", json_schema("integer", nullable=True), attribute("organisation.pic")),
    Field("country", COUNTRY, attribute("organisation.country", country_code)),
    Field("role", json_schema("string", enum=Role.values)),
    Field("role_in_words", json_schema("string"), attribute("local_role")),
    Field("eu_contribution_eur", json_schema("number", nullable=True), attribute("eu_contribution", number)),
    Field("source", SOURCE, attribute("project", project_source)),
    LICENCE_FIELD,
))



def from_cordis(result):
    """Whether a result is one of CORDIS's (``CordisResult``), not one the office wrote (``Result``)."""
    return isinstance(result, CordisResult)


def result_id(result, _absolute):
    """Unique across both kinds of result, and kept as long as the result is: CORDIS's own id, or the office's."""
    return f"cordis-{result.cordis_id}" if from_cordis(result) else f"editors-{result.pk}"


def result_date(result, _absolute):
    return None if from_cordis(result) else result.date  # CORDIS gives only a year


def result_year(result, _absolute):
    if from_cordis(result):
        return result.year
    return result.date.year if result.date else None


def result_url(result, absolute):
    """Where the result can be read: its link, or the address the office's document is downloaded from."""
    if result.url:
        return result.url
    if not from_cordis(result) and result.document:
        return absolute(result.document.url)
    return None


def kind_label(value):
    """What a kind means, as the office and CORDIS name it (``report`` is a report, or CORDIS's results in brief)."""
    labels = []
    for kinds in (ResultKind, CordisResultKind):
        if value in kinds.values and str(kinds(value).label) not in labels:
            labels.append(str(kinds(value).label))
    return "; ".join(labels)


# The kinds of both sources, each once, with its meaning in the language of the moment.
RESULT_KINDS = [
    (value, lazy(kind_label, str)(value)) for value in dict.fromkeys([*ResultKind.values, *CordisResultKind.values])
]


def optional(name):
    """The result's ``name``, or null where it has none or its kind of result has no such field."""
    return lambda result, _absolute: getattr(result, name, "") or None


RESULT = Record("Result", (
    Field("id", json_schema("string", description=_(
        "“cordis-” and CORDIS's id for a result from CORDIS, “editors-” and a number for one the editors present.",
    )), result_id),
    Field("project", json_schema("string", description=_("The project's id.")), attribute("project.slug")),
    Field("project_acronym", json_schema("string"), attribute("project.acronym")),
    Field("source", SOURCE, lambda result, _absolute: CORDIS if from_cordis(result) else EDITORS),
    Field("kind", json_schema("string", enum=[value for value, _label in RESULT_KINDS], description=_(
        "What it is; “report” from CORDIS is a summary of the project's results (“Results in brief”).",
    ))),
    Field("title", json_schema("string", description=_(
        "In the language asked for when the editors wrote it in both; CORDIS's as published.",
    ))),
    Field("description", json_schema("string", description=_("A subset of Markdown for the editors' results."))),
    Field("date", json_schema("string", nullable=True, format="date", description=_(
        "When it was published or took place, if known (CORDIS gives only the year).",
    )), result_date),
    Field("year", json_schema("integer", nullable=True), result_year),
    Field("url", json_schema("string", nullable=True, format="uri", description=_(
        "Where it can be read: its link, or the address of the document the editors uploaded.",
    )), result_url),
    Field("doi", json_schema("string", nullable=True, description=_("Its Digital Object Identifier, if any.")),
          optional("doi")),
    Field("doi_url", json_schema("string", nullable=True, format="uri"), optional("doi_url")),
    Field("authors", json_schema("string", nullable=True, description=_("A publication's authors, as CORDIS lists them.")),
          optional("authors")),
    Field("journal", json_schema("string", nullable=True), optional("journal")),
    Field("language", json_schema("string", nullable=True, description=_(
        "The language the document itself is written in, as a code (en, it…), if known.",
    )), optional("language")),
    LICENCE_FIELD,
))

CALL = Record("Call", (
    Field("id", json_schema("string", description=_("The call's slug, as in the address of its page.")),
          attribute("slug")),
    Field("url", json_schema("string", format="uri", description=_("The call's page, in the language asked for.")),
          page),
    Field("identifier", json_schema("string", description=_(
        "The call's identifier on the EU Funding & Tenders portal, e.g. HORIZON-MISS-2026-CIT-02-01.",
    ))),
    Field("title", json_schema("string")),
    Field("organisation", json_schema("string", description=_("The id of the organisation that wants to join.")),
          attribute("organisation.slug")),
    Field("organisation_name", json_schema("string"), attribute("organisation.name")),
    Field("programme", json_schema("string", description=_("The programme's code, e.g. HORIZON.")),
          attribute("programme_id")),
    Field("programme_name", json_schema("string"), attribute("programme.name")),
    Field("deadline", json_schema("string", format="date", description=_(
        "The last day to submit a proposal; the call is listed through that day.",
    ))),
    Field("themes", TEXTS, themes),
    Field("offer", json_schema("string", description=_(
        "What the organisation offers a consortium for this call (a subset of Markdown).",
    ))),
    Field("call_url", json_schema("string", format="uri", description=_(
        "The call's page on the EU Funding & Tenders portal.",
    )), attribute("url")),
    Field("source", SOURCE, lambda _call, _absolute: EDITORS),
    LICENCE_FIELD,
))

RECORDS = (PROJECT, ORGANISATION, PARTICIPATION, RESULT, CALL)
