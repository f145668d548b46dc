"""
The admin's confirmations, reworded in the site's catalogue.

Django's Italian catalogue puts every model name after a masculine article ("Il
organizzazione … è stato modificato"), which reads wrong for most of our models.
Marking the messages here brings them into the site's catalogue, which takes
precedence, where they are translated without any article or agreement.
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
