"""
Names in the order a reader of the page's language expects: accents and case folded, "Danimarca" before
"Germania", "Universidad de Deusto" before "Universidad Politécnica", "Ústí" among the U's.

The order is the Unicode Collation Algorithm as tailored for each language by the CLDR, computed by ICU
(PyICU, from the ``pyicu-wheels`` wheels, which bundle the ICU library: nothing to compile). An ICU sort key is
a byte string whose plain byte order is the collation's order, so:

- an organisation stores the key of its name in each language (``name_key_it``, ``name_key_en``, computed at
  save and at import by ``sort_key()``), indexed beside the list's filters: the database orders 58,000
  organisations by a binary column through an index, the same on SQLite and on PostgreSQL, as fast as by the
  name itself. A collation in the database was the alternative: PostgreSQL has ICU's, but SQLite has none, and
  a Python collation registered on its connections compares 58,000 names through a callback on each request;
- short lists (the countries of the filters, a page of partners) are sorted in Python by the same keys:
  ``sorted_by()``.

Keys depend on ICU's version: after an upgrade of ``pyicu-wheels`` that changes ICU's collation data, a data
migration calling ``Organisation.objects.collate()`` writes them anew.
"""

from functools import cache

import icu
from django.conf import settings
from django.utils.translation import get_language


@cache
def collator(language):
    return icu.Collator.createInstance(icu.Locale(language))


def language_of_page(language=None):
    """One of the site's languages: ``language``, or the page's, or the site's own."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def sort_key(text, language=None):
    """The bytes whose order is the order of ``text`` among others in ``language`` (the page's by default)."""
    return collator(language_of_page(language)).getSortKey(str(text or "")).rstrip(b"\0")


def sorted_by(items, key=str, language=None, reverse=False):
    """``items`` sorted by the text ``key(item)`` as a reader of ``language`` (the page's by default) expects."""
    language = language_of_page(language)
    return sorted(items, key=lambda item: sort_key(key(item), language), reverse=reverse)
