from django import template

from core.money import format_euros

register = template.Library()


@register.filter
def euros(amount):
    """``{{ 131961|euros }}`` gives “€131,961”."""
    return format_euros(amount)
