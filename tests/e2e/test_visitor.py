"""A visitor on the site with a mouse: from the profile to a project, then through the project filters."""

import re

from playwright.sync_api import expect

from tests.e2e.browsing import new_page, overflows_sideways

FILTERS = "?theme=energy-planning&theme=active-healthy-ageing&year_from=2016"


def result_titles(page):
    return page.locator(".results .card-title").all_inner_texts()


def main_menu(page, name="Menu principale"):
    return page.get_by_role("navigation", name=name)


def test_a_visitor_follows_a_highlight_and_filters_the_projects(site, page, browser):
    page.goto(site + "/it/")
    page.get_by_role("link", name="La strada verso una Lecce a zero emissioni").click()
    expect(page).to_have_url(site + "/it/progetti/smartencity/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^SmartEnCity"))

    page.go_back()
    expect(page).to_have_url(site + "/it/")
    main_menu(page).get_by_role("link", name="Progetti").click()
    expect(page.locator("#results-heading")).to_have_text("5 progetti")

    page.get_by_label(re.compile(r"^Pianificazione energetica \(")).check()
    page.get_by_label(re.compile(r"^Invecchiamento attivo e in salute \(")).check()
    page.get_by_label("Anno di inizio, dal").fill("2016")
    page.get_by_role("button", name="Applica i filtri").click()
    expect(page.locator("#results-heading")).to_have_text("1 progetto")
    assert result_titles(page) == ["PLANHEAT"]

    shared = page.url
    assert "year_from=2016" in shared and "theme=energy-planning" in shared
    other = new_page(browser)
    other.goto(shared)
    assert result_titles(other) == ["PLANHEAT"]
    expect(other.get_by_label("Anno di inizio, dal")).to_have_value("2016")
    other.context.close()

    page.get_by_role("link", name="Azzera i filtri").click()
    expect(page).to_have_url(site + "/it/progetti/")
    expect(page.locator("#results-heading")).to_have_text("5 progetti")


def test_switching_language_keeps_the_page_and_its_filters(site, page):
    page.goto(site + "/it/progetti/" + FILTERS)
    assert result_titles(page) == ["PLANHEAT"]
    page.get_by_role("navigation", name="Lingua").get_by_role("link", name="English").click()
    expect(page).to_have_url(site + "/en/projects/" + FILTERS)
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.locator("#results-heading")).to_have_text("1 project")
    assert result_titles(page) == ["PLANHEAT"]

    page.goto(site + "/en/projects/smartencity/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Italiano").click()
    expect(page).to_have_url(site + "/it/progetti/smartencity/")
    expect(page.get_by_role("heading", name="Informazioni sul progetto")).to_be_visible()


def test_on_a_phone_the_menu_and_the_filters_work_and_nothing_scrolls_sideways(site, phone):
    phone.goto(site + "/it/")
    assert not overflows_sideways(phone)
    menu = main_menu(phone)
    for name in ["Profilo", "Progetti", "Partner"]:
        expect(menu.get_by_role("link", name=name)).to_be_in_viewport()
    menu.get_by_role("link", name="Progetti").click()
    expect(phone).to_have_url(site + "/it/progetti/")
    assert not overflows_sideways(phone)

    phone.get_by_text("Filtra i progetti").click()  # folded on a phone, behind one control
    phone.get_by_label("Stato").select_option("closed")
    phone.get_by_label("Anno di inizio, fino al").fill("2015")
    phone.get_by_role("button", name="Applica i filtri").click()
    expect(phone.locator("#results-heading")).to_have_text("2 progetti")
    assert sorted(result_titles(phone)) == ["City4Age", "TRILLION"]
    assert not overflows_sideways(phone)

    phone.get_by_role("link", name="City4Age").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(re.compile(r"^City4Age"))
    assert not overflows_sideways(phone)
