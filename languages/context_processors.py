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


def page_in_language(path, code):
    """``path`` (with its query string) in language ``code``; the home page there when it has no version."""
    translated = translate_url(path, code)
    if translated == path and code != get_language():
        with override(code):
            return reverse("profiles:home")
    return translated


def page_languages(request):
    """The page the visitor is on in each language, for the language switcher and the hreflang links,
    and its own full address, for the canonical link."""
    path = request.get_full_path()
    current = get_language()
    return {
        "canonical_url": request.build_absolute_uri(path),
        "page_languages": [
            PageLanguage(code, capfirst(get_language_info(code)["name_local"]), page_in_language(path, code), code == current)
            for code, _name in settings.LANGUAGES
        ]
    }
