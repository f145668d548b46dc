from django.utils.formats import number_format
from django.utils.translation import gettext as _


def format_euros(amount):
    """Whole euros with thousands separators in the active language: “€131,961”; empty for no amount."""
    if amount in (None, ""):
        return ""
    formatted = number_format(round(amount), decimal_pos=0, use_l10n=True, force_grouping=True)
    return _("€%(amount)s") % {"amount": formatted}
