"""
A version stamp of the public content, for caching what is computed from it.

Whole public pages are cached the same way (``cache_page_per_version``): a page is
kept per address, language and day, and the first change after it makes it old.

Counts beside filter options, list totals and portfolio insights are costly on
a full CORDIS export and change only when the content does. They are cached
under the current stamp, and any change to projects, participations, themes or
organisations (a save, a delete, an import) issues a new stamp, so nothing
cached from older content is read again. In production the cache is shared by
every application server (Redis), so a change made through one is seen by all.
"""

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

KEY = "content-version"
TIMEOUT = 24 * 60 * 60


def current():
    return cache.get_or_set(KEY, lambda: uuid.uuid4().hex, None)


def new_version():
    cache.set(KEY, uuid.uuid4().hex, None)


def bump(*args, **kwargs):
    """Start a new version now, and again once the change is committed (usable as a signal receiver).

    A page rendered from the old rows before the commit is kept under the first new version;
    the second makes it unreachable. Outside a transaction both happen at once.
    """
    new_version()
    transaction.on_commit(new_version)


def watch(*models):
    """Start a new version whenever a row of one of ``models`` is saved or deleted (apps call this in ready())."""
    for model in models:
        post_save.connect(bump, sender=model, dispatch_uid=f"content-version-save-{model._meta.label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"content-version-delete-{model._meta.label}")


def cached(name, parts, compute):
    """``compute()``, cached for the current content version and language under ``name`` and ``parts``."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"{name}:{current()}:{get_language()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def cache_page_per_version(view):
    """Serve a public page from the cache while the content has not changed since it was rendered.

    Only GETs from visitors with no session or pending message, answered 200, are kept, so a
    page never carries anyone's message to others; what depends on the date (a project's
    status) is kept for the day only. A query string with a parameter the page does not know
    is never kept: random addresses must not fill the cache.
    """
    filterset_class = getattr(getattr(view, "view_class", None), "filterset_class", None)
    known = {*filterset_class.base_filters, "page"} if filterset_class else set()

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if (not settings.CACHE_PUBLIC_PAGES or request.method != "GET" or not set(request.GET) <= known
                or settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES):
            return view(request, *args, **kwargs)
        # The page holds absolute addresses (canonical, alternates, structured data): they depend on the host.
        parts = (request.scheme, request.get_host(), request.get_full_path(), timezone.localdate().isoformat())
        key = f"page:{current()}:{get_language()}:{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content)
        response = view(request, *args, **kwargs)

        def keep(rendered):
            if rendered.status_code == 200 and not rendered.cookies:
                cache.set(key, rendered.content, TIMEOUT)

        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(keep)
        else:
            keep(response)
        return response

    return cached_view

