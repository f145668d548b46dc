import reversion
from adminsortable2.admin import (
    CustomInlineFormSet,
    SortableAdminBase,
    SortableAdminMixin,
    SortableInlineAdminMixin,
    SortableStackedInline,
    SortableTabularInline,
    _parse_ordering_part,
)
from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.db.models import Count, Max
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from core.admin import CountriesInUseListFilter, HistoryAdmin, TranslatedAdmin
from core.collation import language_of_page
from core.templatetags import pictures
from profiles.models import Highlight, KeyFigure, ProfileSection
from projects.insights import portfolio_insights
from projects.models import Organisation

ORDER_HELP_TEXT = _(
    "Shown from the lowest number to the highest, e.g. 1, 2, 3. You can also drag it by its bar; "
    "a new one left at 0 goes last."
)


def place_last(part):
    """Give a new profile part left at 0 the number after its organisation's last part."""
    if not part.order:
        last = type(part).objects.filter(organisation=part.organisation_id).aggregate(last=Max("order"))["last"]
        part.order = (last or 0) + 1


class OrderNumberFormSet(CustomInlineFormSet):
    """django-admin-sortable2's inline formset, with the order number left in view.

    The library hides the number and fills it in as rows are dragged. Dragging is no use to a keyboard or
    screen reader user, nor without JavaScript: the number stays a labelled field of its own, which the
    dragging fills in. A new row left at 0 goes last (the library's ``save_new``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.form.base_fields[self.default_order_field]
        field.widget = forms.NumberInput(attrs={"class": "_reorder_", "min": 0})
        # An emptied number is an error to correct, not a row without a place.
        field.required = field.widget.is_required = True
        field.help_text = ORDER_HELP_TEXT


class SortableInline(SortableInlineAdminMixin):
    """An inline of an organisation's profile parts, in order, that can be dragged into another."""

    formset = OrderNumberFormSet
    ordering = ["order", "pk"]

    def get_fields(self, request, obj=None):
        # Not the library's, which adds the order field again when it shares a line with others.
        return super(SortableInlineAdminMixin, self).get_fields(request, obj)


class ProfileSectionInline(SortableInline, TranslationStackedInline):
    model = ProfileSection
    template = SortableStackedInline.template
    extra = 0
    fields = [("kind", "order", "is_published"), "heading", "body"]


class HighlightInline(SortableInline, TranslationStackedInline):
    model = Highlight
    template = SortableStackedInline.template
    extra = 0
    autocomplete_fields = ["project"]
    fields = [("title", "order", "is_published"), "text", ("project", "date"), ("image", "image_alt")]


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


class KeyFigureInline(ComputedFigureMixin, SortableInline, TranslationTabularInline):
    model = KeyFigure
    template = SortableTabularInline.template
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
class OrganisationAdmin(SortableAdminBase, HistoryAdmin, TranslatedAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name", "short_name", "kind", "country", "city", "project_count", "thumbnail",
        "is_featured", "is_published",
    ]
    list_editable = ["is_published"]
    list_filter = ["is_featured", "is_published", "kind", ("country", CountriesInUseListFilter)]
    search_fields = ["name_it", "name_en", "short_name", "legal_name", "=pic", "city_it", "city_en"]
    # A partner's name and city are often the same in both languages (a university abroad, its city).
    english_optional = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProfileSectionInline, HighlightInline, KeyFigureInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", ("is_published", "is_featured")]}),
        (_("Profile"), {"fields": ["tagline", "introduction", "logo", "website"]}),
        (_("Where and what"), {"fields": [("kind", "country", "city")]}),
        (_("Advanced: CORDIS identifiers"), {"classes": ["collapse"], "fields": ["legal_name", "pic"]}),
    ]

    def get_ordering(self, request):
        # By name as the admin's reader sorts (core.collation); explicit, as the Count annotation below would
        # otherwise drop Meta.ordering.
        return [f"name_key_{language_of_page()}", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_count=Count("participations"))

    @admin.display(description=_("projects"), ordering="project_count")
    def project_count(self, organisation):
        return organisation.project_count

    @admin.display(description=_("logo"))
    def thumbnail(self, organisation):
        return pictures.thumbnail(organisation.logo)


class OrganisationPartAdmin(SortableAdminMixin, HistoryAdmin, TranslatedAdmin):
    """Shared settings for the parts of a profile edited on their own, each text in both languages.

    Listed by organisation, then in order, they can be dragged into another order (django-admin-sortable2);
    the order number stays a field of the form, for whoever does not drag. The library numbers the whole
    list as one and refuses numbers that repeat: here each organisation's parts are numbered 1, 2, 3… in
    the order the editor leaves them, whatever numbers they had.
    """

    list_editable = ["is_published"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # The library takes the first field of the ordering, which is the organisation.
        self.default_order_direction, self.default_order_field = "", "order"
        self._add_reorder_method()

    def get_list_filter(self, request):
        return ["is_published", ("organisation", admin.RelatedOnlyFieldListFilter), *super().get_list_filter(request)]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # Rows can be dragged when listed as the page shows them (by organisation, then in order), not by another column.
        shown = [_parse_ordering_part(part) for part in changelist.get_ordering(request, changelist.root_queryset)]
        ordering = [_parse_ordering_part(part) for part in self.model._meta.ordering]
        self.enable_sorting = shown[:len(ordering)] == ordering
        return changelist

    def get_actions(self, request):
        # The library's "move to page …" actions need numbers that never repeat across the whole list.
        return {name: action for name, action in super().get_actions(request).items() if not name.startswith("move_to_")}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == self.default_order_field:
            field.help_text = ORDER_HELP_TEXT
        return field

    def save_model(self, request, obj, form, change):
        if not change:
            place_last(obj)
        # Not the library's, which numbers a new part after the last of every organisation, whatever the editor wrote.
        super(SortableAdminMixin, self).save_model(request, obj, form, change)

    def _update_order(self, updated_items, extra_model_filters):
        """Put the dragged rows in the order given, and number each organisation's parts 1, 2, 3… again.

        ``updated_items`` is [[pk, number]] of the rows from the one dragged to where it was dropped, in
        their new order. The numbers the browser worked out from its neighbours' are not used: with two
        parts on the same number they would not say the order seen. The dragged rows take, in their new
        order, the places they held among their organisation's parts; every part is then numbered by place.
        """
        pk = self.model._meta.pk
        dragged = list(dict.fromkeys(pk.to_python(item[0]) for item in updated_items))
        renumbered = []
        with transaction.atomic():
            organisations = self.model.objects.filter(pk__in=dragged, **extra_model_filters).values("organisation")
            parts = list(self.model.objects.select_for_update().filter(organisation__in=organisations).order_by(
                "organisation", "order", "pk"))
            by_pk = {part.pk: part for part in parts}
            for organisation in {part.organisation_id for part in parts}:
                own = [part for part in parts if part.organisation_id == organisation]
                places = [place for place, part in enumerate(own) if part.pk in dragged]
                moved = [by_pk[key] for key in dragged if key in by_pk and by_pk[key] in own]
                for place, part in zip(places, moved, strict=True):
                    own[place] = part
                for number, part in enumerate(own, 1):
                    if part.order != number:
                        part.order = number
                        renumbered.append(part)
            for part in renumbered:
                part.save(update_fields=["order"])
        return len(renumbered)

    def update_order(self, request):
        # Recorded in the History, as a change made in a form is.
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Reordered by dragging."))
            return super().update_order(request)


@admin.register(ProfileSection)
class ProfileSectionAdmin(OrganisationPartAdmin):
    fields = ["organisation", ("kind", "order", "is_published"), "heading", "body"]
    list_display = ["order", "heading", "organisation", "kind", "is_published"]
    list_filter = ["kind"]
    search_fields = ["heading_it", "heading_en", "body_it", "body_en", "organisation__name_it", "organisation__name_en"]


@admin.register(Highlight)
class HighlightAdmin(OrganisationPartAdmin):
    fields = ["organisation", ("title", "order", "is_published"), "text", ("project", "date"), ("image", "image_alt")]
    list_display = ["order", "title", "organisation", "project_acronym", "thumbnail", "is_published"]
    list_select_related = ["organisation", "project"]
    search_fields = ["title_it", "title_en", "text_it", "text_en", "organisation__name_it", "organisation__name_en", "project__acronym"]
    autocomplete_fields = ["organisation", "project"]

    @admin.display(description=_("project"), ordering="project__acronym")
    def project_acronym(self, highlight):
        # The acronym alone: "acronym: full title" took the list's width and wrapped the titles a word a line.
        return highlight.project.acronym if highlight.project else "–"

    @admin.display(description=_("image"))
    def thumbnail(self, highlight):
        return pictures.thumbnail(highlight.image)


@admin.register(KeyFigure)
class KeyFigureAdmin(ComputedFigureMixin, OrganisationPartAdmin):
    fields = ["organisation", ("value", "computed_value"), "label", "metric", ("order", "is_published")]
    readonly_fields = ["computed_value"]
    list_display = ["order", "value", "computed_value", "label", "organisation", "metric", "is_published"]

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
    search_fields = ["label_it", "label_en", "value_it", "value_en", "organisation__name_it", "organisation__name_en"]
