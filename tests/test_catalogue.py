"""The Italian catalogue: complete, with nothing fuzzy, and compiled from its latest version."""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "it" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(CATALOGUE / "django.po"))


def test_the_catalogue_is_italian(po):
    assert po.metadata["Language"] == "it"
    assert po.metadata["Plural-Forms"].startswith("nplurals=2;")


def test_no_message_is_missing(po):
    missing = [entry.msgid for entry in po if not entry.obsolete and not entry.translated() and "fuzzy" not in entry.flags]
    assert missing == []


def test_no_message_is_fuzzy(po):
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


def test_every_plural_form_is_filled(po):
    incomplete = [
        entry.msgid for entry in po
        if entry.msgid_plural and not all(entry.msgstr_plural.get(n) for n in (0, 1))
    ]
    assert incomplete == []


def test_translations_keep_their_placeholders(po):
    """Every placeholder of the English is in the Italian; a singular may say “un” instead of its count."""
    broken = []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            expected = set(PLACEHOLDER.findall(entry.msgid_plural))
            forms = [set(PLACEHOLDER.findall(text)) for text in entry.msgstr_plural.values()]
            if any(not form <= expected for form in forms) or forms[-1] != expected:
                broken.append(entry.msgid)
        elif sorted(PLACEHOLDER.findall(entry.msgstr)) != sorted(PLACEHOLDER.findall(entry.msgid)):
            broken.append(entry.msgid)
    assert broken == []


def test_the_compiled_catalogue_matches_the_source(po):
    """`make messages` compiles the catalogue; a .po edited without recompiling fails here."""
    with open(CATALOGUE / "django.mo", "rb") as compiled_file:
        compiled = gettext.GNUTranslations(compiled_file)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[1]
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid
