"""An editor at work in the admin, with an Italian browser, checking each change on the public site."""

import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from profiles.editors import give_editors_their_permissions
from projects.models import Organisation, Project
from tests.e2e.browsing import new_page, overflows_sideways

PASSWORD = "a long editor password"


@pytest.fixture
def editor_account(site):
    # The live server's tests empty every table after them, the Editors group of the migrations too.
    editors = give_editors_their_permissions(Group, Permission)
    user = User.objects.create_user("redattrice", "redattrice@example.org", PASSWORD, is_staff=True)
    user.groups.add(editors)
    return user


@pytest.fixture
def logo(tmp_path):
    path = tmp_path / "stemma-lecce.png"
    Image.new("RGB", (120, 120), (0, 102, 204)).save(path)
    return path


def log_in(page, site):
    page.goto(site + "/admin/")
    page.get_by_label("Nome utente").fill("redattrice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gestione del profilo e del portafoglio progetti")


def test_an_editor_changes_the_profile_and_sees_each_change_on_the_site(site, page, browser, editor_account, logo):
    log_in(page, site)

    page.get_by_role("link", name="Organizzazioni", exact=True).click()
    page.get_by_role("link", name="Comune di Lecce", exact=True).click()
    page.locator("[name=sections-0-heading_it]").fill("Una città aperta alla ricerca")
    page.locator("[name=logo]").set_input_files(logo)
    page.get_by_role("button", name="Salva", exact=True).first.click()
    expect(page.locator(".messagelist .success")).to_have_text("Modifiche salvate: organizzazione “Comune di Lecce”.")

    page.get_by_role("link", name="Home", exact=True).click()  # the admin's index leads to every model
    page.get_by_role("link", name="Notizie in evidenza").first.click()
    row = page.get_by_role("row").filter(has_text="La strada verso una Lecce a zero emissioni")
    row.locator("input[type=checkbox][name$='-is_published']").uncheck()
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    visitor = new_page(browser)
    visitor.goto(site + "/it/")
    expect(visitor.get_by_role("heading", name="Una città aperta alla ricerca")).to_be_visible()
    expect(visitor.get_by_role("heading", name="Una città vera in cui mettere alla prova le idee")).to_have_count(0)
    expect(visitor.get_by_text("La strada verso una Lecce a zero emissioni")).to_have_count(0)
    expect(visitor.get_by_role("link", name="Caldo e freddo: pianificare per un'intera città")).to_be_visible()
    expect(visitor.get_by_role("img", name=re.compile("^Logo di Comune di Lecce"))).to_have_attribute(
        "src", re.compile(r"/media/logos/[0-9a-f]{32}\.png$"))

    # The editor changed the Italian heading only: the English page keeps its own.
    visitor.goto(site + "/en/")
    expect(visitor.get_by_role("heading", name="Una città aperta alla ricerca")).to_have_count(0)
    expect(visitor.get_by_role("heading", name="A real city to test ideas in")).to_be_visible()
    visitor.context.close()


def test_the_admin_works_under_the_content_security_policy(site, page, editor_account, logo):
    """No page of the editors' path breaks a rule of the policy (the browser reports each in the console)."""
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    log_in(page, site)
    page.get_by_role("link", name="Organizzazioni", exact=True).click()
    page.get_by_role("link", name="Comune di Lecce", exact=True).click()
    for heading in ["Una città aperta", "Una città aperta alla ricerca"]:
        page.locator("[name=sections-0-heading_it]").fill(heading)
        page.get_by_role("button", name="Salva e continua le modifiche").first.click()
    page.get_by_role("link", name="Cronologia").click()
    page.get_by_role("button", name="confronta").click()
    expect(page.get_by_text("Una città aperta alla ricerca").first).to_be_visible()
    for path in ["/admin/projects/project/", "/admin/projects/project/recover/", "/admin/projects/project/import/",
                 "/admin/projects/project/add/", "/admin/profiles/keyfigure/"]:
        page.goto(site + path)
    assert refused == []


@pytest.mark.parametrize("model, lookup", [
    (Project, {"slug": "smartencity"}),  # its consortium, in a table of eight columns
    (Organisation, {"is_featured": True}),  # its key figures, sections and highlights
])
def test_the_admin_pages_of_an_item_fit_a_1280_pixel_screen(site, page, editor_account, model, lookup):
    """A project's page was 2,965 px wide: "Published" and "Delete" hid past the edge while "Save" showed (issue 19)."""
    log_in(page, site)
    item = model.objects.get(**lookup)
    page.goto(site + reverse(f"admin:projects_{model._meta.model_name}_change", args=[item.pk]))
    assert page.viewport_size["width"] == 1280
    assert not overflows_sideways(page)
    delete = page.locator(".inline-group .tabular td.delete input[type=checkbox]").first
    box = delete.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280


@pytest.mark.parametrize("path", ["/admin/projects/organisation/", "/admin/profiles/highlight/"])
def test_a_list_fits_a_1280_pixel_screen_under_its_whole_title(site, page, editor_account, path):
    """The organisations' list ran to 967 px in a box of 631, "Pubblicato" past its edge; the highlights' to 1,531;
    and the Italian buttons covered the title (issue 19)."""
    log_in(page, site)
    page.goto(site + path)
    assert not overflows_sideways(page)
    assert page.evaluate("""(() => { const box = document.querySelector('#changelist .results');
        return box.scrollWidth <= box.clientWidth + 1; })()""")
    title = page.get_by_role("heading", level=1).bounding_box()
    tools = page.locator(".object-tools").bounding_box()
    assert tools["y"] >= title["y"] + title["height"] or tools["x"] >= title["x"] + title["width"]
