from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.admin import HistoryAdmin
from core.templatetags import pictures
from projects.cordis import CordisFileError, import_cordis
from projects.forms import CordisImportForm
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


class ParticipationInline(TranslationTabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "eu_contribution", "local_role", "contribution"]
    verbose_name = _("participant")
    verbose_name_plural = _("consortium")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin, TranslationAdmin):
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


@admin.register(Project)
class ProjectAdmin(HistoryAdmin, TranslationAdmin):
    # The import button, beside django-reversion's "Recover deleted projects".
    change_list_template = "admin/projects/project/change_list.html"
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

    def get_urls(self):
        return [
            path("import-cordis/", self.admin_site.admin_view(self.import_cordis_view), name="projects_import_cordis"),
            *super().get_urls(),
        ]

    def can_import(self, request):
        return all(request.user.has_perm(perm) for perm in [
            "projects.add_project", "projects.change_project", "projects.add_participation",
            "projects.change_participation", "projects.add_organisation", "projects.change_organisation",
        ])

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "can_import": self.can_import(request)})

    def import_cordis_view(self, request):
        """Upload a CORDIS export's two files; show what was (or would be) imported, or every problem found."""
        if not self.can_import(request):
            raise PermissionDenied
        report = None
        form = CordisImportForm(request.POST, request.FILES) if request.method == "POST" else CordisImportForm()
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                report = import_cordis(
                    data["projects_file"], data["organisations_file"],
                    only_organisation=data["only_organisation"], dry_run=data["dry_run"],
                    publish_all=data["publish_all"], user=request.user,
                    names=(data["projects_file"].name, data["organisations_file"].name),
                )
            except CordisFileError as error:
                form.add_error(None, _("Nothing was imported: the files have these problems."))
                for problem in error.problems[:200]:
                    form.add_error(None, str(problem))
            else:
                if report.dry_run:
                    messages.info(request, _("Dry run: nothing was written. This is what the import would do."))
                else:
                    messages.success(request, _("The CORDIS files were imported."))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import from CORDIS"),
            "form": form,
            "report": report,
            "tallies": report and [
                (_("Projects"), report.projects), (_("Organisations"), report.organisations),
                (_("Participations"), report.participations),
            ],
            # What is (or would be) created and changed, by name: a heading and the first names of each list.
            "listings": report and [
                (heading, names, more) for heading, names, more in [
                    (_("New projects"), report.projects.created_names, report.projects.more_created),
                    (_("Projects changed"), report.projects.updated_names, report.projects.more_updated),
                    (_("New organisations"), report.organisations.created_names, report.organisations.more_created),
                    (_("Organisations changed"), report.organisations.updated_names,
                     report.organisations.more_updated),
                    (_("New participations"), report.participations.created_names,
                     report.participations.more_created),
                    (_("Participations changed"), report.participations.updated_names,
                     report.participations.more_updated),
                    (_("New projects left unpublished: the featured organisation takes no part in them"),
                     report.unpublished_names, report.more_unpublished),
                ] if names
            ],
        }
        return TemplateResponse(request, "admin/projects/project/import_cordis.html", context)

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
class ParticipationAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["organisation", "project", "role", "eu_contribution", "local_role"]
    list_filter = ["role", "project__programme", "organisation__country"]
    search_fields = ["organisation__name", "organisation__short_name", "project__acronym", "local_role_it", "local_role_en"]
    autocomplete_fields = ["project", "organisation"]
    list_select_related = ["organisation", "project"]
