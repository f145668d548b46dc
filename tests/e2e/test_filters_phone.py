"""The filters of the lists on a phone and on a wide screen (issue 19).

On a phone they are folded behind one control, under the count of results, unless a filter is chosen; on a
wide screen they stand open beside the results. A submitted form's address names only what was chosen, with
JavaScript (filters.js) and without (the list sends the browser on).
"""

import re

from playwright.sync_api import expect

from tests.e2e.browsing import PHONE, new_page, screenshot
from tests.e2e.checkers import axe_violations

PROJECTS_IT, PARTNERS_EN = "/it/progetti/", "/en/organisations/"


def filters(page):
    return page.locator("details[data-filters]")


def is_open(page):
    return filters(page).evaluate("details => details.open")


def top(locator):
    return locator.bounding_box()["y"]


def test_on_a_phone_the_filters_are_folded_under_the_count_and_open_on_a_filter(site, phone):
    phone.goto(site + PROJECTS_IT)
    assert not is_open(phone)
    count, control = phone.locator("#results-heading"), filters(phone).locator("summary")
    expect(count).to_have_text("5 progetti")
    expect(control).to_have_text("Filtra i progetti")
    assert top(count) < top(control)
    expect(phone.get_by_label("Stato")).to_be_hidden()
    expect(phone.locator(".results .card-title").first).to_be_in_viewport()  # not 1,700 px of filters away
    assert axe_violations(phone) == []
    screenshot(phone, "filters-closed-it")

    control.click()
    phone.get_by_label("Stato").select_option("closed")
    phone.get_by_label("Anno di inizio, fino al").fill("2015")
    phone.get_by_role("button", name="Applica i filtri").click()
    # Only what was chosen: the blank fields are left out as the form is sent.
    expect(phone).to_have_url(site + PROJECTS_IT + "?status=closed&year_to=2015")
    expect(count).to_have_text("2 progetti")
    assert is_open(phone)
    expect(control).to_contain_text("2")
    assert top(count) < top(control)
    expect(phone.get_by_label("Stato")).to_have_value("closed")
    assert axe_violations(phone) == []
    screenshot(phone, "filters-open-it")


def test_the_filters_fold_and_unfold_with_the_keyboard(site, phone):
    phone.goto(site + PARTNERS_EN)
    control = filters(phone).locator("summary")
    for _ in range(60):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    expect(control).to_be_focused()
    phone.keyboard.press("Enter")
    assert is_open(phone)
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("link", name="Skip the filters, go to the results")).to_be_focused()
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "results"
    screenshot(phone, "filters-partners-en")


def test_without_javascript_the_address_still_ends_up_naming_only_what_was_chosen(site, browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto(site + PARTNERS_EN + "?country=DK")
    assert is_open(page)  # open as sent, since a filter is chosen
    page.get_by_label("Kind").select_option("PUB")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(site + PARTNERS_EN + "?country=DK&kind=PUB")

    page.goto(site + PARTNERS_EN)
    assert not is_open(page)
    page.locator("summary").click()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(site + PARTNERS_EN)
    context.close()


def test_on_a_wide_screen_the_filters_stand_open_beside_the_results(site, browser):
    for language, address, count in [("it", PROJECTS_IT, "5 progetti"), ("en", PARTNERS_EN, re.compile(r"^\d+ organisations$"))]:
        page = new_page(browser, locale=language)
        page.goto(site + address)
        assert is_open(page)
        heading, box = page.locator("#results-heading"), filters(page).bounding_box()
        expect(heading).to_have_text(count)
        expect(page.locator("#id_q")).to_be_visible()
        # The count heads the results column, level with the top of the filters.
        assert heading.bounding_box()["x"] > box["x"] + box["width"]
        assert abs(top(heading) - box["y"]) < 12
        assert axe_violations(page) == []
        screenshot(page, f"filters-{language}")
        page.context.close()
