"""
The OpenAPI 3.1 description of the JSON interface (``/api/openapi.json``).

Built in code from what the API itself uses, so the two cannot drift: the query
parameters from the filtersets' filters, and the record schemas from the fields of the
records themselves (``opendata/records.py``).
"""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_filters import DateFilter, MultipleChoiceFilter, NumberFilter, OrderingFilter

from calls.filters import OpenCallFilter
from opendata.api import MAX_PAGE_SIZE, PAGE_SIZE, ApiMixin, ParticipationFilter, ResultFilter, json_response
from opendata.records import (
    CALL,
    LICENCE,
    LICENCE_FIELD,
    LICENCE_URL,
    ORGANISATION,
    PARTICIPATION,
    PROJECT,
    RECORDS,
    RESULT,
    SOURCE_NOTE,
    json_schema,
    object_schema,
)
from profiles.filters import OrganisationFilter
from projects.filters import ProjectFilter

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def list_schema(item):
    """The envelope of every list, around ``item`` records."""
    link = json_schema("string", nullable=True, format="uri")
    ignored = object_schema({"filter": json_schema("string"), "reason": json_schema("string")})
    return object_schema({
        "count": json_schema("integer", minimum=0, description=_("How many records match, on all pages.")),
        "page": json_schema("integer", minimum=1),
        "pages": json_schema("integer", minimum=1),
        "page_size": json_schema("integer", minimum=1, maximum=MAX_PAGE_SIZE),
        "next": {**link, "description": _("The next page, or null on the last.")},
        "previous": {**link, "description": _("The previous page, or null on the first.")},
        "language": json_schema("string", enum=LANGUAGE_CODES),
        "licence": LICENCE_FIELD.schema,
        "licence_url": json_schema("string", format="uri"),
        "source": json_schema("string"),
        "ignored_filters": {
            "type": "array", "items": ignored,
            "description": _("The parameters whose value was invalid and was ignored, with the reason."),
        },
        "results": {"type": "array", "items": ref(item)},
    })


# What a filter's label and help text leave unsaid, for the parameters whose values come from the data.
HINTS = {
    "theme": _("A theme's slug; repeat the parameter for projects with any of several themes"),
    "country": _("A two-letter ISO 3166 code"),
    "partner": _("An organisation's id: the projects it takes part in"),
}


def filter_schema(the_filter):
    if isinstance(the_filter, NumberFilter):
        decimal = issubclass(the_filter.field_class, forms.DecimalField | forms.FloatField)
        schema = {"type": "number" if decimal else "integer"}
        for key, word in (("min_value", "minimum"), ("max_value", "maximum")):
            if key in the_filter.extra:
                schema[word] = the_filter.extra[key]
        return schema
    schema = {"type": "string", "format": "date"} if isinstance(the_filter, DateFilter) else {"type": "string"}
    if fixed_choices(the_filter):
        schema["enum"] = [value for value, _label in fixed_choices(the_filter)]
    return {"type": "array", "items": schema} if isinstance(the_filter, MultipleChoiceFilter) else schema


def fixed_choices(the_filter):
    """The filter's choices, unless they are read from the data (a callable)."""
    choices = the_filter.extra.get("choices")
    return choices if isinstance(choices, list | tuple) else []


def describe(name, the_filter):
    """The filter's label and help text, or a hint, and what each fixed value means."""
    texts = [the_filter.label or name, the_filter.extra.get("help_text") or HINTS.get(name)]
    if fixed_choices(the_filter):
        texts.append("; ".join(f"{value}: {label}" for value, label in fixed_choices(the_filter)))
    if isinstance(the_filter, OrderingFilter) and the_filter.extra.get("empty_label"):
        texts.append(_("Without it: %(default)s") % {"default": the_filter.extra["empty_label"]})
    return texts


def parameter(name, schema, *texts):
    description = ". ".join(str(text).rstrip(".") for text in texts if text) + "."
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def filter_parameters(filterset_class):
    """One query parameter per filter of ``filterset_class``, described from the filter itself."""
    return [
        parameter(name, filter_schema(the_filter), *describe(name, the_filter))
        for name, the_filter in filterset_class.base_filters.items()
    ]


def lang_parameter():
    return parameter(
        "lang", json_schema("string", enum=LANGUAGE_CODES, default=settings.LANGUAGE_CODE),
        _("The language of the texts and addresses"),
    )


def page_parameters():
    return [
        parameter("page", json_schema("integer", minimum=1, default=1),
                  _("The page number; past the last page gives the last, and anything but a number the first")),
        parameter("page_size", json_schema("integer", minimum=1, maximum=MAX_PAGE_SIZE, default=PAGE_SIZE),
                  _("Records per page")),
        lang_parameter(),
    ]


def response(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def list_operation(summary, filterset_class, item):
    return {"get": {
        "summary": summary,
        "parameters": filter_parameters(filterset_class) + page_parameters(),
        "responses": {"200": response(_("One page of records"), ref(f"{item}List"))},
    }}


def detail_operation(summary, item):
    slug = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
    return {"get": {
        "summary": summary,
        "parameters": [slug, lang_parameter()],
        "responses": {
            "200": response(_("The record"), ref(item)),
            "404": response(_("No published record has this id"), ref("Error")),
        },
    }}


def detail_path(name):
    return reverse(name, kwargs={"slug": "SLUG"}).replace("SLUG", "{slug}")


def document(request):
    description = _(
        "Read-only open data on the EU research projects of the Municipality of Lecce, with the filters of the "
        "site's lists. A filter value that is not valid is ignored and listed in ignored_filters."
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": str(_("Lecce EU projects: open data")),
            "version": "1",
            "description": f"{description} {SOURCE_NOTE}",
            "license": {"name": LICENCE, "url": LICENCE_URL},
        },
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "paths": {
            reverse("api:project-list"): list_operation(_("Projects"), ProjectFilter, PROJECT.name),
            detail_path("api:project-detail"): detail_operation(_("One project"), PROJECT.name),
            reverse("api:organisation-list"): list_operation(
                _("Partner organisations"), OrganisationFilter, ORGANISATION.name,
            ),
            detail_path("api:organisation-detail"): detail_operation(_("One organisation"), ORGANISATION.name),
            reverse("api:participation-list"): list_operation(
                _("Who takes part in which project"), ParticipationFilter, PARTICIPATION.name,
            ),
            reverse("api:result-list"): list_operation(
                _("What came of the projects: the editors' results, then CORDIS's, each by project"), ResultFilter,
                RESULT.name,
            ),
            reverse("api:call-list"): list_operation(
                _("The calls the municipality is open to join, soonest deadline first, until their deadline"),
                OpenCallFilter, CALL.name,
            ),
        },
        "components": {"schemas": {
            **{record.name: record.schema() for record in RECORDS},
            **{f"{record.name}List": list_schema(record.name) for record in RECORDS},
            "Error": object_schema({"detail": json_schema("string")}),
        }},
    }


class OpenApiView(ApiMixin, View):
    def get(self, request):
        return json_response(document(request))
