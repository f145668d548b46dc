"""One address of each public page type, in each language, on the demo content."""

from django.urls import reverse
from django.utils import translation

LANGUAGES = ["it", "en"]

PAGE_TYPES = {  # name: (url name, arguments, query string)
    "profile": ("profiles:home", [], ""),
    "projects": ("projects:project-list", [], ""),
    "projects-filtered": ("projects:project-list", [], "?theme=energy-planning&theme=active-healthy-ageing&year_from=2016"),
    "projects-none-found": ("projects:project-list", [], "?q=nothing-matches-this"),
    "project": ("projects:project-detail", ["smartencity"], ""),
    "organisations": ("profiles:organisation-list", [], ""),
    "organisation": ("profiles:organisation-detail", ["politecnico-di-milano"], ""),
    "calls": ("calls:call-list", [], ""),
    "contact": ("contact:form", [], ""),
    "contact-privacy": ("contact:privacy", [], ""),
    "not-found": (None, [], ""),
}


def status(page_type):
    return 404 if page_type == "not-found" else 200


def address(page_type, language):
    name, args, query = PAGE_TYPES[page_type]
    if name is None:
        return f"/{language}/no-such-page/"
    with translation.override(language):
        return reverse(name, args=args) + query


def every_page():
    """(page type, language, address) for each page type in each language."""
    return [(page_type, language, address(page_type, language)) for page_type in PAGE_TYPES for language in LANGUAGES]
