"""
The public data as plain records with stable field names: one dict per project,
organisation or participation, shared by the exports (CSV, JSON) and the JSON API.

Texts come in the visitor's language (falling back to the other), money in euros as
numbers, dates as ISO 8601. Each record says where it comes from and under which
licence it may be reused.
"""

from django.utils.translation import gettext_lazy as _

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CORDIS = "CORDIS"
EDITORS = "editors"
SOURCE_NOTE = _(
    "Projects and participants come from CORDIS, the European Commission's open data on EU-funded research, "
    "reused under the Creative Commons Attribution 4.0 licence; profile texts, summaries and highlights are "
    "written by the Municipality of Lecce's editors and published under the same licence."
)

PROJECT_FIELDS = [
    "id", "url", "acronym", "title", "cordis_id", "cordis_rcn", "programme", "funding_scheme", "call_topic",
    "status", "start_date", "end_date", "total_cost_eur", "eu_contribution_eur", "municipality_role",
    "themes", "keywords", "summary", "website", "source", "licence",
]
ORGANISATION_FIELDS = [
    "id", "url", "name", "short_name", "kind", "country", "city", "website", "pic", "shared_projects",
    "source", "licence",
]
PARTICIPATION_FIELDS = [
    "project", "project_acronym", "project_cordis_id", "organisation", "organisation_name", "organisation_pic",
    "country", "role", "role_in_words", "eu_contribution_eur", "source", "licence",
]


def number(amount):
    return None if amount is None else float(amount)


def project_record(project, absolute):
    """``absolute`` turns a path into a full address."""
    featured = getattr(project, "featured_participations", None)
    return {
        "id": project.slug,
        "url": absolute(project.get_absolute_url()),
        "acronym": project.acronym,
        "title": project.title,
        "cordis_id": project.cordis_id,
        "cordis_rcn": project.cordis_rcn,
        "programme": project.programme,
        "funding_scheme": project.funding_scheme,
        "call_topic": project.call_topic,
        "status": project.status,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "total_cost_eur": number(project.total_cost),
        "eu_contribution_eur": number(project.eu_contribution),
        "municipality_role": featured[0].role if featured else None,
        "themes": [theme.name for theme in project.themes.all()],
        "keywords": project.keyword_list,
        "summary": project.summary,
        "website": project.website,
        "source": CORDIS if project.cordis_id or project.cordis_rcn else EDITORS,
        "licence": LICENCE,
    }


def organisation_record(organisation, absolute):
    return {
        "id": organisation.slug,
        "url": absolute(organisation.get_absolute_url()),
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "country": str(organisation.country) or None,
        "city": organisation.city,
        "website": organisation.website,
        "pic": organisation.pic,
        "shared_projects": getattr(organisation, "shared_projects", None),
        "source": CORDIS if organisation.pic else EDITORS,
        "licence": LICENCE,
    }


def participation_record(participation, absolute):
    project, organisation = participation.project, participation.organisation
    return {
        "project": project.slug,
        "project_acronym": project.acronym,
        "project_cordis_id": project.cordis_id,
        "organisation": organisation.slug,
        "organisation_name": organisation.name,
        "organisation_pic": organisation.pic,
        "country": str(organisation.country) or None,
        "role": participation.role,
        "role_in_words": participation.local_role,
        "eu_contribution_eur": number(participation.eu_contribution),
        "source": CORDIS if project.cordis_id or project.cordis_rcn else EDITORS,
        "licence": LICENCE,
    }
