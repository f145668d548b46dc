from reversion import register
from reversion_compare.admin import CompareVersionAdmin


class HistoryAdmin(CompareVersionAdmin):
    """An admin whose every save is kept as a revision (django-reversion), comparable and restorable.

    A save that changes nothing records nothing: a revision identical to the last one would only
    bury the changes an editor is looking for.
    """

    def reversion_register(self, model, **options):
        register(model, **{**options, "ignore_duplicates": True})
