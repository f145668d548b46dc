"""An editor puts a profile's sections in order by dragging them, in the list and in the organisation's page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from profiles.models import ProfileSection
from projects.models import Organisation
from tests.e2e.browsing import overflows_sideways
from tests.e2e.test_editor import editor_account as editor_account  # noqa: F401, PLC0414 - the fixture
from tests.e2e.test_editor import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def headings_in_order(organisation):
    return list(ProfileSection.objects.filter(organisation=organisation).order_by("order", "pk")
                .values_list("heading_it", flat=True))


def test_an_editor_drags_a_section_above_another_in_the_organisations_page(site, page, editor_account):
    lecce = Organisation.objects.get(is_featured=True)
    before = headings_in_order(lecce)
    log_in(page, site)
    page.goto(site + reverse("admin:projects_organisation_change", args=[lecce.pk]))
    assert not overflows_sideways(page)

    sections = page.locator("#sections-group .inline-related.has_original")
    # The bar of each section is the handle to drag it by; its number stays a labelled field beside.
    dragged = sections.nth(2).get_attribute("id")
    # Tall enough for both bars to be in sight, the first at the top: the drag does not scroll.
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.evaluate("window.scrollBy(0, document.querySelector('#sections-0 h3').getBoundingClientRect().top - 20)")
    source, target = sections.nth(2).locator("h3").bounding_box(), sections.nth(0).locator("h3").bounding_box()
    page.mouse.move(source["x"] + 5, source["y"] + 5)
    page.mouse.down()
    page.mouse.move(target["x"] + 5, target["y"] + 2, steps=20)
    page.mouse.up()
    expect(sections.nth(0)).to_have_id(dragged)
    # The script fills in the numbers, in the fields an editor without a mouse types them in.
    numbers = page.locator("#sections-group .has_original input[name$='-order']")
    assert [numbers.nth(n).input_value() for n in range(3)] == ["1", "2", "3"]
    expect(page.get_by_label("Ordine:").first).to_have_value("1")
    page.get_by_role("button", name="Salva", exact=True).first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    assert headings_in_order(lecce) == [before[2], before[0], before[1], *before[3:]]


def test_an_editor_drags_a_section_above_another_in_the_list(site, page, editor_account):
    lecce = Organisation.objects.get(is_featured=True)
    before = headings_in_order(lecce)
    log_in(page, site)
    page.goto(site + reverse("admin:profiles_profilesection_changelist"))
    assert not overflows_sideways(page)

    handles = page.locator("#result_list .drag.handle")
    expect(handles).to_have_count(len(before))
    with page.expect_response(lambda response: "adminsortable2_update" in response.url) as update:
        handles.nth(1).drag_to(handles.nth(0))
    assert update.value.status == 200

    assert headings_in_order(lecce) == [before[1], before[0], *before[2:]]
