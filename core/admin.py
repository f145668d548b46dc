from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from reversion_compare.admin import CompareVersionAdmin

from core.collation import sorted_by
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

    def construct_change_message(self, request, form, formsets, add=False):
        """The change log's message, naming each changed field so that it is shown in the reader's language.

        The log stores the English labels of the changed fields and translates them when it is read. A label
        is not what the catalogue knows, though: "Published" where the catalogue has "published", and
        modeltranslation's "Opening line [it]" nowhere at all, so an Italian editor read English field names
        in the Cronologia. Stored instead is each field's verbose name as the code writes it (the catalogue's
        own words), once for a text changed in either language or both.
        """
        message = super().construct_change_message(request, form, formsets, add)
        names = {}
        with translation.override(None):
            for changed_form in [form, *(f for formset in formsets or () for f in formset.forms)]:
                for name in changed_form.changed_data:
                    names[str(changed_form.fields[name].label or name)] = logged_name(changed_form, name)
        for entry in message:
            for action in entry.values():
                if "fields" in action:
                    action["fields"] = list(dict.fromkeys(names.get(label, label) for label in action["fields"]))
        return message

    def delete_model(self, request, obj):
        record_before_first_change([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        record_before_first_change(list(queryset))
        super().delete_queryset(request, queryset)


def logged_name(form, name):
    """How the change log names the field ``name`` of ``form``: its model field's verbose name, untranslated, and
    for a text in one language (modeltranslation's ``introduction_it``) the text's own."""
    try:
        field = form._meta.model._meta.get_field(name)
    except (AttributeError, FieldDoesNotExist):
        return str(form.fields[name].label or name)
    field = getattr(field, "translated_field", field)
    with translation.override(None):
        return str(field.verbose_name)


class TranslatedAdmin(TranslationAdmin):
    """A TranslationAdmin that tells editors what is written in Italian and not yet in English.

    English pages show the Italian text where the English is empty, so nothing on the site looks missing:
    the admin says it instead, on the list (a column and a filter) and on the item's page.

    ``english_optional`` names the fields whose English is normally the Italian (a partner's name and city
    abroad): an empty English one is no gap.
    """

    english_optional = ()

    def get_list_display(self, request):
        return [*super().get_list_display(request), "english_gaps"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingEnglishListFilter]

    @admin.display(description=_("English"))
    def english_gaps(self, obj):
        gaps = english_gaps(obj, self.english_optional)
        return _("missing: %(fields)s") % {"fields": ", ".join(gaps)} if gaps else "✓"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            gaps = english_gaps(obj, self.english_optional) if obj is not None else []
            if gaps:
                messages.warning(request, _(
                    "Not yet written in English: %(fields)s. English pages show the Italian text meanwhile."
                ) % {"fields": ", ".join(gaps)})
        return super().change_view(request, object_id, form_url, extra_context)


def translated_fields(model, optional=()):
    """The translated fields of ``model`` whose English is expected, all but those ``optional``."""
    return [name for name in translator.get_options_for_model(model).get_field_names() if name not in optional]


def english_gaps(obj, optional=()):
    """The names of the fields of ``obj`` written in Italian and empty in English, but those ``optional``."""
    return [str(obj._meta.get_field(name).verbose_name) for name in translated_fields(type(obj), optional)
            if getattr(obj, build_localized_fieldname(name, "it")) and not getattr(obj, build_localized_fieldname(name, "en"))]


class MissingEnglishListFilter(admin.SimpleListFilter):
    title = _("English text")
    parameter_name = "english"

    def __init__(self, request, params, model, model_admin):
        self.optional = model_admin.english_optional
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [("missing", _("Missing in part")), ("complete", _("Complete"))]

    def queryset(self, request, queryset):
        gaps = Q()
        for name in translated_fields(queryset.model, self.optional):
            italian, english = build_localized_fieldname(name, "it"), build_localized_fieldname(name, "en")
            gaps |= (Q(**{f"{english}__isnull": True}) | Q(**{english: ""})) & ~Q(**{italian: ""}) & Q(
                **{f"{italian}__isnull": False})
        if self.value() == "missing":
            return queryset.filter(gaps)
        if self.value() == "complete":
            return queryset.exclude(gaps)
        return queryset


class CountriesInUseListFilter(admin.AllValuesFieldListFilter):
    """A country filter that lists the countries some row has, by name, rather than the 250 a country could be."""

    def choices(self, changelist):
        every, *values = super().choices(changelist)
        yield every
        names = {**dict(countries), "": _("no country")}
        named = [{**choice, "display": names.get(choice["display"], choice["display"])} for choice in values]
        yield from sorted_by(named, key=lambda choice: choice["display"])
