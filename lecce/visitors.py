"""The visitor behind a request: their address, who a rate limit counts, and how many sign-in failures lock (django-axes)."""

import ipaddress

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def address(request):
    """Behind the site's proxy, the address the proxy saw: the last one it appended to X-Forwarded-For.

    Earlier entries of the header come from the visitor and cannot be trusted; without the proxy the
    header is ignored altogether. A last entry that is not an address (a proxy that passes the visitor's
    header on untouched, a broken one) counts as the proxy's own: the lock must neither fail the sign-in
    nor let a made-up value open a count of its own. None when not even that is an address (a Unix socket).
    """
    proxy = valid(request.META.get("REMOTE_ADDR"))
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return valid(forwarded[-1]) or proxy
    return proxy


def valid(text):
    """``text`` as an IP address in its usual spelling, or None if it is not one."""
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def counted(request):
    """Who a rate limit counts: the visitor's address, an IPv6 one as its /64 (one home or one server is given a
    /64, and could otherwise change its address at every request); None when there is no address."""
    try:
        parsed = ipaddress.ip_address(address(request) or "")
    except ValueError:
        return None
    if parsed.version == 6:
        if parsed.ipv4_mapped:  # ::ffff:192.0.2.1, an IPv4 visitor as a dual-stack server writes it
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def failure_limit(request, credentials=None):
    """How many failures lock this sign-in: SIGN_IN_FAILURES_PER_NAME once this user name has failed that
    often from this address, SIGN_IN_FAILURES_PER_ADDRESS otherwise.

    django-axes compares the larger count of its lockout groups, the address's, with a single limit
    (AXES_LOCKOUT_PARAMETERS): so a user name that failed 5 times from here is locked at once from here,
    and any other attempt from here once the address's failures reach 20.
    """
    ip_address = getattr(request, "axes_ip_address", None) or address(request)
    since = (getattr(request, "axes_attempt_time", None) or timezone.now()) - get_cool_off(request)
    failures = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials), ip_address=ip_address, attempt_time__gte=since,
    ).aggregate(total=Sum("failures_since_start"))["total"] or 0
    per_name = settings.SIGN_IN_FAILURES_PER_NAME
    return per_name if failures >= per_name else settings.SIGN_IN_FAILURES_PER_ADDRESS
