from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

# The language of the site for readers of neither of its languages.
FOREIGN_VISITORS_LANGUAGE = "en"


def speaks_a_site_language(request):
    """Whether the browser's Accept-Language names Italian or English in any form (it-CH, en-GB, *)."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    codes = {code for code, _quality in parse_accept_lang_header(header)}
    return any(code == "*" or code.split("-")[0] in dict(settings.LANGUAGES) for code in codes)


class ForeignVisitorsInEnglishMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, but a browser that asks for neither Italian nor English gets English.

    Django falls back to ``LANGUAGE_CODE``, Italian, which a German, French or Spanish reader is less
    likely to read than English. A language in the address, a chosen language (the cookie the language
    switch sets) or a browser asking for Italian still wins; a request with no Accept-Language at all (a
    crawler, a script) gets Italian, the site's own language.
    """

    def process_request(self, request):
        super().process_request(request)
        if (
            translation.get_language() == settings.LANGUAGE_CODE
            and not translation.get_language_from_path(request.path_info)
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and request.META.get("HTTP_ACCEPT_LANGUAGE")
            and not speaks_a_site_language(request)
        ):
            translation.activate(FOREIGN_VISITORS_LANGUAGE)
            request.LANGUAGE_CODE = translation.get_language()
