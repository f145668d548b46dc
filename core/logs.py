"""What the log lines carry: the id of the request they were written in, and no flood of e-mails.

Loaded by LOGGING when Django starts, before the apps: nothing here may import a model.
"""

import contextvars
import logging
import time

# The id of the request being served (core.middleware.RequestIdMiddleware); None outside a request.
# A context variable, so that each thread of gunicorn, or each task of an ASGI server, sees its own.
request_id = contextvars.ContextVar("request_id", default=None)


class RequestIdFilter(logging.Filter):
    """Gives each record ``request_id``: the request's, or "-" for a line written outside any request.

    Django logs a 4xx or 5xx response after the middleware has finished with it (``django.request``):
    that line names the request in its ``request`` attribute, which carries the id.
    """

    def filter(self, record):
        record.request_id = (
            request_id.get() or getattr(getattr(record, "request", None), "request_id", None) or "-"
        )
        return True


class OnceInAWhile(logging.Filter):
    """Lets one record of each kind through per ``seconds``, per process.

    For the e-mail to ADMINS, sent by the very request that failed: a database or a disk gone takes every
    request down with the same error, and one e-mail says as much as a thousand. A kind is the logger, the
    message before its arguments (the address of a failed page is an argument), the exception's class and
    where it was raised.
    """

    def __init__(self, seconds=300):
        super().__init__()
        self.seconds = seconds
        self.last_sent = {}

    def filter(self, record):
        kind = (record.name, str(record.msg), *self.origin(record.exc_info))
        now = time.monotonic()
        if now - self.last_sent.get(kind, -self.seconds) < self.seconds:
            return False
        if len(self.last_sent) > 1000:  # kinds seen long ago are forgotten, not kept for the process's life
            self.last_sent = {key: sent for key, sent in self.last_sent.items() if now - sent < self.seconds}
        self.last_sent[kind] = now
        return True

    @staticmethod
    def origin(exc_info):
        if not exc_info or exc_info[1] is None:
            return ()
        error, traceback = exc_info[1], exc_info[2]
        while traceback is not None and traceback.tb_next is not None:
            traceback = traceback.tb_next
        frame = (traceback.tb_frame.f_code.co_filename, traceback.tb_lineno) if traceback else ()
        return (type(error).__qualname__, *frame)
