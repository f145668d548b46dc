"""Editors put a profile's sections, highlights and key figures in order: by dragging (django-admin-sortable2), or by number."""

import json
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.staticfiles import finders
from django.urls import reverse
from reversion.models import Version

from profiles.models import Highlight, KeyFigure, ProfileSection
from tests.factories import make_highlight, make_key_figure, make_organisation, make_section
from tests.test_admin import admin_url, page_of
from tests.test_history import form_data

pytestmark = pytest.mark.django_db

PARTS = [
    ("profilesection", ProfileSection, make_section, "sections"),
    ("highlight", Highlight, make_highlight, "highlights"),
    ("keyfigure", KeyFigure, make_key_figure, "key_figures"),
]


@pytest.fixture
def lecce():
    return make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)


@pytest.fixture
def sections(lecce):
    """Three sections of Lecce's profile, numbered as an editor might have: with a gap and a repeat."""
    return [
        make_section(lecce, heading=heading, heading_it=heading, body_it="Testo.", order=order)
        for heading, order in [("Core work of the city", 1), ("Where Lecce tested ideas", 5),
                               ("How Lecce works in a consortium", 5)]
    ]


def headings_on_the_profile(client, organisation, headings):
    """The headings, in the order the public profile shows them."""
    page = page_of(client.get(organisation.get_absolute_url()))
    shown = re.findall(r"<h[2-4][^>]*>\s*([^<]+?)\s*</h[2-4]>", page)
    return [heading for heading in shown if heading in headings]


def drag(client, model_name, *rows):
    """What the changelist's script posts when a row is dropped: the rows from there to the drop, in their new order."""
    return client.post(
        reverse(f"admin:profiles_{model_name}_sortable_update"),
        json.dumps({"updatedItems": [[str(row.pk), number] for number, row in enumerate(rows, 1)]}),
        content_type="application/json",
    )


def orders(model, organisation):
    return list(model.objects.filter(organisation=organisation).order_by("order", "pk").values_list("pk", "order"))


def test_an_editor_drags_a_section_to_the_top_and_the_profile_follows(editor_client, client, lecce, sections):
    first, second, third = sections

    response = drag(editor_client, "profilesection", third, first, second)

    assert response.status_code == 200
    assert orders(ProfileSection, lecce) == [(third.pk, 1), (first.pk, 2), (second.pk, 3)]
    assert headings_on_the_profile(client, lecce, [s.heading for s in sections]) == [
        third.heading, first.heading, second.heading]


def test_dragging_renumbers_only_the_dragged_rows_organisation(editor_client, lecce, sections):
    other = make_organisation(name="Universidad de Sevilla")
    theirs = [make_section(other, heading="Uno", order=0), make_section(other, heading="Dos", order=0)]
    first, second, third = sections

    assert drag(editor_client, "profilesection", second, first).status_code == 200

    assert orders(ProfileSection, lecce) == [(second.pk, 1), (first.pk, 2), (third.pk, 3)]
    assert orders(ProfileSection, other) == [(theirs[0].pk, 0), (theirs[1].pk, 0)]  # untouched


def test_rows_all_on_the_same_number_can_be_dragged(editor_client, lecce):
    """The numbers the browser works out from its neighbours' would be 0, -1, -2 here: the order posted is what counts."""
    rows = [make_section(lecce, heading=f"Section {n}", order=0) for n in range(3)]

    response = editor_client.post(
        reverse("admin:profiles_profilesection_sortable_update"),
        json.dumps({"updatedItems": [[str(rows[2].pk), 0], [str(rows[0].pk), -1], [str(rows[1].pk), -2]]}),
        content_type="application/json",
    )

    assert response.status_code == 200
    assert orders(ProfileSection, lecce) == [(rows[2].pk, 1), (rows[0].pk, 2), (rows[1].pk, 3)]


@pytest.mark.parametrize("model_name, model, make, _prefix", PARTS)
def test_highlights_and_key_figures_are_dragged_too(editor_client, lecce, model_name, model, make, _prefix):
    first, second = make(lecce, order=1), make(lecce, order=2)

    assert drag(editor_client, model_name, second, first).status_code == 200

    assert orders(model, lecce) == [(second.pk, 1), (first.pk, 2)]


def test_a_drag_is_recorded_in_the_history_under_the_editors_name(editor_client, editor, lecce, sections):
    first, second, third = sections
    drag(editor_client, "profilesection", second, first)

    version = Version.objects.get_for_object(second).first()
    assert version.revision.user == editor
    assert version.revision.comment == "Reordered by dragging."


def test_dragging_needs_the_permission_to_change(client, lecce, sections):
    viewer = User.objects.create_user("viewer", password="a long viewer password", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_profilesection"))
    client.force_login(viewer)

    assert drag(client, "profilesection", sections[2], sections[0]).status_code == 403
    assert orders(ProfileSection, lecce) == [(sections[0].pk, 1), (sections[1].pk, 5), (sections[2].pk, 5)]


def test_the_changelist_offers_handles_to_drag_when_listed_in_order(editor_client, sections):
    page = page_of(editor_client.get(admin_url("profiles", "profilesection", "changelist")))

    assert page.count('class="drag handle"') == 3
    assert reverse("admin:profiles_profilesection_sortable_update") in page
    # The library's own script and styles, served by the site itself.
    assert re.search(r'<script src="/static/adminsortable2/js/adminsortable2(\.min)?\.js"', page)
    assert '<link href="/static/adminsortable2/css/sortable.css"' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_the_changelist_sorted_by_another_column_offers_no_handles(editor_client, sections):
    url = admin_url("profiles", "profilesection", "changelist")
    page = page_of(editor_client.get(url, {"o": "2"}))  # by heading

    assert 'class="drag handle"' not in page
    assert page.count('<div class="drag">') == 3


def test_the_librarys_move_to_page_actions_are_not_offered(editor_client, lecce, settings):
    for n in range(3):
        make_section(lecce, heading=f"Section {n}", order=n)
    page = page_of(editor_client.get(admin_url("profiles", "profilesection", "changelist"), {"p": "1"}))
    assert "move_to_" not in page


@pytest.mark.parametrize("prefix", ["sections", "highlights", "key_figures"])
def test_the_order_number_stays_a_labelled_field_in_the_organisation_form(editor_client, lecce, prefix):
    make_section(lecce), make_highlight(lecce), make_key_figure(lecce)

    page = page_of(editor_client.get(admin_url("projects", "organisation", "change", lecce.pk)))

    field = re.search(rf'<input type="number" name="{prefix}-0-order" value="\d+"[^>]*>', page)
    assert field and 'class="_reorder_' in field[0]
    # The library's script makes the rows of a fieldset "sortable" draggable, and fills in their numbers.
    assert re.search(rf'<fieldset class="module sortable[^"]*" aria-labelledby="{prefix}-heading">', page)
    if prefix != "key_figures":  # stacked: a label beside the field; tabular: the column's header
        assert re.search(rf'<label class="required[^"]*" for="id_{prefix}-0-order">Order:</label>', page)


def test_the_order_number_stays_in_the_form_of_a_part_edited_on_its_own(editor_client, lecce, sections):
    page = page_of(editor_client.get(admin_url("profiles", "profilesection", "change", sections[0].pk)))
    assert re.search(r'<input type="number" name="order" value="1"', page)
    assert '<label class="required inline" for="id_order">Order:</label>' in page


def organisation_form_data(client, organisation):
    url = admin_url("projects", "organisation", "change", organisation.pk)
    data = form_data(client, url)
    data["name_it"] = [organisation.name]  # the form's required Italian name, where the factory wrote the English
    return url, data


def test_an_editor_reorders_by_number_in_the_organisation_form_and_the_profile_follows(
        editor_client, client, lecce, sections):
    url, data = organisation_form_data(editor_client, lecce)
    numbers = {section.pk: number for section, number in zip(sections, [3, 1, 2], strict=True)}
    for index in range(3):
        data[f"sections-{index}-order"] = [str(numbers[int(data[f"sections-{index}-id"][0])])]

    response = editor_client.post(url, data)

    assert response.status_code == 302
    first, second, third = sections
    assert orders(ProfileSection, lecce) == [(second.pk, 1), (third.pk, 2), (first.pk, 3)]
    assert headings_on_the_profile(client, lecce, [s.heading for s in sections]) == [
        second.heading, third.heading, first.heading]


def test_an_emptied_order_number_is_an_error_to_correct(editor_client, lecce, sections):
    url, data = organisation_form_data(editor_client, lecce)
    data["sections-0-order"] = [""]

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "This field is required." in page_of(response)


def test_an_editor_reorders_by_number_in_the_form_of_a_section(editor_client, client, lecce, sections):
    first, second, third = sections
    url = admin_url("profiles", "profilesection", "change", first.pk)
    data = form_data(editor_client, url)
    data["order"] = ["9"]

    assert editor_client.post(url, data).status_code == 302

    first.refresh_from_db()
    assert first.order == 9  # the number as written, not one of the library's
    assert headings_on_the_profile(client, lecce, [s.heading for s in sections]) == [
        second.heading, third.heading, first.heading]


def test_a_new_section_left_at_0_goes_last_and_one_given_a_number_keeps_it(editor_client, lecce, sections):
    data = {"organisation": lecce.pk, "kind": "other", "heading_it": "Nuova", "heading_en": "New", "body_it": "Testo.",
            "body_en": "Text.", "is_published": "on"}

    assert editor_client.post(admin_url("profiles", "profilesection", "add"), {**data, "order": "0"}).status_code == 302
    assert ProfileSection.objects.get(heading_en="New").order == 6

    data.update(heading_en="Newer", order="2")
    assert editor_client.post(admin_url("profiles", "profilesection", "add"), data).status_code == 302
    assert ProfileSection.objects.get(heading_en="Newer").order == 2


def test_a_new_section_in_the_organisation_form_left_at_0_goes_last(editor_client, lecce, sections):
    url, data = organisation_form_data(editor_client, lecce)
    data.update({
        "sections-TOTAL_FORMS": ["4"], "sections-3-id": [""], "sections-3-organisation": [str(lecce.pk)],
        "sections-3-kind": ["other"], "sections-3-order": ["0"], "sections-3-is_published": ["on"],
        "sections-3-heading_it": ["Nuova"], "sections-3-heading_en": ["New"], "sections-3-body_it": ["Testo."],
        "sections-3-body_en": ["Text."],
    })

    assert editor_client.post(url, data).status_code == 302

    assert ProfileSection.objects.get(heading_en="New").order == 6


def test_the_librarys_files_are_found_among_the_sites_static_files():
    """Collected with the rest (collectstatic), so that no page loads them from elsewhere."""
    for name in ["adminsortable2/js/adminsortable2.min.js", "adminsortable2/css/sortable.css",
                 "adminsortable2/icons/drag.png"]:
        assert finders.find(name), name
