"""
A version stamp of the public content, for caching what is computed from it.

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
from django.utils.translation import get_language

KEY = "content-version"
TIMEOUT = 24 * 60 * 60


def current():
    return cache.get_or_set(KEY, lambda: uuid.uuid4().hex, None)


def bump(*args, **kwargs):
    """Start a new version (usable as a signal receiver)."""
    cache.set(KEY, uuid.uuid4().hex, None)


def cached(name, parts, compute):
    """``compute()``, cached for the current content version and language under ``name`` and ``parts``."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"{name}:{current()}:{get_language()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
