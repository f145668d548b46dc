"""
Keeping robots out of the contact form without a third-party service.

- A honeypot field that people never see nor hear (the form's ``website``): a robot that fills every
  field is thanked, and nothing is stored or sent.
- A signed timestamp in a hidden field (``django.core.signing``): a form sent back sooner than
  ``CONTACT_MIN_SECONDS`` after it was drawn was not written by a person, and is shown again.
- At most ``CONTACT_RATE_LIMIT`` messages an hour from one address, counted in the cache under a keyed hash
  of the address (the address itself is kept nowhere), and at most ``CONTACT_DAILY_CAP`` a day for the
  whole site, counted in the database.

The hourly count is the cache's: when the cache cannot count (Redis down), the message is let through,
and the daily cap still holds.
"""

import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from lecce.visitors import counted

logger = logging.getLogger(__name__)

TIMESTAMP_SALT = "contact.form.started"
# A form drawn longer ago than this is drawn again, with what was written in it.
TIMESTAMP_MAX_AGE = 24 * 60 * 60
HOUR = 60 * 60


def timestamp():
    """The signed time the form is drawn at, for its hidden field."""
    return signing.dumps(time.time(), salt=TIMESTAMP_SALT, compress=True)


def seconds_since(token):
    """How long ago the form carrying ``token`` was drawn; None when the token is missing, forged or too old."""
    try:
        started = signing.loads(token or "", salt=TIMESTAMP_SALT, max_age=TIMESTAMP_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(started, (int, float)):
        return None
    elapsed = time.time() - started
    return elapsed if elapsed <= TIMESTAMP_MAX_AGE else None


def client_key(request):
    """A keyed hash of who the rate limit counts (``lecce.visitors.counted``); None when there is no address."""
    visitor = counted(request)
    return None if visitor is None else salted_hmac("contact.rate-limit", visitor).hexdigest()[:32]


def hour_key(client, now=None):
    return f"contact:sent:{client}:{int((now or time.time()) // HOUR)}"


def over_rate_limit(request):
    """Whether the visitor's address has sent its ``CONTACT_RATE_LIMIT`` messages this hour already."""
    client = client_key(request)
    if client is None or settings.CONTACT_RATE_LIMIT <= 0:
        return False
    try:
        return (cache.get(hour_key(client)) or 0) >= settings.CONTACT_RATE_LIMIT
    except Exception:
        logger.warning("The contact form's rate limit could not be read; the message is let through.", exc_info=True)
        return False


def count_sent(request):
    """One more message from the visitor's address this hour."""
    client = client_key(request)
    if client is None:
        return
    key = hour_key(client)
    try:
        cache.add(key, 0, HOUR + 60)
        cache.incr(key)
    except ValueError:  # the cache could not keep the key (Redis down), or it expired at that instant
        pass
    except Exception:
        logger.warning("The contact form's rate limit could not be counted.", exc_info=True)


def over_daily_cap():
    """Whether the site has received its ``CONTACT_DAILY_CAP`` messages today."""
    from contact.models import Message

    cap = settings.CONTACT_DAILY_CAP
    return cap > 0 and Message.objects.received_today().count() >= cap
