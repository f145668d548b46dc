from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from core.admin import CountriesInUseListFilter, HistoryAdmin, TranslatedAdmin
from core.templatetags import pictures
from profiles.models import Highlight, KeyFigure, ProfileSection
from projects.insights import portfolio_insights
from projects.models import Organisation


class ProfileSectionInline(TranslationStackedInline):
    model = ProfileSection
    extra = 0
    fields = [("kind", "order", "is_published"), "heading", "body"]


class HighlightInline(TranslationStackedInline):
    model = Highlight
    extra = 0
    autocomplete_fields = ["project"]
    fields = [("title", "order", "is_published"), "text", "project", ("image", "image_alt")]


class ComputedFigureMixin:
    """Shows beside the editor's value the value the data computes, and warns when they differ."""

    @staticmethod
    def _insights(organisation):
        # Kept on the organisation object, which the rows of one organisation share (see changelist_view).
        if "_portfolio_insights" not in organisation.__dict__:
            organisation._portfolio_insights = portfolio_insights(organisation)
        return organisation._portfolio_insights

    @admin.display(description=_("computed from the data"))
    def computed_value(self, figure):
        if not figure.pk or not figure.metric:
            return "–"
        resolved = figure.resolve(self._insights(figure.organisation))
        if not resolved.computed:
            return _("nothing to compute from yet")
        if resolved.complete:
            note = _("the page shows this value")
        else:
            note = _("the data is incomplete, so the page shows your value")
        if resolved.agrees is False:
            return format_html(
                '<strong class="errornote">⚠ {}: {}</strong><br><small>{}</small>',
                resolved.computed, _("differs from your value, check that the figure is still true"), note,
            )
        return format_html("{}<br><small>{}</small>", resolved.computed, note)


class KeyFigureInline(ComputedFigureMixin, TranslationTabularInline):
    model = KeyFigure
    extra = 0
    fields = ["value", "computed_value", "label", "metric", "order", "is_published"]
    readonly_fields = ["computed_value"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class SharedOrganisationFormSet(formset):
            def _construct_form(self, i, **form_kwargs):
                form = super()._construct_form(i, **form_kwargs)
                # One organisation object for every row, so its insights are computed once.
                form.instance.organisation = self.instance
                return form

        return SharedOrganisationFormSet


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin, TranslatedAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Explicit: the Count annotation below would otherwise drop Meta.ordering.
    ordering = ["name"]
    list_display = [
        "name", "short_name", "kind", "country", "city", "project_count", "thumbnail",
        "is_featured", "is_published",
    ]
    list_editable = ["is_published"]
    list_filter = ["is_featured", "is_published", "kind", ("country", CountriesInUseListFilter)]
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
        return pictures.thumbnail(organisation.logo)


class OrganisationPartAdmin(HistoryAdmin, TranslatedAdmin):
    """Shared settings for the parts of a profile edited on their own, each text in both languages."""

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
    search_fields = ["heading_it", "heading_en", "body_it", "body_en", "organisation__name"]


@admin.register(Highlight)
class HighlightAdmin(OrganisationPartAdmin):
    fields = ["organisation", ("title", "order", "is_published"), "text", "project", ("image", "image_alt")]
    list_display = ["title", "organisation", "project", "thumbnail", "order", "is_published"]
    list_select_related = ["organisation", "project"]
    search_fields = ["title_it", "title_en", "text_it", "text_en", "organisation__name", "project__acronym"]
    autocomplete_fields = ["organisation", "project"]

    @admin.display(description=_("image"))
    def thumbnail(self, highlight):
        return pictures.thumbnail(highlight.image)


@admin.register(KeyFigure)
class KeyFigureAdmin(ComputedFigureMixin, OrganisationPartAdmin):
    fields = ["organisation", ("value", "computed_value"), "label", "metric", ("order", "is_published")]
    readonly_fields = ["computed_value"]
    list_display = ["value", "computed_value", "label", "organisation", "metric", "order", "is_published"]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            # One organisation object per organisation, so its insights are computed once per page.
            shared = {}
            for figure in changelist.result_list:
                figure.organisation = shared.setdefault(figure.organisation_id, figure.organisation)
        return response
    list_filter = ["metric"]
    search_fields = ["label_it", "label_en", "value_it", "value_en", "organisation__name"]
