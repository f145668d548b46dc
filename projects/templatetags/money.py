from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def euros(amount):
    """Whole euros with thousands separators: ``{{ 131961|euros }}`` gives “€131,961”."""
    if amount in (None, ""):
        return ""
    formatted = number_format(round(amount), decimal_pos=0, use_l10n=True, force_grouping=True)
    return _("€%(amount)s") % {"amount": formatted}
