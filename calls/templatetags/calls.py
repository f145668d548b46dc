from django import template

from calls.models import OpenCall

register = template.Library()


@register.simple_tag
def open_calls_of(organisation):
    """The open calls of ``organisation``, soonest deadline first, with their programme (one query) and themes
    (one more, only when there are calls)."""
    return list(OpenCall.objects.open().of(organisation).for_display())
