"""
A version stamp of the public content, for caching what is computed from it.

Whole public pages are cached the same way (``core.page_cache``): a page is kept
per address, language and day, and the first change after it makes it old.

Counts beside filter options, list totals and portfolio insights are costly on
a full CORDIS export and change only when the content does. They are cached
under the current stamp, and any change to projects, participations, themes or
organisations (a save, a delete, an import) issues a new stamp, so nothing
cached from older content is read again. In production the cache is shared by
every application server (Redis), so a change made through one is seen by all.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
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


def key(name, parts):
    """The cache key of ``parts`` under ``name``, for the current content version and language."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{name}:{current()}:{get_language()}:{digest}"


def cached(name, parts, compute):
    """``compute()``, cached for the current content version and language under ``name`` and ``parts``."""
    cache_key = key(name, parts)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value
