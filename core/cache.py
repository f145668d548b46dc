"""A Redis cache that speeds the site up and never brings it down.

What the site caches is only ever a copy: the content version that pages and counts are kept under is
the database's (``core.content_version``). So when Redis refuses connections, hangs, or runs out of
memory, a read is a miss, a write is dropped, and the page is rendered from the database as if nothing
had been cached. Each call waits at most the short connect and read timeouts the settings give.

After a failure the process stops asking Redis for ``retry_after`` seconds (a circuit breaker), then
lets one call through to see whether it is back: a hung Redis costs a request at most one timeout, not
one per cache call, and its log one warning per outage, not one per call. The state is per process and
per Redis server, shared by the aliases that use the same server (``default`` and ``progress``) and by
the threads of the process, which each have their own backend instance (``django.core.cache.caches``).
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Redis on the same network answers in well under a millisecond; waiting longer only delays a page
# that the database can render anyway. The settings pass their own (DJANGO_REDIS_TIMEOUT).
TIMEOUT = 0.5
RETRY_AFTER = 5

# Refused, reset, timed out (redis-py wraps most socket errors, not all), out of memory, read-only.
UNAVAILABLE = (RedisError, OSError)

_MISSING = object()


class Circuit:
    """One Redis server as this process sees it: in use, or left alone until ``retry_at`` after a failure."""

    def __init__(self, location, retry_after):
        self.location = location
        self.retry_after = retry_after
        self.lock = threading.Lock()
        self.down_since = None  # when the current outage began (time.monotonic()); None while Redis answers
        self.retry_at = 0.0
        self.probing = False  # one call is finding out whether Redis is back; the others do not wait with it

    @property
    def is_open(self):
        """Whether Redis is being left alone after a failure."""
        return self.down_since is not None

    def allows(self):
        """Whether a call may go to Redis now: always while it answers; in an outage, one call once retry_at is past."""
        if self.down_since is None:  # the common case, without taking the lock
            return True
        with self.lock:
            if self.down_since is None:
                return True
            if self.probing or time.monotonic() < self.retry_at:
                return False
            self.probing = True
            return True

    def succeeded(self):
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is None:
                return
            down_for = time.monotonic() - self.down_since
            self.down_since, self.probing = None, False
        logger.warning("The cache at %s answers again, after %.0f s without it.", self.location, down_for)

    def failed(self, error):
        now = time.monotonic()
        with self.lock:
            first = self.down_since is None
            if first:
                self.down_since = now
            self.retry_at, self.probing = now + self.retry_after, False
        if first:
            logger.warning(
                "The cache at %s cannot be used (%s: %s): pages are rendered without it; it is tried again "
                "every %s s.", self.location, type(error).__name__, error, self.retry_after,
            )


# Per process: one circuit per Redis server (its address list), whichever alias or thread uses it.
circuits = {}
_circuits_lock = threading.Lock()


def circuit_for(servers, retry_after):
    key = tuple(servers)
    with _circuits_lock:
        if key not in circuits:
            circuits[key] = Circuit(", ".join(without_password(server) for server in servers), retry_after)
        return circuits[key]


def without_password(url):
    """``redis://:secret@host:6379/1`` as ``redis://host:6379/1``, for the log."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url
    netloc, slash, path = rest.partition("/")
    return f"{scheme}://{netloc.rpartition('@')[2]}{slash}{path}"


class ForgivingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, each call of which answers as a miss when Redis cannot."""

    def __init__(self, servers, circuit, **options):
        super().__init__(servers, **options)
        self.circuit = circuit

    def attempt(self, call, *args, miss=None):
        if not self.circuit.allows():
            return miss
        try:
            result = call(*args)
        except UNAVAILABLE as error:
            self.circuit.failed(error)
            return miss
        except BaseException:
            # Redis answered (incr() of a missing key, a value that will not unpickle): not an outage.
            self.circuit.succeeded()
            raise
        self.circuit.succeeded()
        return result

    def get(self, key, default):
        return self.attempt(super().get, key, default, miss=default)

    def get_many(self, keys):
        return self.attempt(super().get_many, keys, miss={})

    def has_key(self, key):
        return self.attempt(super().has_key, key, miss=False)

    def add(self, key, value, timeout):
        # False, "not stored": a caller that uses add() as a lock must not believe it holds one.
        return self.attempt(super().add, key, value, timeout, miss=False)

    def set(self, key, value, timeout):
        self.attempt(super().set, key, value, timeout)

    def set_many(self, data, timeout):
        self.attempt(super().set_many, data, timeout)

    def touch(self, key, timeout):
        return self.attempt(super().touch, key, timeout, miss=False)

    def delete(self, key):
        return self.attempt(super().delete, key, miss=False)

    def delete_many(self, keys):
        self.attempt(super().delete_many, keys)

    def clear(self):
        return self.attempt(super().clear, miss=False)

    def incr(self, key, delta):
        # A miss, as the cache API says of a key that is not there (decr() and incr_version() rest on this).
        value = self.attempt(super().incr, key, delta, miss=_MISSING)
        if value is _MISSING:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def ping(self):
        return self.attempt(lambda: bool(self.get_client(None).ping()), miss=False)


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache (every public method: get, set, add, get_or_set, get_many, set_many, delete,
    delete_many, has_key, incr, decr, touch, clear, their async forms), for which Redis is optional.

    OPTIONS are redis-py's, plus ``retry_after``: seconds to leave Redis alone after a failure.
    ``socket_connect_timeout`` and ``socket_timeout`` default to ``TIMEOUT`` (redis-py's own is 5 s).
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        options = {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT, **self._options}
        self.circuit = circuit_for(self._servers, options.pop("retry_after", RETRY_AFTER))
        self._options = options

    @cached_property
    def _cache(self):
        return ForgivingRedisCacheClient(self._servers, self.circuit, **self._options)

    def is_available(self):
        """Whether Redis answers now (the health check): during an outage, without asking it again before its time."""
        return self._cache.ping()
