from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from calls.models import OpenCall
from core.admin import HistoryAdmin
from projects.models import Organisation


class DeadlineListFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline_status"

    def lookups(self, request, model_admin):
        return [("open", _("Open (deadline today or later)")), ("past", _("Past (deadline passed)"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "open":
            return queryset.filter(deadline__gte=today)
        if self.value() == "past":
            return queryset.past(today)
        return queryset


@admin.register(OpenCall)
class OpenCallAdmin(HistoryAdmin, TranslationAdmin):
    """The calls the office wants to join, each shown on its organisation's profile until its deadline."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["identifier", "title", "organisation", "programme", "deadline", "is_open_display", "is_published"]
    list_display_links = ["identifier", "title"]
    list_editable = ["is_published"]
    list_filter = [DeadlineListFilter, "programme", "is_published", "themes"]
    search_fields = ["identifier", "title_it", "title_en", "offer_it", "offer_en"]
    list_select_related = ["organisation", "programme"]
    date_hierarchy = "deadline"
    prepopulated_fields = {"slug": ["identifier"]}
    autocomplete_fields = ["organisation", "themes"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["organisation", ("identifier", "programme"), "title", "deadline", "url", "is_published"]}),
        (_("What the city offers"), {"fields": ["offer", "themes"]}),
        (_("Advanced: address on the site"), {"classes": ["collapse"], "fields": ["slug"]}),
    ]

    @admin.display(description=_("open"), boolean=True, ordering="deadline")
    def is_open_display(self, call):
        return call.is_open

    def get_changeform_initial_data(self, request):
        # Nearly every call is the municipality's own: the featured organisation, unless the address says otherwise.
        initial = super().get_changeform_initial_data(request)
        if "organisation" not in initial:
            featured = Organisation.objects.featured().values_list("pk", flat=True).first()
            if featured is not None:
                initial["organisation"] = featured
        return initial
