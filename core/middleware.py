"""What every request gets before anything else runs: its id, and a limit on how long a statement may wait."""

import re
import uuid

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db.backends.signals import connection_created

from core import logs

# nginx's $request_id is 32 hexadecimal digits, other proxies send a UUID. Anything else (spaces, a new
# line that would forge a log line, a kilobyte of text) is not taken.
PROXY_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestIdMiddleware:
    """Gives each request an id: on ``request.request_id``, in the ``X-Request-ID`` header of its response and
    in every log line written while it is served (``core.logs``), the error page's included.

    Behind the site's proxy (``settings.BEHIND_PROXY``) the proxy's id is kept, so that its access log and
    the site's name the same request (nginx: ``proxy_set_header X-Request-ID $request_id;``); otherwise the
    header may come from anyone, and a new id is made.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = self.id_of(request)
        token = logs.request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            logs.request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response

    @staticmethod
    def id_of(request):
        if settings.BEHIND_PROXY:
            given = request.headers.get("X-Request-ID", "")
            if PROXY_REQUEST_ID.fullmatch(given):
                return given
        return uuid.uuid4().hex


def limit_statements(sender, connection, **kwargs):
    """Cap every statement of a new PostgreSQL connection at ``settings.DATABASE_STATEMENT_TIMEOUT`` seconds."""
    if connection.vendor == "postgresql" and settings.DATABASE_STATEMENT_TIMEOUT > 0:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)",
                           [f"{settings.DATABASE_STATEMENT_TIMEOUT}s"])


class StatementTimeoutMiddleware:
    """In a process that serves requests, no database statement runs longer than DATABASE_STATEMENT_TIMEOUT.

    Only such processes build the middleware (gunicorn, runserver, the test client), so that is where the
    limit is put on: on each database connection opened from then on. The task worker and management
    commands never build it, so an import, ``migrate``, ``backup`` or ``restore`` may run as long as it
    needs. Once the limit is in place, the middleware takes itself out: it costs a request nothing.
    """

    def __init__(self, get_response):
        connection_created.connect(limit_statements, dispatch_uid="core.middleware.limit_statements")
        raise MiddlewareNotUsed("Statements of new database connections are limited; nothing to do per request.")
