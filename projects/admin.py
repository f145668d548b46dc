from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from projects.images import thumbnail_tag
from projects.models import Participation, Project, Status, Theme


class StatusListFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.with_status(self.value())
        return queryset


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "eu_contribution", "local_role", "contribution"]
    verbose_name = _("participant")
    verbose_name_plural = _("consortium")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    # Explicit: the Count annotation below would otherwise drop Meta.ordering.
    ordering = ["name"]
    list_display = ["name", "slug", "project_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_count=Count("projects"))

    @admin.display(description=_("projects"), ordering="project_count")
    def project_count(self, theme):
        return theme.project_count


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Explicit: the Count annotation below would otherwise drop Meta.ordering.
    ordering = ["-start_date", "acronym"]
    list_display = [
        "acronym", "title", "start_date", "end_date", "status_display", "programme",
        "participant_count", "thumbnail", "is_published",
    ]
    list_display_links = ["acronym", "title"]
    list_editable = ["is_published"]
    list_filter = [StatusListFilter, "programme", "is_published", "themes", "funding_scheme"]
    search_fields = ["acronym", "title", "=cordis_id", "call_topic", "keywords", "objective"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["themes"]
    inlines = [ParticipationInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["acronym", "title", "slug", "is_published"]}),
        (_("Dates and money"), {
            "fields": [("start_date", "end_date"), ("total_cost", "eu_contribution")],
        }),
        (_("Description"), {"fields": ["summary", "objective", "themes", "keywords", "website"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (_("Funding"), {
            "fields": [
                "programme", "programme_part", "call_topic", "call_topic_title", "funding_scheme",
                ("declared_consortium_size", "declared_country_count"),
            ],
        }),
        (_("Advanced: CORDIS identifiers"), {
            "classes": ["collapse"],
            "fields": ["cordis_id", "cordis_rcn"],
        }),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(participant_count=Count("participations"))

    @admin.display(description=_("status"))
    def status_display(self, project):
        return project.status.label if project.status else "–"

    @admin.display(description=_("partners recorded"), ordering="participant_count")
    def participant_count(self, project):
        return project.participant_count

    @admin.display(description=_("image"))
    def thumbnail(self, project):
        return thumbnail_tag(project.image)


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "project", "role", "eu_contribution", "local_role"]
    list_filter = ["role", "project__programme", "organisation__country"]
    search_fields = ["organisation__name", "organisation__short_name", "project__acronym", "local_role"]
    autocomplete_fields = ["project", "organisation"]
    list_select_related = ["organisation", "project"]
