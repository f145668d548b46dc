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

from tests.e2e.tools import ARTIFACTS, CHROMIUM, require

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


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


def new_page(browser, viewport=DESKTOP, locale="it-IT"):
    context = browser.new_context(viewport=viewport, locale=locale)
    context.set_default_timeout(10_000)
    return context.new_page()


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


def screenshot(page, name):
    """Save the whole page as artifacts/screenshots/<name>-<width>.png, for people to look at."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}-{page.viewport_size['width']}.png", full_page=True)


def overflows_sideways(page):
    """Whether the page is wider than the window, so that it scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")

