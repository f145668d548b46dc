import os
import shlex

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """With debug off, the cache should be shared: a cache in each process is never out of date (the content
    version is the database's), but each process renders and keeps its own copy of every page."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")) and settings.CACHE_PUBLIC_PAGES:
        return [Warning(
            "Public pages and counts are cached in each process: every process renders each page and "
            "count again, and keeps its own copy.",
            hint="Set DJANGO_REDIS_URL to a Redis server every application process shares.",
            id="core.W001",
        )]
    return []


def gunicorn_has_a_certificate():
    """Whether gunicorn is told, in its environment variable, to terminate TLS itself."""
    try:
        arguments = shlex.split(os.environ.get("GUNICORN_CMD_ARGS", ""))
    except ValueError:  # unbalanced quotes: gunicorn would refuse them too
        return False
    return any(argument == "--certfile" or argument.startswith("--certfile=") for argument in arguments)


# Not only with --deploy: `migrate`, which every deploy runs, shows it before the first visitor meets it.
@register(Tags.security)
def check_https_can_be_seen(app_configs, **kwargs):
    """HTTPS is required, yet nothing says how a request arrives over it: a first deploy behind a proxy
    that terminates TLS sees every request as plain HTTP and redirects it to HTTPS again, endlessly."""
    if settings.DEBUG or not settings.SECURE_SSL_REDIRECT or settings.SECURE_PROXY_SSL_HEADER:
        return []
    # DJANGO_BEHIND_PROXY=0 (False, not None) says there is no proxy: TLS ends at the application server.
    if settings.BEHIND_PROXY is False or gunicorn_has_a_certificate():
        return []
    return [Warning(
        "HTTPS is required, but the site cannot tell which requests came over HTTPS: behind a proxy "
        "that terminates TLS, every page would redirect to itself endlessly.",
        hint="Behind a proxy that terminates TLS and sets X-Forwarded-Proto, set DJANGO_BEHIND_PROXY=1. "
             "If the application server terminates TLS itself, say so with DJANGO_BEHIND_PROXY=0 (or give "
             "gunicorn --certfile in GUNICORN_CMD_ARGS). To serve plain HTTP on loopback, set DJANGO_HTTPS=0.",
        id="core.W002",
    )]
