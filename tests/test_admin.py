"""The admin as editors use it: what opens, who may see what, and the rules that refuse bad data."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from profiles.editors import CONTENT_APPS, EDITORS_GROUP
from profiles.models import Highlight
from projects.models import Organisation, Participation, Project, Role
from tests.factories import (
    image_upload,
    make_highlight,
    make_key_figure,
    make_organisation,
    make_participation,
    make_project,
    make_section,
    make_theme,
)

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    ("projects", "organisation"),
    ("profiles", "profilesection"),
    ("profiles", "highlight"),
    ("profiles", "keyfigure"),
    ("projects", "theme"),
    ("projects", "project"),
    ("projects", "participation"),
]
CONTENT_MODEL_IDS = [model for _, model in CONTENT_MODELS]
CLIENTS = ["admin_client", "editor_client"]


def admin_url(app_label, model_name, view, *args):
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


@pytest.fixture
def content():
    """A little of everything: two organisations, two projects, a theme and the parts of a profile."""
    lecce = make_organisation(name="Comune di Lecce", short_name="Lecce", slug="comune-di-lecce", city="Lecce")
    tecnalia = make_organisation(name="TECNALIA", slug="tecnalia", country="ES", city="Derio", is_published=False)
    ageing = make_theme(name="Active ageing", slug="active-ageing")
    make_theme(name="Energy transition", slug="energy-transition")
    smartencity = make_project(
        acronym="SmartEnCity", title="Towards Smart Zero CO2 Cities", slug="smartencity",
        start_date=datetime.date(2016, 2, 1), end_date=datetime.date(2021, 7, 31),
    )
    smartencity.themes.add(ageing)
    hotmaps = make_project(
        acronym="HOTMAPS", title="Heating and cooling mapping", slug="hotmaps", programme="HORIZON",
        start_date=datetime.date(2016, 10, 1), end_date=datetime.date(2020, 9, 30),
    )
    return {
        "organisation": lecce,
        "other_organisation": tecnalia,
        "theme": ageing,
        "project": smartencity,
        "other_project": hotmaps,
        "participation": make_participation(smartencity, lecce, role=Role.COORDINATOR),
        "other_participation": make_participation(hotmaps, tecnalia),
        "profilesection": make_section(lecce, kind="core", heading="What the city brings", body="It hosts pilots."),
        "other_profilesection": make_section(lecce, kind="evolution", heading="How we changed", body="Slowly."),
        "highlight": make_highlight(lecce, title="A roadmap to zero carbon", project=smartencity),
        "other_highlight": make_highlight(tecnalia, title="Heating plans", is_published=False),
        "keyfigure": make_key_figure(lecce, value="90", label="partner organisations", metric="partners"),
        "other_keyfigure": make_key_figure(lecce, value="17", label="nations involved", metric="countries"),
    }


# What each changelist is searched and filtered by, the row that must show and the row that must not.
CHANGELIST_QUERIES = {
    "organisation": ({"q": "Lecce", "is_published__exact": "1"}, "Comune di Lecce", "TECNALIA"),
    "profilesection": ({"q": "pilots", "kind__exact": "core"}, "What the city brings", "How we changed"),
    "highlight": ({"q": "roadmap", "is_published__exact": "1"}, "A roadmap to zero carbon", "Heating plans"),
    "keyfigure": ({"q": "partner", "metric__exact": "partners"}, "partner organisations", "nations involved"),
    "theme": ({"q": "ageing"}, "Active ageing", "Energy transition"),
    "project": ({"q": "Smart", "status": "closed", "programme__exact": "H2020"}, "SmartEnCity", "HOTMAPS"),
    "participation": ({"q": "Lecce", "role__exact": "coordinator"}, "Comune di Lecce", "TECNALIA"),
}


# ---------------------------------------------------------------------------
# Every content page opens, for a superuser and for an editor


@pytest.mark.parametrize("client_fixture", CLIENTS)
@pytest.mark.parametrize(("app_label", "model_name"), CONTENT_MODELS, ids=CONTENT_MODEL_IDS)
def test_changelist_lists_the_rows(request, client_fixture, app_label, model_name, content):
    client = request.getfixturevalue(client_fixture)
    response = client.get(admin_url(app_label, model_name, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
    page = response.content.decode()
    _, expected, other = CHANGELIST_QUERIES[model_name]
    assert expected in page
    assert other in page


@pytest.mark.parametrize("client_fixture", CLIENTS)
@pytest.mark.parametrize(("app_label", "model_name"), CONTENT_MODELS, ids=CONTENT_MODEL_IDS)
def test_changelist_search_and_filter(request, client_fixture, app_label, model_name, content):
    client = request.getfixturevalue(client_fixture)
    query, expected, unexpected = CHANGELIST_QUERIES[model_name]
    response = client.get(admin_url(app_label, model_name, "changelist"), query)
    # An unknown filter would redirect to ?e=1 instead.
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [content[model_name]]
    page = response.content.decode()
    assert expected in page
    assert unexpected not in page


@pytest.mark.parametrize("client_fixture", CLIENTS)
@pytest.mark.parametrize(("app_label", "model_name"), CONTENT_MODELS, ids=CONTENT_MODEL_IDS)
def test_add_form_opens(request, client_fixture, app_label, model_name):
    client = request.getfixturevalue(client_fixture)
    response = client.get(admin_url(app_label, model_name, "add"))
    assert response.status_code == 200
    assert "<form" in response.content.decode()


@pytest.mark.parametrize(("app_label", "model_name"), CONTENT_MODELS, ids=CONTENT_MODEL_IDS)
def test_change_form_opens_for_an_editor(editor_client, app_label, model_name, content):
    row = content[model_name]
    response = editor_client.get(admin_url(app_label, model_name, "change", row.pk))
    assert response.status_code == 200
    assert response.context["original"] == row
    assert "_save" in response.content.decode()  # the editor may save, not just look


def test_organisation_filter_of_profile_parts(editor_client, content):
    """The parts of a profile can be narrowed to one organisation."""
    lecce = content["organisation"]
    response = editor_client.get(admin_url("profiles", "highlight", "changelist"), {"organisation__id__exact": lecce.pk})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [content["highlight"]]


# ---------------------------------------------------------------------------
# What editors may not touch


@pytest.mark.parametrize(("old", "new"), [
    ("/admin/profiles/organisation/", "/admin/projects/organisation/"),
    ("/admin/profiles/organisation/7/change/?_changelist_filters=q%3DLecce",
     "/admin/projects/organisation/7/change/?_changelist_filters=q%3DLecce"),
])
def test_an_editors_bookmark_of_the_organisations_old_address_still_leads_there(editor_client, old, new):
    response = editor_client.get(old)
    assert response.status_code == 302 and response["Location"] == new


@pytest.mark.parametrize("url_name", [
    "admin:auth_user_changelist", "admin:auth_user_add", "admin:auth_group_changelist", "admin:auth_group_add",
])
def test_editor_is_refused_users_and_groups(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 403


def test_superuser_may_open_users_and_groups(admin_client):
    assert admin_client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:auth_group_changelist")).status_code == 200


def test_admin_index_for_an_editor_lists_only_content(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    listed = {model["object_name"] for app in response.context["app_list"] for model in app["models"]}
    assert listed == {
        "Organisation", "ProfileSection", "Highlight", "KeyFigure", "Theme", "Project", "Participation", "CordisImport",
        "Result", "CordisResult", "Programme", "ContactPoint", "Message", "OpenCall",
    }
    page = response.content.decode()
    assert reverse("admin:auth_user_changelist") not in page
    assert reverse("admin:auth_group_changelist") not in page
    assert ">Users<" not in page
    assert ">Groups<" not in page
    for app_label, model_name in CONTENT_MODELS:
        assert admin_url(app_label, model_name, "changelist") in page
    assert ">Organisations<" in page
    assert ">Projects<" in page


def test_editors_group_holds_exactly_the_content_permissions():
    expected = {
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for app_label in CONTENT_APPS
        for model in apps.get_app_config(app_label).get_models()
        if model._meta.default_permissions  # not the search indexes, which the site keeps itself
        for action in ("add", "change", "delete", "view")
    }
    # Ten kinds of content, the CORDIS imports editors start, the contact point, visitors' messages, open calls.
    assert len(expected) == 4 * 14
    group = Group.objects.get(name=EDITORS_GROUP)
    held = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    assert held == expected


def test_editor_has_the_content_permissions_and_no_others(editor):
    assert editor.has_perm("projects.delete_project")
    assert editor.has_perm("projects.change_organisation")
    assert not editor.has_perm("auth.view_user")
    assert not editor.has_perm("auth.change_group")
    assert not editor.has_perm("auth.add_permission")
    # Only the content apps: nothing from auth, admin, sessions or contenttypes.
    other_types = ContentType.objects.exclude(app_label__in=CONTENT_APPS)
    assert not Permission.objects.filter(group__name=EDITORS_GROUP, content_type__in=other_types).exists()


# ---------------------------------------------------------------------------
# Form data for the admin's add and change forms


def management_form(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def inline_prefixes(client, url):
    """The prefixes of the inline formsets of an admin form, as the page names them."""
    page = client.get(url).content.decode()
    return re.findall(r'name="([\w-]+)-TOTAL_FORMS"', page)


def organisation_data(**fields):
    data = {
        "name_it": "Universidad de Sevilla", "name_en": "", "short_name": "", "slug": "universidad-de-sevilla", "is_published": "on",
        "tagline_it": "", "tagline_en": "", "introduction_it": "", "introduction_en": "", "website": "", "kind": "", "country": "ES", "city_it": "Siviglia",
        "city_en": "Seville",
        "legal_name": "", "pic": "",
    }
    for prefix in ("sections", "highlights", "key_figures"):
        data.update(management_form(prefix))
    data.update(fields)
    return data


def project_data(*participants, **fields):
    """A new project's form data; each participant is a dict of one row of the consortium inline."""
    data = {
        "acronym": "NEWPRJ", "title": "A new project", "slug": "newprj", "is_published": "on",
        "start_date": "2020-01-01", "end_date": "2022-12-31", "total_cost": "1000000.00",
        "eu_contribution": "900000.00", "summary_it": "", "summary_en": "", "objective": "", "keywords": "", "website": "",
        "image_alt_it": "", "image_alt_en": "", "programme": "H2020", "programme_part": "", "call_topic": "", "call_topic_title": "",
        "funding_scheme": "", "declared_consortium_size": "", "declared_country_count": "",
        "cordis_id": "", "cordis_rcn": "",
    }
    data.update(management_form("participations", total=len(participants)))
    data.update(management_form("results"))
    for index, participant in enumerate(participants):
        row = {
            "id": "", "project": "", "role": "participant", "eu_contribution": "",
            "local_role_it": "", "local_role_en": "", "contribution_it": "", "contribution_en": "",
        }
        row.update(participant)
        data.update({f"participations-{index}-{name}": value for name, value in row.items()})
    data.update(fields)
    return data


def participation_data(project, organisation, **fields):
    data = {
        "project": project.pk, "organisation": organisation.pk, "role": "participant", "eu_contribution": "",
        "local_role_it": "", "local_role_en": "", "contribution_it": "", "contribution_en": "",
    }
    data.update(fields)
    return data


def highlight_data(organisation, **fields):
    data = {
        "organisation": organisation.pk, "title_it": "Una nuova notizia", "title_en": "A new highlight",
        "text_it": "Un breve testo.", "text_en": "Some text.", "project": "",
        "image_alt_it": "", "image_alt_en": "", "order": "0", "is_published": "on",
    }
    data.update(fields)
    return data


def page_of(response):
    return response.content.decode()


def test_inline_prefixes_are_the_ones_the_forms_use(editor_client):
    assert inline_prefixes(editor_client, admin_url("projects", "organisation", "add")) == [
        "sections", "highlights", "key_figures",
    ]
    assert inline_prefixes(editor_client, admin_url("projects", "project", "add")) == ["participations", "results"]


def test_valid_project_with_its_consortium_is_saved(editor_client, content):
    lecce, tecnalia = content["organisation"], content["other_organisation"]
    response = editor_client.post(admin_url("projects", "project", "add"), project_data(
        {"organisation": lecce.pk, "role": "coordinator", "eu_contribution": "131961.00"},
        {"organisation": tecnalia.pk},
        themes=[content["theme"].pk],
    ))
    assert response.status_code == 302
    project = Project.objects.get(slug="newprj")
    assert set(project.participations.values_list("organisation__name", "role")) == {
        ("Comune di Lecce", "coordinator"), ("TECNALIA", "participant"),
    }
    assert list(project.themes.all()) == [content["theme"]]


def test_valid_organisation_is_saved(editor_client):
    response = editor_client.post(admin_url("projects", "organisation", "add"), organisation_data())
    assert response.status_code == 302
    assert Organisation.objects.filter(slug="universidad-de-sevilla", city_it="Siviglia", city_en="Seville").exists()


# ---------------------------------------------------------------------------
# Rules that refuse bad data, each with a message on the redisplayed form


def assert_refused(response, message):
    """The form came back (no redirect) with the message on the page."""
    assert response.status_code == 200
    page = page_of(response)
    assert "Please correct the error" in page
    assert message in page


def test_same_organisation_twice_in_a_consortium_is_refused(editor_client, content):
    lecce = content["organisation"]
    response = editor_client.post(admin_url("projects", "project", "add"), project_data(
        {"organisation": lecce.pk, "role": "coordinator"},
        {"organisation": lecce.pk},
    ))
    assert_refused(response, "Please correct the duplicate data for organisation.")
    assert not Project.objects.filter(slug="newprj").exists()


def test_adding_an_organisation_again_to_an_existing_consortium_is_refused(editor_client, content):
    project, lecce = content["project"], content["organisation"]
    participation = content["participation"]
    url = admin_url("projects", "project", "change", project.pk)
    data = project_data(
        {"id": participation.pk, "project": project.pk, "organisation": lecce.pk, "role": "coordinator"},
        {"organisation": lecce.pk},
        acronym=project.acronym, title=project.title, slug=project.slug,
    )
    data.update(management_form("participations", total=2, initial=1))
    response = editor_client.post(url, data)
    assert_refused(response, "Please correct the duplicate data for organisation.")
    assert project.participations.count() == 1


def test_duplicate_participation_through_the_participation_form_is_refused(editor_client, content):
    project, lecce = content["project"], content["organisation"]
    response = editor_client.post(
        admin_url("projects", "participation", "add"), participation_data(project, lecce, local_role="again"),
    )
    assert_refused(response, "This organisation already takes part in this project.")
    assert Participation.objects.filter(project=project, organisation=lecce).count() == 1
    assert not Participation.objects.filter(local_role="again").exists()


def test_end_date_before_start_date_is_refused(editor_client):
    response = editor_client.post(
        admin_url("projects", "project", "add"), project_data(start_date="2020-06-01", end_date="2020-05-31"),
    )
    assert_refused(response, "The end date cannot be before the start date.")
    assert not Project.objects.filter(slug="newprj").exists()


def test_end_date_before_start_date_is_refused_on_change(editor_client, content):
    project = content["project"]
    data = project_data(acronym=project.acronym, title=project.title, slug=project.slug,
                        start_date="2016-02-01", end_date="2015-12-31")
    response = editor_client.post(admin_url("projects", "project", "change", project.pk), data)
    assert_refused(response, "The end date cannot be before the start date.")
    project.refresh_from_db()
    assert project.end_date == datetime.date(2021, 7, 31)


@pytest.mark.parametrize("field", ["total_cost", "eu_contribution"])
def test_negative_project_money_is_refused(editor_client, field):
    response = editor_client.post(admin_url("projects", "project", "add"), project_data(**{field: "-1.00"}))
    assert_refused(response, "Ensure this value is greater than or equal to 0.")
    assert response.context["adminform"].form.errors[field]
    assert not Project.objects.filter(slug="newprj").exists()


def test_negative_participation_contribution_is_refused(editor_client, content):
    project, tecnalia = content["project"], content["other_organisation"]
    response = editor_client.post(
        admin_url("projects", "participation", "add"), participation_data(project, tecnalia, eu_contribution="-5"),
    )
    assert_refused(response, "Ensure this value is greater than or equal to 0.")
    assert not Participation.objects.filter(project=project, organisation=tecnalia).exists()


def test_negative_participation_contribution_in_the_consortium_is_refused(editor_client, content):
    lecce = content["organisation"]
    response = editor_client.post(
        admin_url("projects", "project", "add"), project_data({"organisation": lecce.pk, "eu_contribution": "-5"}),
    )
    assert_refused(response, "Ensure this value is greater than or equal to 0.")
    assert not Project.objects.filter(slug="newprj").exists()


def test_a_second_featured_organisation_is_refused(editor_client, content):
    content["organisation"].is_featured = True
    content["organisation"].save()
    response = editor_client.post(admin_url("projects", "organisation", "add"), organisation_data(is_featured="on"))
    assert_refused(response, "Another organisation is already featured")
    assert not Organisation.objects.filter(slug="universidad-de-sevilla").exists()
    assert list(Organisation.objects.featured()) == [content["organisation"]]


def test_featuring_another_organisation_on_change_is_refused(editor_client, content):
    content["organisation"].is_featured = True
    content["organisation"].save()
    other = make_organisation(name="Politecnico di Bari", slug="poliba")
    data = organisation_data(name=other.name, slug=other.slug, is_featured="on")
    response = editor_client.post(admin_url("projects", "organisation", "change", other.pk), data)
    assert_refused(response, "Another organisation is already featured")
    other.refresh_from_db()
    assert not other.is_featured


def test_the_featured_organisation_must_be_published(editor_client):
    data = organisation_data(is_featured="on")
    del data["is_published"]
    response = editor_client.post(admin_url("projects", "organisation", "add"), data)
    assert_refused(response, "The featured organisation is the home page, so it must be published.")
    assert not Organisation.objects.exists()


def test_a_text_file_is_not_accepted_as_a_logo(editor_client):
    fake = SimpleUploadedFile("logo.png", b"This is not a picture at all.", content_type="image/png")
    response = editor_client.post(admin_url("projects", "organisation", "add"), organisation_data(logo=fake))
    assert_refused(response, "This file is not a picture that can be read")
    assert not Organisation.objects.exists()


def test_an_image_over_10_mb_is_refused(editor_client):
    huge = image_upload("logo.png", size=(2000, 1800), noise=True)
    assert huge.size > 10 * 1024 * 1024
    response = editor_client.post(admin_url("projects", "organisation", "add"), organisation_data(logo=huge))
    assert_refused(response, "the largest file accepted is")
    assert not Organisation.objects.exists()


def test_an_image_over_40_megapixels_is_refused(editor_client):
    wide = image_upload("logo.png", size=(8000, 5001))
    assert wide.size < 10 * 1024 * 1024  # small on disk: only the pixel count is wrong
    response = editor_client.post(admin_url("projects", "organisation", "add"), organisation_data(logo=wide))
    # "megapixels" alone is in the field's help text too, so look for the numbers of this image.
    assert_refused(response, "8000 × 5001 pixels (40.0 megapixels)")
    assert "the largest accepted is 40 megapixels" in page_of(response)
    assert not Organisation.objects.exists()


def test_a_highlight_image_needs_a_description(editor_client, content):
    lecce = content["organisation"]
    response = editor_client.post(
        admin_url("profiles", "highlight", "add"), highlight_data(lecce, image=image_upload(), image_alt_it="  "),
    )
    assert_refused(response, "Describe the image")
    assert not Highlight.objects.filter(title="A new highlight").exists()


def test_a_highlight_image_needs_a_description_in_the_profile_form(editor_client, content):
    lecce = content["organisation"]
    data = organisation_data(name=lecce.name, slug=lecce.slug)
    data.update(management_form("highlights", total=1))
    data.update({
        "highlights-0-id": "", "highlights-0-organisation": lecce.pk, "highlights-0-title_it": "Notizia",
        "highlights-0-title_en": "Inline highlight", "highlights-0-text_it": "Testo.", "highlights-0-text_en": "Text.",
        "highlights-0-order": "0", "highlights-0-is_published": "on",
        "highlights-0-project": "", "highlights-0-image": image_upload(), "highlights-0-image_alt_it": "",
    })
    response = editor_client.post(admin_url("projects", "organisation", "change", lecce.pk), data)
    assert_refused(response, "Describe the image")
    assert not Highlight.objects.filter(title="Inline highlight").exists()


def test_a_project_image_needs_a_description(editor_client):
    response = editor_client.post(admin_url("projects", "project", "add"), project_data(image=image_upload()))
    assert_refused(response, "Describe the image")
    assert not Project.objects.filter(slug="newprj").exists()


def test_a_highlight_image_with_a_description_is_saved(editor_client, content):
    lecce = content["organisation"]
    response = editor_client.post(
        admin_url("profiles", "highlight", "add"),
        highlight_data(lecce, image=image_upload("roadmap.jpg", image_format="JPEG"), image_alt_it="A map of Lecce"),
    )
    assert response.status_code == 302
    highlight = Highlight.objects.get(title="A new highlight")
    assert re.fullmatch(r"highlights/[0-9a-f]{32}\.jpg", highlight.image.name)
    assert highlight.image_alt == "A map of Lecce"


def test_a_valid_logo_is_saved_and_shown_in_the_list(editor_client):
    response = editor_client.post(
        admin_url("projects", "organisation", "add"), organisation_data(logo=image_upload("sevilla.png")),
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="universidad-de-sevilla")
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", organisation.logo.name)
    assert organisation.logo.storage.exists(organisation.logo.name)

    page = page_of(editor_client.get(admin_url("projects", "organisation", "changelist")))
    assert f'<img class="thumbnail" src="{organisation.logo.url}"' in page


# ---------------------------------------------------------------------------
# Editing in the list, links to the site, autocomplete


def test_editor_unpublishes_a_highlight_from_the_list(editor_client, content):
    highlight = content["highlight"]
    changelist = admin_url("profiles", "highlight", "changelist")
    query = {"organisation__id__exact": highlight.organisation_id}
    listed = editor_client.get(changelist, query).context["cl"].result_list
    assert list(listed) == [highlight]
    data = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(highlight.pk),
        # An unticked box is simply not sent.
        "_save": "Save",
    }
    response = editor_client.post(f"{changelist}?organisation__id__exact={highlight.organisation_id}", data)
    assert response.status_code == 302
    highlight.refresh_from_db()
    assert not highlight.is_published
    content["other_highlight"].refresh_from_db()
    assert content["other_highlight"].title == "Heating plans"


def test_editor_publishes_an_organisation_from_the_list(editor_client, content):
    tecnalia = content["other_organisation"]
    changelist = admin_url("projects", "organisation", "changelist")
    data = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(tecnalia.pk), "form-0-is_published": "on", "_save": "Save",
    }
    response = editor_client.post(f"{changelist}?q=TECNALIA", data)
    assert response.status_code == 302
    tecnalia.refresh_from_db()
    assert tecnalia.is_published


def test_project_change_page_links_to_the_site(editor_client, content):
    project = content["project"]
    response = editor_client.get(admin_url("projects", "project", "change", project.pk))
    assert response.status_code == 200
    link = re.search(r'<a href="([^"]+)" class="viewsitelink"', page_of(response))
    assert link, "no “View on site” link"
    content_type = ContentType.objects.get_for_model(Project)
    assert link.group(1) == reverse("admin:view_on_site", args=[content_type.pk, project.pk])
    assert "/r/" in link.group(1)

    redirect = editor_client.get(link.group(1))
    assert redirect.status_code == 302
    assert redirect["Location"].endswith(project.get_absolute_url())


def autocomplete(client, app_label, model_name, field_name, term):
    return client.get(reverse("admin:autocomplete"), {
        "app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term,
    })


def test_organisation_autocomplete_for_participations(editor_client, content):
    response = autocomplete(editor_client, "projects", "participation", "organisation", "Lecce")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"] == [{"id": str(content["organisation"].pk), "text": "Comune di Lecce"}]


def test_project_autocomplete_for_highlights(editor_client, content):
    response = autocomplete(editor_client, "profiles", "highlight", "project", "hot")
    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(content["other_project"].pk)]


def test_autocomplete_needs_a_staff_login(client, content):
    response = autocomplete(client, "projects", "participation", "organisation", "Lecce")
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


# The admin's querysets count related rows; a GROUP BY query drops Meta.ordering, so the
# admins set their ordering explicitly. Without it the autocomplete pages an unordered list.
@pytest.mark.parametrize(("app_label", "model_name", "field_name"), [
    ("projects", "participation", "organisation"),
    ("projects", "participation", "project"),
    ("projects", "project", "themes"),
], ids=["organisation", "project", "theme"])
def test_autocomplete_lists_choices_in_order(editor_client, content, app_label, model_name, field_name):
    response = autocomplete(editor_client, app_label, model_name, field_name, "")
    assert response.status_code == 200
    texts = [result["text"] for result in response.json()["results"]]
    assert len(texts) == 2
    if field_name == "project":  # newest first, as in the project list
        projects = sorted(Project.objects.all(), key=lambda project: project.start_date, reverse=True)
        assert texts == [str(project) for project in projects]
    else:
        assert texts == sorted(texts)
