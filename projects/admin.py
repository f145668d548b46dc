from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from core.admin import CountriesInUseListFilter, HistoryAdmin, TranslatedAdmin
from core.templatetags import pictures
from projects import admin_views
from projects.forms import CordisImportForm, CordisResultsImportForm
from projects.models import CordisImport, CordisResult, Participation, Programme, Project, Result, Status, Theme


class StatusListFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.with_status(self.value())
        return queryset


class ParticipationInline(TranslationTabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "eu_contribution", "local_role", "contribution"]
    verbose_name = _("participant")
    verbose_name_plural = _("consortium")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


class ResultInline(TranslationStackedInline):
    model = Result
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [("kind", "date", "language"), "title", "description", ("url", "document"), "doi",
              ("is_highlighted", "is_published")]
    verbose_name_plural = _("results written by the office")


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin, TranslatedAdmin):
    # Explicit: the Count annotation below would otherwise drop Meta.ordering.
    ordering = ["name"]
    list_display = ["name", "slug", "project_count"]
    search_fields = ["name_it", "name_en", "slug", "description_it", "description_en"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_count=Count("projects"))

    @admin.display(description=_("projects"), ordering="project_count")
    def project_count(self, theme):
        return theme.project_count


class ImportsFromCordis:
    """An admin whose list offers an import from CORDIS: the form that queues it, for editors who may write all it writes.

    The import runs in a task worker and is followed on the CORDIS imports' pages (``admin_views``).
    """

    # The import button, beside django-reversion's "Recover deleted …".
    change_list_template = "admin/projects/change_list_importing.html"
    import_url_name = ""  # "projects_import_cordis"
    import_form = None  # the form of its files
    import_template = ""  # which extends admin/projects/cordisimport/import_form.html
    import_permissions = []  # besides adding a CORDIS import

    def get_urls(self):
        return [
            path("import-cordis/", self.admin_site.admin_view(self.import_cordis_view), name=self.import_url_name),
            *super().get_urls(),
        ]

    def can_import(self, request):
        return request.user.has_perms([*self.import_permissions, "projects.add_cordisimport"])

    def changelist_view(self, request, extra_context=None):
        import_url = reverse(f"admin:{self.import_url_name}") if self.can_import(request) else None
        return super().changelist_view(request, {**(extra_context or {}), "import_url": import_url})

    def import_cordis_view(self, request):
        return admin_views.import_form(self, request, self.import_form, self.import_template, _("Import from CORDIS"))


@admin.register(Project)
class ProjectAdmin(ImportsFromCordis, HistoryAdmin, TranslatedAdmin):
    import_url_name = "projects_import_cordis"
    import_form = CordisImportForm
    import_template = "admin/projects/project/import_cordis.html"
    import_permissions = [
        "projects.add_project", "projects.change_project", "projects.add_participation",
        "projects.change_participation", "projects.add_organisation", "projects.change_organisation",
    ]
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
    search_fields = [
        "acronym", "title", "=cordis_id", "call_topic", "keywords", "objective", "summary_it", "summary_en",
    ]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["themes"]
    inlines = [ParticipationInline, ResultInline]
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
                ("programme", "programme_identifier"), "programme_part", "call_topic", "call_topic_title",
                "funding_scheme",
                ("declared_consortium_size", "declared_country_count"),
            ],
        }),
        (_("Advanced: CORDIS identifiers"), {
            "classes": ["collapse"],
            "fields": ["cordis_id", "cordis_rcn"],
        }),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme").annotate(
            participant_count=Count("participations"))

    @admin.display(description=_("status"))
    def status_display(self, project):
        return project.status.label if project.status else "–"

    @admin.display(description=_("partners recorded"), ordering="participant_count")
    def participant_count(self, project):
        return project.participant_count

    @admin.display(description=_("image"))
    def thumbnail(self, project):
        return pictures.thumbnail(project.image)


@admin.register(Participation)
class ParticipationAdmin(HistoryAdmin, TranslatedAdmin):
    list_display = ["organisation", "project", "role", "eu_contribution", "local_role"]
    list_filter = ["role", "project__programme", ("organisation__country", CountriesInUseListFilter)]
    search_fields = [
        "organisation__name_it", "organisation__name_en", "organisation__short_name", "project__acronym",
        "local_role_it", "local_role_en",
    ]
    autocomplete_fields = ["project", "organisation"]
    list_select_related = ["organisation", "project"]


@admin.register(Programme)
class ProgrammeAdmin(HistoryAdmin, TranslatedAdmin):
    """The programmes projects belong to: the research framework programmes and any other an editor adds."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    ordering = ["-in_cordis", "name"]
    list_display = ["name", "code", "funding_body", "part_of", "in_cordis", "project_count"]
    list_filter = ["in_cordis", "part_of"]
    search_fields = ["name_it", "name_en", "code", "funding_body_it", "funding_body_en"]
    list_select_related = ["part_of"]
    fields = ["name", "code", "funding_body", "url", "part_of", "in_cordis"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_count=Count("projects"))

    def get_readonly_fields(self, request, obj=None):
        # Projects and shared addresses (?programme=H2020) refer to a programme by its code.
        return ["code"] if obj else []

    @admin.display(description=_("projects"), ordering="project_count")
    def project_count(self, programme):
        return programme.project_count


@admin.register(Result)
class ResultAdmin(HistoryAdmin, TranslatedAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "project", "kind", "date", "is_highlighted", "is_published"]
    list_editable = ["is_highlighted", "is_published"]
    list_filter = ["kind", "is_highlighted", "is_published", "language"]
    search_fields = ["title_it", "title_en", "description_it", "description_en", "doi", "project__acronym"]
    autocomplete_fields = ["project"]
    list_select_related = ["project"]
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ["project", ("kind", "date", "language"), "title", "description"]}),
        (_("Where to find it"), {
            "description": _("A link, or an uploaded document."), "fields": ["url", "document", "doi"],
        }),
        (_("On the site"), {"fields": [("is_highlighted", "is_published")]}),
    ]


@admin.register(CordisResult)
class CordisResultAdmin(ImportsFromCordis, HistoryAdmin):
    """What the CORDIS results import wrote: editors may hide one, and change nothing else."""

    import_url_name = "projects_import_cordis_results"
    import_form = CordisResultsImportForm
    import_template = "admin/projects/cordisresult/import_cordis.html"
    import_permissions = ["projects.add_cordisresult", "projects.change_cordisresult"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    list_display = ["title", "project", "kind", "year", "is_published"]
    list_editable = ["is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "=cordis_id", "doi", "authors", "project__acronym"]
    list_select_related = ["project"]
    fields = ["is_published", "project", "kind", "cordis_id", "title", "type", "description", "url", "doi",
              "authors", "journal", "year", "cordis_updated"]
    readonly_fields = [name for name in fields if name != "is_published"]

    def has_add_permission(self, request):
        return False


@admin.register(CordisImport)
class CordisImportAdmin(admin.ModelAdmin):
    """The imports editors started, each with its progress or its report; new ones start from the import form."""

    list_display = ["__str__", "imports", "status", "dry_run", "requested_by", "finished"]
    list_filter = ["imports", "status", "dry_run"]
    search_fields = ["projects_file_name", "organisations_file_name", "deliverables_file_name",
                     "publications_file_name", "reports_file_name", "requested_by__username"]
    list_select_related = ["requested_by"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("<path:object_id>/progress/", self.admin_site.admin_view(self.progress_view),
                 name="projects_cordisimport_progress"),
            path("<path:object_id>/import/", self.admin_site.admin_view(self.run_for_real_view),
                 name="projects_cordisimport_run_for_real"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return admin_views.job_page(self, request, object_id)

    def progress_view(self, request, object_id):
        return admin_views.job_progress(self, request, object_id)

    def run_for_real_view(self, request, object_id):
        return admin_views.run_for_real(self, request, object_id)
