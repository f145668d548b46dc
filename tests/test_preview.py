"""Editors' previews of unpublished pages (issue 19): an editor opens the page of an unpublished project,
organisation or call, marked as not public and kept by no cache; everyone else still meets a 404, and the
unpublished row stays out of the sitemaps, feeds, exports, API and search."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_max_age

from calls.models import OpenCall
from projects.models import Project
from tests.factories import count_queries, make_organisation, make_participation, make_project
from tests.test_exports_xlsx import read_xlsx

pytestmark = pytest.mark.django_db

BANNER = "Preview:</strong> this page is not public. Only editors can see it."
NOINDEX = '<meta name="robots" content="noindex">'
PORTAL = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/"


def make_call(organisation, identifier, **fields):
    fields.setdefault("deadline", timezone.localdate() + datetime.timedelta(days=30))
    return OpenCall.objects.create(
        organisation=organisation, identifier=identifier, title_en=f"Call {identifier}", title_it=f"Bando {identifier}",
        offer_en="A pilot district.", offer_it="Un quartiere pilota.", programme_id="HORIZON",
        url=PORTAL + identifier, **fields,
    )


@pytest.fixture
def site():
    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)
    tecnalia = make_organisation(name="TECNALIA Research Srl", slug="tecnalia", country="ES")
    hidden = make_organisation(name="Hidden Partner Srl", slug="hidden-partner", is_published=False)
    public = make_project(acronym="PLANHEAT", slug="planheat")
    draft = make_project(acronym="DRAFTPRJ", slug="draft-prj", is_published=False)
    for project in (public, draft):
        make_participation(project, lecce, role="participant")
        make_participation(project, tecnalia, role="coordinator")
        make_participation(project, hidden)
    return {
        "lecce": lecce, "tecnalia": tecnalia, "hidden": hidden, "public": public, "draft": draft,
        "open_call": make_call(lecce, "HORIZON-OPEN-2026-01"),
        "draft_call": make_call(lecce, "HORIZON-DRAFT-2026-01", is_published=False),
        "closed_draft_call": make_call(
            lecce, "HORIZON-GONE-2025-01", is_published=False,
            deadline=timezone.localdate() - datetime.timedelta(days=3),
        ),
    }


def unpublished_pages(site):
    """Each unpublished thing's page, with the admin page its banner links to."""
    return [
        (site["draft"].get_absolute_url(), reverse("admin:projects_project_change", args=[site["draft"].pk])),
        (site["hidden"].get_absolute_url(), reverse("admin:projects_organisation_change", args=[site["hidden"].pk])),
        (site["draft_call"].get_absolute_url(), reverse("admin:calls_opencall_change", args=[site["draft_call"].pk])),
    ]


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def body(response):
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.fixture
def anonymous():
    """A visitor beside the editor (``editor_client`` is the ``client`` signed in)."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def page_cache(settings):
    settings.CACHE_PUBLIC_PAGES = True


# The page itself --------------------------------------------------------------------------------------------


def test_an_editor_sees_an_unpublished_page_marked_as_a_preview_and_never_cached(editor_client, site):
    for url, admin_url in unpublished_pages(site):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert BANNER in html
        assert f'<a href="{admin_url}">Edit it in the admin</a>' in html
        assert NOINDEX in html
        assert {"private", "no-store"} <= cache_control(response)
        assert get_max_age(response) is None


def test_the_banner_opens_the_main_content_in_each_language(editor_client, site):
    for url in ("/en/projects/draft-prj/", "/it/progetti/draft-prj/", "/it/organizzazioni/hidden-partner/"):
        html = editor_client.get(url).content.decode()
        main = html[html.index('<main id="content"'):]
        # First in the main content, before the breadcrumbs and the page's heading.
        assert main.index('class="message preview-banner"') < main.index("<nav") < main.index("<h1")


def test_the_preview_shows_the_page_as_the_public_will_see_it_with_only_published_partners(editor_client, site):
    response = editor_client.get("/en/projects/draft-prj/")
    html = response.content.decode()
    assert "DRAFTPRJ" in html and "TECNALIA" in html and "Comune di Lecce" in html
    assert "Hidden Partner" not in html
    assert [p.organisation.slug for p in response.context["project"].participations.all()] == ["tecnalia", "comune-di-lecce"]


def test_an_unpublished_organisations_preview_lists_only_published_projects(editor_client, site):
    html = editor_client.get("/en/organisations/hidden-partner/").content.decode()
    assert "Hidden Partner Srl" in html and BANNER in html
    assert "PLANHEAT" in html and "DRAFTPRJ" not in html


def test_a_closed_unpublished_call_previews_as_the_closed_page(editor_client, anonymous, site):
    url = site["closed_draft_call"].get_absolute_url()
    response = editor_client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert BANNER in html and html.count(NOINDEX) == 1  # said once, though closed and a preview
    assert {"private", "no-store"} <= cache_control(response)
    assert anonymous.get(url).status_code == 404


def test_an_editor_on_a_published_page_sees_it_as_the_public_does(editor_client, site):
    for url in (site["public"].get_absolute_url(), site["tecnalia"].get_absolute_url(),
                site["open_call"].get_absolute_url(), "/en/"):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert BANNER not in html and NOINDEX not in html
        assert "no-store" not in cache_control(response)


def test_a_published_project_on_an_editors_screen_keeps_hiding_its_unpublished_partner(editor_client, site):
    html = editor_client.get("/en/projects/planheat/").content.decode()
    assert "TECNALIA" in html and "Hidden Partner" not in html


def test_a_viewer_may_preview_and_is_led_to_the_admins_read_only_page(client, site):
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_project", content_type__app_label="projects"))
    client.force_login(viewer)
    html = client.get("/en/projects/draft-prj/").content.decode()
    admin_url = reverse("admin:projects_project_change", args=[site["draft"].pk])
    assert f'<a href="{admin_url}">See it in the admin</a>' in html
    # Only what the permission covers: organisations are not projects.
    assert client.get("/en/organisations/hidden-partner/").status_code == 404


# Everyone else ----------------------------------------------------------------------------------------------


def test_anonymous_visitors_get_a_404(client, site):
    for url, _admin_url in unpublished_pages(site):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("make_user", [
    pytest.param(lambda: User.objects.create_user("intern", is_staff=True), id="staff without the permission"),
    pytest.param(lambda: user_with_every_content_permission(is_staff=False), id="permissions but not staff"),
])
def test_users_who_may_not_see_them_in_the_admin_get_a_404(client, site, make_user):
    client.force_login(make_user())
    for url, _admin_url in unpublished_pages(site):
        assert client.get(url).status_code == 404, url


def user_with_every_content_permission(**fields):
    user = User.objects.create_user("former-editor", **fields)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["projects", "calls"]))
    return user


@pytest.mark.usefixtures("page_cache")
def test_an_editors_preview_never_reaches_anonymous_visitors_through_the_page_cache(client, editor, site):
    editor_client = Client(headers={"accept-language": "en"})
    editor_client.force_login(editor)
    for url, _admin_url in unpublished_pages(site):
        assert client.get(url).status_code == 404, url
        assert BANNER in editor_client.get(url).content.decode()
        assert editor_client.get(url).status_code == 200  # rendered again, not the anonymous 404 from any cache
        assert client.get(url).status_code == 404, url


@pytest.mark.usefixtures("page_cache")
def test_a_preview_is_never_kept_even_for_a_visitor_the_cache_cannot_tell_is_signed_in(client, editor, site, monkeypatch):
    """Should the page cache ever take a signed-in editor for an anonymous visitor, the preview's own
    ``Cache-Control: private`` still keeps it out."""
    monkeypatch.setattr("core.page_cache.has_own_page", lambda request: False)
    editor_client = Client(headers={"accept-language": "en"})
    editor_client.force_login(editor)
    assert BANNER in editor_client.get("/en/projects/draft-prj/").content.decode()
    assert client.get("/en/projects/draft-prj/").status_code == 404


@pytest.mark.usefixtures("page_cache")
def test_an_editors_visit_to_a_published_page_is_not_what_the_public_is_served(anonymous, editor_client, site):
    editor_client.get("/en/projects/planheat/")
    with CaptureQueriesContext(connection) as queries:
        public = anonymous.get("/en/projects/planheat/")
    assert public.status_code == 200 and "PLANHEAT" in public.content.decode()
    assert len(queries) > 1  # rendered for the public, not a page the editor's visit left in the cache
    with CaptureQueriesContext(connection) as queries:
        assert anonymous.get("/en/projects/planheat/").content == public.content
    assert len(queries) == 1  # the public's own page, kept


# Never anywhere else ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "shown"), [
    ("/sitemap-projects.xml", "planheat"), ("/sitemap-organisations.xml", "tecnalia"),
    ("/sitemap-calls.xml", "horizon-open-2026-01"),
    ("/en/projects/feed.atom", "PLANHEAT"), ("/en/calls/feed.atom", "HORIZON-OPEN-2026-01"),
    ("/en/projects/export.csv", "PLANHEAT"), ("/en/projects/export.json", "PLANHEAT"),
    ("/en/projects/export.xlsx", "PLANHEAT"),
    ("/en/projects/participations.csv", "TECNALIA"), ("/en/projects/participations.json", "TECNALIA"),
    ("/en/organisations/export.csv", "TECNALIA"), ("/en/organisations/export.json", "TECNALIA"),
    ("/en/organisations/export.xlsx", "TECNALIA"),
    ("/api/projects/", "PLANHEAT"), ("/api/organisations/", "TECNALIA"), ("/api/participations/", "TECNALIA"),
    ("/api/calls/", "HORIZON-OPEN-2026-01"),
    ("/en/projects/", "PLANHEAT"), ("/en/projects/?q=project", "PLANHEAT"), ("/en/organisations/", "TECNALIA"),
    ("/en/organisations/?q=srl", "TECNALIA"), ("/en/calls/", "HORIZON-OPEN-2026-01"), ("/en/", "PLANHEAT"),
])
def test_unpublished_rows_stay_out_of_lists_sitemaps_feeds_exports_and_the_api_for_an_editor_too(
        editor_client, site, url, shown):
    response = editor_client.get(url)
    assert response.status_code == 200
    if url.endswith(".xlsx"):
        text = " ".join(str(value) for row in read_xlsx(response) for value in row.values())
    else:
        text = body(response)
    assert shown in text  # the published ones are there: the check below reads a real list
    for hidden in ("DRAFTPRJ", "draft-prj", "Hidden Partner", "hidden-partner", "HORIZON-DRAFT", "horizon-draft",
                   "HORIZON-GONE", "horizon-gone"):
        assert hidden not in text, hidden


def test_the_api_has_no_record_of_them_for_an_editor(editor_client, site):
    assert editor_client.get("/api/projects/draft-prj/").status_code == 404
    assert editor_client.get("/api/organisations/hidden-partner/").status_code == 404


# The admin's link ------------------------------------------------------------------------------------------


def test_view_on_site_in_the_admin_leads_to_the_preview(editor_client, site):
    draft = site["draft"]
    html = editor_client.get(reverse("admin:projects_project_change", args=[draft.pk])).content.decode()
    link = re.search(r'<a href="([^"]+)" class="viewsitelink"', html)
    assert link, "no “View on site” link"
    assert link.group(1) == reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Project).pk, draft.pk])
    redirect = editor_client.get(link.group(1))
    assert redirect.status_code == 302 and redirect["Location"].endswith("/en/projects/draft-prj/")
    assert BANNER in editor_client.get(redirect["Location"]).content.decode()


# Queries ---------------------------------------------------------------------------------------------------


def test_the_preview_runs_as_many_queries_as_the_editors_view_of_a_published_page_whatever_the_consortium(
        editor_client, anonymous, site):
    public = count_queries(anonymous, "/en/projects/planheat/")
    published = count_queries(editor_client, "/en/projects/planheat/")
    preview = count_queries(editor_client, "/en/projects/draft-prj/")
    assert preview == published
    # The editor's own: the session, the user, the permissions, and whether the public may see the project.
    assert preview <= public + 5
    for n in range(6):
        make_participation(site["draft"], make_organisation(name=f"Partner {n}", slug=f"partner-{n}"))
    assert count_queries(editor_client, "/en/projects/draft-prj/") == preview
