from reversion_compare.admin import CompareVersionAdmin

from core.history import record_before_first_change


class HistoryAdmin(CompareVersionAdmin):
    """An admin whose every save is kept as a revision (django-reversion), comparable and restorable.

    A save that changes nothing records nothing: a revision identical to the last one would only
    bury the changes an editor is looking for. So an unchanged object is not saved again (its save
    alone, touching ``updated``, would make a revision); when only its inline parts changed, it is
    saved after them, so that its history shows the change with the parts it follows. Restoring an
    earlier revision or a deleted item is always a change, though its form shows the restored values.

    An item that has no revision yet (imported, loaded) gets one of its stored state before its first
    change (``core.history``) or its deletion, so that the change can be taken back and a deleted
    item recovered.
    """

    def unchanged(self, request, form, change):
        restoring = request.resolver_match.url_name.endswith(("_revision", "_recover"))
        return change and not restoring and not form.has_changed()

    def save_model(self, request, obj, form, change):
        # Before anything is written, the inlines too (a row deleted in them is gone once their formsets save).
        if change:
            record_before_first_change([obj])
        if not self.unchanged(request, form, change):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if self.unchanged(request, form, change) and any(formset.has_changed() for formset in formsets):
            form.instance.save()

    def delete_model(self, request, obj):
        record_before_first_change([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        record_before_first_change(list(queryset))
        super().delete_queryset(request, queryset)
