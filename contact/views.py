from django.conf import settings
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.generic import FormView, TemplateView

from contact import mail, spam
from contact.forms import ContactForm, plain_about


# Kept by no cache, the page cache (core.page_cache) included, and said so to proxies and browsers: the page
# carries a CSRF token, and after an error what the visitor wrote.
@method_decorator([never_cache, csrf_protect], name="dispatch")
class ContactFormView(FormView):
    form_class = ContactForm
    template_name = "contact/message_form.html"

    def get_initial(self):
        initial = super().get_initial()
        # A call's page links here with its identifier: taken as a line of plain text, never as markup.
        about = plain_about(self.request.GET.get("about"))
        if about:
            initial["about"] = about
        return initial

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_trap:
            # A robot filled the field people cannot see: it is thanked as a person would be, and nothing is kept.
            return redirect("contact:thanks")
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def refuse(self, form, text):
        form.add_error(None, text)
        return self.form_invalid(form)

    def form_valid(self, form):
        if spam.over_rate_limit(self.request):
            return self.refuse(form, _(
                "This connection has already sent several messages in the last hour. Your text is still here: "
                "please send it again later, or write to the office by email."))
        if spam.over_daily_cap():
            return self.refuse(form, _(
                "The office has received an unusual number of messages today, and the form accepts no more until "
                "tomorrow. Your text is still here: please send it again tomorrow, or write to the office by email."))
        message = form.save(commit=False)
        message.language = get_language() or ""
        message.save()
        spam.count_sent(self.request)
        mail.notify_office(message, admin_url=mail.admin_change_url(self.request, message))
        return redirect("contact:thanks")


@method_decorator(never_cache, name="dispatch")
class ThanksView(TemplateView):
    """What happens next, in the same words for everyone: nothing the visitor wrote is shown again."""

    template_name = "contact/thanks.html"


class PrivacyView(TemplateView):
    template_name = "contact/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(retention_days=settings.CONTACT_RETENTION_DAYS, **kwargs)
