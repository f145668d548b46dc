import sys
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, override


@dataclass(frozen=True)
class PageLanguage:
    code: str
    name: str
    url: str
    is_current: bool


def home_in(code):
    with override(code):
        return reverse("profiles:home")


def page_in_language(path, code):
    """``path`` (with its query string) in language ``code``; the home page there when it has no version."""
    translated = translate_url(path, code)
    if translated == path and code != get_language():
        return home_in(code)
    return translated


def is_error_page(request):
    """Whether the page drawn is an error page (not found, forbidden…) rather than a page of the site.

    Either no view answered the address, or Django is drawing the page while it handles the
    exception a view raised (``response_for_exception`` runs in an ``except`` clause): a project
    that does not exist has a view, but no page.
    """
    return request.resolver_match is None or sys.exc_info()[1] is not None


def own_path(request):
    """The page's path and query string, with one leading slash: ``//evil.com/`` would read as another host."""
    return "/" + request.get_full_path().lstrip("/")


def page_languages(request):
    """The page the visitor is on in each language, for the language switcher and the hreflang links,
    and its own full address, for the canonical link.

    An error page is no page of the site and has neither: no canonical link, and the switcher (with the
    hreflang links) leads to the home page in each language, never to the address that was asked for.
    """
    current = get_language()
    if is_error_page(request):
        return {
            "canonical_url": None,
            "page_languages": [
                PageLanguage(code, capfirst(get_language_info(code)["name_local"]), home_in(code), code == current)
                for code, _name in settings.LANGUAGES
            ],
        }
    path = own_path(request)
    return {
        "canonical_url": f"{request.scheme}://{request.get_host()}{path}",
        "page_languages": [
            PageLanguage(code, capfirst(get_language_info(code)["name_local"]), page_in_language(path, code), code == current)
            for code, _name in settings.LANGUAGES
        ]
    }
