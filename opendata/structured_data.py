"""
Structured data (schema.org, as JSON-LD) that search engines read from each page:
the site and the municipality on every page, each organisation and project on its
own page with the project's results, and the breadcrumb trail.
"""

import json
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from contact.models import published_contact_point
from opendata.records import from_cordis, result_id, result_url
from projects.models import CordisResultKind, OrganisationKind, ResultKind

EUROPEAN_UNION = {"@type": "GovernmentOrganization", "name": "European Union", "url": "https://european-union.europa.eu"}
TYPES = {
    OrganisationKind.PUBLIC_BODY: "GovernmentOrganization",
    OrganisationKind.RESEARCH: "ResearchOrganization",
    OrganisationKind.HIGHER_EDUCATION: "CollegeOrUniversity",
}
# What each kind of result is in schema.org; a CreativeWork when nothing narrower fits (a plan, a leaflet…).
RESULT_TYPES = {
    ResultKind.REPORT: "Report",
    ResultKind.TOOL: "SoftwareApplication",
    ResultKind.DATA_SET: "Dataset",
    ResultKind.EVENT: "Event",
    ResultKind.VIDEO: "VideoObject",
    ResultKind.NEWS: "NewsArticle",
}
CORDIS_RESULT_TYPES = {
    CordisResultKind.PUBLICATION: "ScholarlyArticle",
    CordisResultKind.DELIVERABLE: "Report",
    CordisResultKind.REPORT_SUMMARY: "Report",
}


def script(data):
    """A <script type="application/ld+json"> block; nothing in the data can close the tag."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def organisation(organisation, absolute):
    data = {
        "@type": TYPES.get(organisation.kind, "Organization"),
        "@id": absolute(organisation.get_absolute_url()) + "#organisation",
        "name": organisation.name,
        "url": absolute(organisation.get_absolute_url()),
    }
    if organisation.legal_name:
        data["legalName"] = organisation.legal_name
    if organisation.tagline:
        data["description"] = organisation.tagline
    if organisation.website:
        data["sameAs"] = [organisation.website]
    if organisation.country or organisation.city:
        data["address"] = {"@type": "PostalAddress", "addressCountry": str(organisation.country) or None,
                           "addressLocality": organisation.city or None}
    if organisation.logo:
        data["logo"] = absolute(organisation.logo.url)
    return data


def contact_point(contact, absolute):
    """How to reach an organisation's EU-projects office (a ``contact.ContactPoint``), with the site's contact form."""
    data = {
        "@type": "ContactPoint",
        "contactType": contact.office_name,
        "url": absolute(reverse("contact:form")),
        "availableLanguage": [code for code, _name in settings.LANGUAGES],
    }
    if contact.email:
        data["email"] = contact.email
    if contact.phone:
        data["telephone"] = contact.phone
    if contact.opening_hours:
        # Free text, which schema.org's hoursAvailable (a structured OpeningHoursSpecification) cannot hold.
        data["description"] = contact.opening_hours
    city = contact.city or contact.organisation.city
    if city:
        data["areaServed"] = {"@type": "City", "name": city}
    return data


def website(featured, absolute, home):
    data = {"@type": "WebSite", "@id": absolute(home) + "#website", "url": absolute(home), "name": "Comune di Lecce"}
    if featured:
        data["publisher"] = organisation(featured, absolute)
        contact = published_contact_point(featured)
        if contact:
            data["publisher"]["contactPoint"] = contact_point(contact, absolute)
    return data


def research_project(project, participations, absolute):
    grant = {"@type": "MonetaryGrant", "funder": EUROPEAN_UNION, "name": project.programme.name}
    if project.cordis_id:
        grant["identifier"] = str(project.cordis_id)
    if project.eu_contribution is not None:
        grant["amount"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": float(project.eu_contribution)}
    data = {
        "@type": "ResearchProject",
        "@id": absolute(project.get_absolute_url()) + "#project",
        "name": project.acronym,
        "alternateName": project.title,
        "url": absolute(project.get_absolute_url()),
        "funder": EUROPEAN_UNION,
        "funding": grant,
        "member": [
            {"@type": TYPES.get(p.organisation.kind, "Organization"), "name": p.organisation.name,
             "url": absolute(p.organisation.get_absolute_url())}
            for p in participations
        ],
    }
    if project.cordis_id:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "CORDIS grant agreement",
                              "value": str(project.cordis_id)}
    if project.start_date:
        data["foundingDate"] = project.start_date.isoformat()
    if project.end_date:
        data["dissolutionDate"] = project.end_date.isoformat()
    if project.summary:
        data["description"] = project.summary
    if project.website:
        data["sameAs"] = [project.website]
    return data


def result(result, project, project_node, absolute):
    """One of ``project``'s results: a work (or an event) about the project (``project_node``) and funded as it is.

    It has no page of its own: its id is on the project's page, with the record's id (``opendata/records.py``).
    """
    kind = (CORDIS_RESULT_TYPES if from_cordis(result) else RESULT_TYPES).get(result.kind, "CreativeWork")
    data = {
        "@type": kind,
        "@id": f"{absolute(project.get_absolute_url())}#{quote(result_id(result, absolute))}",
        "name": result.title,
        "about": {"@id": project_node["@id"]},
    }
    if project_node.get("funder"):
        data["funder"] = project_node["funder"]
    url = result_url(result, absolute)
    if url:
        data["url"] = url
    when = result.year if from_cordis(result) else result.date  # CORDIS gives only a year, which ISO 8601 allows
    if when:
        data["startDate" if kind == "Event" else "datePublished"] = str(when)
    if getattr(result, "language", ""):
        data["inLanguage"] = result.language
    if result.description:
        data["description"] = result.description
    if result.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": result.doi}
        data["sameAs"] = [result.doi_url]
    if kind == "ScholarlyArticle" and result.journal:
        data["isPartOf"] = {"@type": "Periodical", "name": result.journal}
    return data


def breadcrumbs(trail, absolute):
    """``trail`` is [(name, path)] from the home page to the current page."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": absolute(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def graph(*nodes):
    return {"@context": "https://schema.org", "@graph": [node for node in nodes if node]}
