"""Friendly error pages in the site's layout and the visitor's language, leaking nothing but a request's id."""

import pytest
from django.test import Client, override_settings
from django.urls import path

from lecce import urls as site_urls

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("database password is hunter2 at /srv/lecce/settings.py")


urlpatterns = [path("<str:language>/broken/", broken_view)]
# The site's 500 view, for this URLconf too: Django takes it from the URLconf in use.
handler500 = site_urls.handler500


@pytest.mark.parametrize("address, language, heading", [
    ("/it/progetti/progetto-che-non-esiste/", "it", "Pagina non trovata"),
    ("/en/projects/no-such-project/", "en", "Page not found"),
    ("/en/organisations/nobody/", "en", "Page not found"),
    ("/it/pagina/qualsiasi/", "it", "Pagina non trovata"),
])
def test_a_missing_page_answers_404_in_the_site_layout_and_language(address, language, heading):
    response = Client().get(address)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-nav"' in html  # the site's own header and menu
    assert address not in html.split("<main", 1)[1]  # the address typed is not echoed back


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("language, heading", [("it", "Si è verificato un errore"), ("en", "Something went wrong")])
def test_a_server_error_answers_500_in_the_visitors_language_and_says_nothing_of_the_error(language, heading):
    client = Client(raise_request_exception=False, headers={"accept-language": language})
    response = client.get(f"/{language}/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert f'<html lang="{language}">' in html
    for secret in ["hunter2", "RuntimeError", "Traceback", "settings.py", "/srv/"]:
        assert secret not in html
    # Only the id the error was logged under, for the visitor to quote (tests/test_resilience.py reads the log).
    assert f"<code>{response['X-Request-ID']}</code>" in html
