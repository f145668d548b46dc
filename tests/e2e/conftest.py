"""
Fixtures for the browser tests: the demo site on a live server, and Chromium pages.

Playwright's synchronous API runs an event loop in the test's thread, which makes
Django refuse database calls from the test itself ("async context"). The tests only
set up data and check it between browser steps, in the same thread, so that guard
is lifted for this package.
"""

import io
import os

import pytest
from django.core.management import call_command

from tests.e2e.browsing import PHONE, new_page
from tests.e2e.tools import CHROMIUM, require

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's address, with the Lecce demo content loaded."""
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def page(browser):
    """A desktop browser whose language is Italian, like most of the site's visitors."""
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def phone(browser):
    page = new_page(browser, PHONE)
    yield page
    page.context.close()
