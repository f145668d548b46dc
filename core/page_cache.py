"""Whole public pages, cached until the content changes (see ``core.content_version``)."""

from functools import wraps

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from core import content_version

# Where django.contrib.messages keeps the messages it cannot fit in their cookie.
SESSION_MESSAGES = "_messages"


def has_own_page(request):
    """Whether this visitor may be shown a page of their own: signed in, or with a message waiting.

    A session cookie alone says nothing (any client can send one, and an expired session's stays in the
    browser): the session is looked up, once, and only when there is a cookie. A session of a user
    whose account has since changed counts as signed in: telling would take a second query, and such
    a visitor only misses the cache.
    """
    if "messages" in request.COOKIES:
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
        return False
    return SESSION_KEY in request.session or SESSION_MESSAGES in request.session


def cache_page_per_version(view, parameters=()):
    """Serve a public page from the cache while the content has not changed since it was rendered.

    Only GETs from visitors who are not signed in and have no pending message, answered 200 and not marked
    private, are kept, so a page never carries anyone's message to others; what depends on the date (a
    project's status) is kept for the day only. A query string with a parameter the page does not
    know is never kept: random addresses must not fill the cache. A list knows its filters and
    ``page``; another page knows ``parameters`` (a sitemap's ``p``).
    """
    filterset_class = getattr(getattr(view, "view_class", None), "filterset_class", None)
    known = {*filterset_class.base_filters, "page"} if filterset_class else set(parameters)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if (not settings.CACHE_PUBLIC_PAGES or request.method != "GET" or not set(request.GET) <= known
                or has_own_page(request)):
            return view(request, *args, **kwargs)
        # The page holds absolute addresses (canonical, alternates, structured data): they depend on the host.
        parts = (request.scheme, request.get_host(), request.get_full_path(), timezone.localdate().isoformat())
        page_key = content_version.key("page", parts)
        kept = cache.get(page_key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)

        def keep(rendered):
            # Never what the view marked for one visitor only (an editor's preview), as Django's cache middleware.
            if rendered.status_code == 200 and not rendered.cookies and "private" not in rendered.get("Cache-Control", ""):
                cache.set(page_key, (rendered.content, rendered["Content-Type"]), content_version.TIMEOUT)

        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(keep)
        else:
            keep(response)
        return response

    return cached_view

