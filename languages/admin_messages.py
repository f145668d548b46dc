"""
Messages of the admin and its add-ons, translated in the site's own catalogue.

Marking another package's messages here brings them into the site's catalogue,
which takes precedence over the package's own. Two reasons to do so:

- Django's Italian catalogue puts every model name after a masculine article ("Il
  organizzazione … è stato modificato"), which reads wrong for most of our models;
  the site's catalogue words these confirmations without article or agreement.
- django-reversion-compare, which compares revisions, ships no Italian.
"""

from django.utils.translation import gettext_noop

ADMIN_MESSAGES = [
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
]

REVISION_COMPARISON_MESSAGES = [
    gettext_noop('Compare %(name)s'),
    gettext_noop("Field didn't exist!"),
    gettext_noop('compare'),
    gettext_noop('\n                Compare <strong>%(date1)s</strong> with <strong>%(date2)s</strong>:\n            '),
    gettext_noop('Go back to history list'),
    gettext_noop('Revert to this version'),
    gettext_noop('changed to:'),
    gettext_noop('time since that date:'),
    gettext_noop('add:'),
    gettext_noop('remove:'),
    gettext_noop('previous'),
    gettext_noop('next'),
    gettext_noop('There are no differences.'),
    gettext_noop('Edit comment:'),
    gettext_noop('(no comment exists)'),
    gettext_noop('Note:'),
    gettext_noop('\n        Fields/entries marked with <sup class="follow">*</sup> are not under reversion control.\n        It may be that not all marked information are correct.\n    '),
    gettext_noop("\n    This is the fallback compare, because the normal compare can't be applied\n    between the two selected version:\n    "),
    gettext_noop('Revert to the old version will probably not work!'),
    gettext_noop('More info:'),
]

# Django's and its add-ons' Italian puts a masculine adjective or article after any model name ("Recupera
# organizzazioni cancellati", "Cancella notizie in evidenza selezionati", "Aggiungi un altro Notizia in
# evidenza"), and a refused choice without quotes ("nope non è tra quelle disponibili"). Worded here so that
# agreement never depends on the model; "History" is "Cronologia" everywhere, as in the rest of the admin.
WORDED_WITHOUT_AGREEMENT = [
    gettext_noop("Recover deleted %(name)s"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("History"),
    # "Per in primo piano", "Per Testo in inglese": a filter's title after "Per" reads as a preposition too many.
    gettext_noop(" By %(filter_title)s "),
]
