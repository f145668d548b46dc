from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from profiles.models import Highlight, KeyFigure, Organisation, ProfileSection
from projects.images import thumbnail_tag


class ProfileSectionInline(admin.StackedInline):
    model = ProfileSection
    extra = 0
    fields = [("kind", "order", "is_published"), "heading", "body"]


class HighlightInline(admin.StackedInline):
    model = Highlight
    extra = 0
    autocomplete_fields = ["project"]
    fields = [("title", "order", "is_published"), "text", "project", ("image", "image_alt")]


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    extra = 0
    fields = ["value", "label", "metric", "order", "is_published"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Explicit: the Count annotation below would otherwise drop Meta.ordering.
    ordering = ["name"]
    list_display = [
        "name", "short_name", "kind", "country", "city", "project_count", "thumbnail",
        "is_featured", "is_published",
    ]
    list_editable = ["is_published"]
    list_filter = ["is_featured", "is_published", "kind", "country"]
    search_fields = ["name", "short_name", "legal_name", "=pic", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProfileSectionInline, HighlightInline, KeyFigureInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", ("is_published", "is_featured")]}),
        (_("Profile"), {"fields": ["tagline", "introduction", "logo", "website"]}),
        (_("Where and what"), {"fields": [("kind", "country", "city")]}),
        (_("Advanced: CORDIS identifiers"), {"classes": ["collapse"], "fields": ["legal_name", "pic"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_count=Count("participations"))

    @admin.display(description=_("projects"), ordering="project_count")
    def project_count(self, organisation):
        return organisation.project_count

    @admin.display(description=_("logo"))
    def thumbnail(self, organisation):
        return thumbnail_tag(organisation.logo)


class OrganisationPartAdmin(admin.ModelAdmin):
    """Shared settings for the parts of a profile edited on their own."""

    list_editable = ["is_published"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]

    def get_list_filter(self, request):
        return ["is_published", ("organisation", admin.RelatedOnlyFieldListFilter), *super().get_list_filter(request)]


@admin.register(ProfileSection)
class ProfileSectionAdmin(OrganisationPartAdmin):
    fields = ["organisation", ("kind", "order", "is_published"), "heading", "body"]
    list_display = ["heading", "organisation", "kind", "order", "is_published"]
    list_filter = ["kind"]
    search_fields = ["heading", "body", "organisation__name"]


@admin.register(Highlight)
class HighlightAdmin(OrganisationPartAdmin):
    fields = ["organisation", ("title", "order", "is_published"), "text", "project", ("image", "image_alt")]
    list_display = ["title", "organisation", "project", "thumbnail", "order", "is_published"]
    list_select_related = ["organisation", "project"]
    search_fields = ["title", "text", "organisation__name", "project__acronym"]
    autocomplete_fields = ["organisation", "project"]

    @admin.display(description=_("image"))
    def thumbnail(self, highlight):
        return thumbnail_tag(highlight.image)


@admin.register(KeyFigure)
class KeyFigureAdmin(OrganisationPartAdmin):
    fields = ["organisation", ("value", "label"), "metric", ("order", "is_published")]
    list_display = ["value", "label", "organisation", "metric", "order", "is_published"]
    list_filter = ["metric"]
    search_fields = ["label", "value", "organisation__name"]
