"""The health check, for a monitor or a load balancer: can the site serve pages, and with what."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult

from core.cache import ForgivingRedisCache

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request):
    """200 while the database answers, 503 when it does not: without it no page can be served.

    Each part is named with its state: ``database`` "ok" or "down"; ``cache`` "ok", "degraded" (Redis is
    configured but does not answer: pages are rendered each time, more slowly, core/cache.py) or "local"
    (one cache per process, no Redis); ``worker`` "ok" or "late" (a task has waited longer than
    IMPORT_STALLED_AFTER to start: the worker is down, or still busy with an earlier import), absent when
    tasks run in the request. ``status`` sums them up: "ok", "degraded" or "down". It reads no session and
    nothing cached, and is itself never cached.
    """
    report = {"database": database_state(), "cache": cache_state(caches["default"])}
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        report["worker"] = worker_state() if report["database"] == "ok" else "unknown"
    if report["database"] != "ok":
        status = "down"
    elif any(state not in ("ok", "local") for state in report.values()):
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, **report}, status=503 if status == "down" else 200)


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("The database cannot be reached: %s", str(error).strip())
        return "down"
    return "ok"


def cache_state(cache):
    if isinstance(cache, ForgivingRedisCache):
        return "ok" if cache.is_available() else "degraded"
    return "local"


def worker_state():
    waited_since = timezone.now() - timedelta(seconds=settings.IMPORT_STALLED_AFTER)
    return "late" if DBTaskResult.objects.ready().filter(enqueued_at__lt=waited_since).exists() else "ok"
