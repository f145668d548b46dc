"""The address of the visitor behind a request, for the admin sign-in lock (django-axes)."""

from django.conf import settings


def address(request):
    """Behind the site's proxy, the address the proxy saw: the last one it appended to X-Forwarded-For.

    Earlier entries of the header come from the visitor and cannot be trusted; without the proxy the
    header is ignored altogether.
    """
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
