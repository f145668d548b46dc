from urllib.parse import quote

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from contact.models import ContactPoint, Message
from core.admin import HistoryAdmin


@admin.register(ContactPoint)
class ContactPointAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["office_name", "organisation", "email", "phone", "is_published"]
    list_editable = ["is_published"]
    list_filter = ["is_published"]
    list_select_related = ["organisation"]
    search_fields = [
        "office_name_it", "office_name_en", "organisation__name_it", "organisation__name_en", "email", "city",
    ]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["organisation", "office_name", "is_published"]}),
        (_("Where"), {"fields": ["street_address", ("postal_code", "city")]}),
        (_("How to reach it"), {"fields": ["email", "phone", "opening_hours"]}),
    ]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """What visitors wrote, as they wrote it: read (always escaped), answered by email, marked, deleted; never edited."""

    list_display = ["subject", "status", "name", "email", "organisation", "about", "created"]
    list_display_links = ["subject"]
    list_filter = ["status", "created"]
    search_fields = ["subject", "body", "name", "email", "organisation", "about"]
    actions = ["mark_answered", "mark_closed"]
    fields = ["status", "created", "name", "organisation", "email", "reply", "about", "subject", "body", "language"]
    readonly_fields = ["created", "name", "organisation", "email", "reply", "about", "subject", "body", "language"]

    def has_add_permission(self, request):
        # Messages come from visitors only.
        return False

    @admin.display(description=_("answer"))
    def reply(self, message):
        return format_html('<a href="mailto:{}?subject={}">{}</a>', quote(message.email, safe="@"),
                           quote(f"Re: {message.subject}"), _("Answer by email"))

    def mark(self, request, queryset, status):
        count = queryset.exclude(status=status).update(status=status)
        self.message_user(request, ngettext(
            "%(count)d message marked as “%(status)s”.", "%(count)d messages marked as “%(status)s”.", count,
        ) % {"count": count, "status": Message.Status(status).label}, messages.SUCCESS)

    @admin.action(description=_("Mark the selected messages as answered"), permissions=["change"])
    def mark_answered(self, request, queryset):
        self.mark(request, queryset, Message.Status.ANSWERED)

    @admin.action(description=_("Mark the selected messages as closed"), permissions=["change"])
    def mark_closed(self, request, queryset):
        self.mark(request, queryset, Message.Status.CLOSED)
