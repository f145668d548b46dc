"""
Date and number formats per language, on top of Django's own (``FORMAT_MODULE_PATH``).

Italian writes month names in lower case (“1 febbraio 2016”) while Django's Italian
catalogue capitalises them. Marking the names here brings them into the site's own
catalogue, which takes precedence over Django's.
"""

from django.utils.translation import gettext_noop

MONTH_NAMES = [
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"), gettext_noop("April"),
    gettext_noop("May"), gettext_noop("June"), gettext_noop("July"), gettext_noop("August"),
    gettext_noop("September"), gettext_noop("October"), gettext_noop("November"), gettext_noop("December"),
]
