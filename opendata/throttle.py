"""
How often one address may download or call the JSON interface.

Each download or API call is counted per visitor's address in the cache, in windows of a minute;
past the limit the visitor is answered 429 with ``Retry-After`` (the seconds left in the window)
until the next one. Pages need no limit: they are served from the page cache.

The count is the cache's, like everything else there an accelerator: when the cache cannot be read
or written (Redis down), the request is let through rather than refused, and the limit is off until
the cache is back. Without Redis each process keeps its own count, so an address may make the limit
times the number of processes.

The address is the one the site's proxy saw, an IPv6 one counted with its whole /64
(``lecce.visitors.counted``). A request with no address at all is not counted.
"""

import logging
import math
import time

from django.core.cache import cache
from django.utils.translation import ngettext

from lecce.visitors import counted

logger = logging.getLogger(__name__)

PERIOD = 60  # seconds: the limits are given per minute


def wait_for(request, scope, limit):
    """Count this request against its address's ``limit`` for ``scope`` this minute.

    Return 0 when it may be served, or the seconds until it may be. A limit of 0 (or less) counts nothing.
    """
    visitor = counted(request)
    if limit <= 0 or visitor is None:
        # No address (a Unix socket and no proxy header): counting everyone as one would refuse everyone.
        return 0
    now = time.time()
    window = int(now // PERIOD)
    key = f"throttle:{scope}:{visitor}:{window}"
    try:
        cache.add(key, 0, PERIOD + 1)  # the window's counter, gone soon after it ends
        count = cache.incr(key)
    except ValueError:
        # incr() of a key that is not there: the cache could not store it (core.cache answers so when
        # Redis is down), or it expired at that instant. Let the request through.
        return 0
    except Exception:
        # Any other failure of the cache (a backend that raises when its server is down): the same.
        logger.warning("The requests of %s could not be counted; the request is let through.", visitor, exc_info=True)
        return 0
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * PERIOD - now))


def message(seconds):
    """What a visitor refused for ``seconds`` reads, in the active language."""
    return ngettext(
        "Too many requests from this address: please try again in %(seconds)d second.",
        "Too many requests from this address: please try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def refused(response, seconds):
    """``response`` (status 429) with the header that tells clients when to try again."""
    response["Retry-After"] = str(seconds)
    return response
