from reversion_compare.admin import CompareVersionAdmin


class HistoryAdmin(CompareVersionAdmin):
    """An admin whose every save is kept as a revision (django-reversion), comparable and restorable.

    A save that changes nothing records nothing: a revision identical to the last one would only
    bury the changes an editor is looking for. So an unchanged object is not saved again (its save
    alone, touching ``updated``, would make a revision); when only its inline parts changed, it is
    saved after them, so that its history shows the change with the parts it follows. Restoring an
    earlier revision or a deleted item is always a change, though its form shows the restored values.
    """

    def unchanged(self, request, form, change):
        restoring = request.resolver_match.url_name.endswith(("_revision", "_recover"))
        return change and not restoring and not form.has_changed()

    def save_model(self, request, obj, form, change):
        if not self.unchanged(request, form, change):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if self.unchanged(request, form, change) and any(formset.has_changed() for formset in formsets):
            form.instance.save()
