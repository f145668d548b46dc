"""The visitor's journey with the keyboard alone, checking at every step that the focus can be seen."""

import re

from playwright.sync_api import expect

FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        name: (element.labels && element.labels[0] ? element.labels[0].innerText : element.innerText || "").trim(),
        tag: element.tagName.toLowerCase(),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight,
    };
}"""


def tab_to(page, name, most=150):
    """Press Tab until the element named ``name`` (a pattern) has the focus; each stop must show its focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body":
            continue
        assert focused["outline"], f"no visible focus on {focused}"
        assert focused["inView"], f"focus out of sight on {focused}"
        if re.search(name, focused["name"]):
            return focused
    raise AssertionError(f"never reached {name!r} with Tab")


def test_the_journey_with_the_keyboard_alone(site, page):
    page.goto(site + "/it/")
    skip = tab_to(page, "^Vai al contenuto$")
    assert skip["tag"] == "a"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"

    tab_to(page, "^La strada verso una Lecce a zero emissioni$")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + "/it/progetti/smartencity/")
    page.go_back()
    expect(page).to_have_url(re.compile(re.escape(site) + "/it/(#content)?$"))

    tab_to(page, "^Progetti$")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + "/it/progetti/")

    tab_to(page, r"^Pianificazione energetica \(")
    page.keyboard.press("Space")
    tab_to(page, r"^Invecchiamento attivo e in salute \(")
    page.keyboard.press("Space")
    tab_to(page, "^Anno di inizio, dal$")
    page.keyboard.type("2016")
    tab_to(page, "^Applica i filtri$")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"year_from=2016"))
    expect(page.locator("#results-heading")).to_have_text("1 progetto")
    assert page.locator(".results .card-title").all_inner_texts() == ["PLANHEAT"]

    tab_to(page, "^Azzera i filtri$")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + "/it/progetti/")
    expect(page.locator("#results-heading")).to_have_text("5 progetti")


def test_the_language_switcher_is_reached_and_used_with_the_keyboard(site, page):
    page.goto(site + "/it/progetti/?status=closed")
    tab_to(page, "^English")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + "/en/projects/?status=closed")
