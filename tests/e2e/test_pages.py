"""Every public page type, in both languages: WCAG 2.1 AA by axe-core, valid HTML, no sideways scrolling, and
no table whose columns run off the side at 390 px (issue 19).

Each page is also saved as a screenshot at 1280 and 390 px in artifacts/screenshots/.
"""

import io

import pytest
from django.core.management import call_command

from tests.e2e.browsing import DESKTOP, PHONE, new_page, overflows_sideways, screenshot, tables_cut_off
from tests.e2e.checkers import axe_violations, html_errors
from tests.e2e.pages import LANGUAGES, every_page, status


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_passes_axe_and_fits_the_window(site, browser, language, viewport):
    page = new_page(browser, viewport, locale=language)
    problems = {}
    for page_type, page_language, address in every_page():
        if page_language != language:
            continue
        response = page.goto(site + address)
        assert response.status == status(page_type), address
        assert page.evaluate("document.documentElement.lang") == language
        found = axe_violations(page)
        if overflows_sideways(page):
            found.append("the page scrolls sideways")
        found += [f"a table runs off its box: {table}" for table in tables_cut_off(page)]
        if found:
            problems[address] = found
        screenshot(page, f"{language}-{page_type}")
    page.context.close()
    assert problems == {}


def test_the_admin_login_passes_axe(site, page):
    page.goto(site + "/admin/login/")
    assert axe_violations(page) == []
    screenshot(page, "admin-login")


@pytest.mark.django_db
def test_every_page_type_is_valid_html(client):
    call_command("load_demo", stdout=io.StringIO())
    documents = {}
    for page_type, _language, address in every_page():
        response = client.get(address)
        assert response.status_code == status(page_type), address
        documents[address] = response.content.decode()
    assert html_errors(documents) == []
