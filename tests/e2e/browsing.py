"""What the browser tests do with a page: open one at a size and language, look at it, save it."""

from tests.e2e.tools import ARTIFACTS

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def new_page(browser, viewport=DESKTOP, locale="it-IT"):
    context = browser.new_context(viewport=viewport, locale=locale)
    context.set_default_timeout(10_000)
    return context.new_page()


def screenshot(page, name):
    """Save the whole page as artifacts/screenshots/<name>-<width>.png, for people to look at."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}-{page.viewport_size['width']}.png", full_page=True)


def overflows_sideways(page):
    """Whether the page is wider than the window, so that it scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def tables_cut_off(page):
    """The captions or first headers of the tables whose columns run past their box, to be scrolled to."""
    return page.evaluate("""[...document.querySelectorAll('.table-scroll')]
        .filter(box => box.scrollWidth > box.clientWidth + 1)
        .map(box => (box.querySelector('caption, th') || box).textContent.trim().slice(0, 60))""")
