from django.urls import path
from django.utils.translation import gettext_lazy as _

from contact import views

app_name = "contact"

# None of these pages is kept by the page cache: the form carries a CSRF token and, after an error, what the
# visitor wrote; the other two are small, and come after it.
urlpatterns = [
    path("", views.ContactFormView.as_view(), name="form"),
    path(_("sent/"), views.ThanksView.as_view(), name="thanks"),
    path(_("privacy/"), views.PrivacyView.as_view(), name="privacy"),
]
