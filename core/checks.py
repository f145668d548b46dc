from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """With debug off, the cache must be shared: each process keeping its own would serve old pages."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")) and settings.CACHE_PUBLIC_PAGES:
        return [Warning(
            "Public pages and counts are cached in each process: after an edit, the other processes "
            "keep serving the old pages.",
            hint="Set DJANGO_REDIS_URL to a Redis server every application process shares.",
            id="core.W001",
        )]
    return []
