"""Whole public pages from the cache: served with one query, new as soon as the content changes."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    make_highlight,
    make_key_figure,
    make_organisation,
    make_participation,
    make_project,
    make_section,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("enabled")]

# A page from the cache runs one query, the content version's: the version is the database's, so that
# every process sees a change however it was made (core/content_version.py). A page rendered runs more.
FROM_THE_CACHE = 1


@pytest.fixture
def enabled(settings):
    settings.CACHE_PUBLIC_PAGES = True


@pytest.fixture
def lecce():
    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)
    make_participation(make_project(acronym="PLANHEAT", slug="planheat"), lecce)
    return lecce


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("path", ["/it/", "/en/projects/", "/it/progetti/planheat/", "/en/organisations/",
                                  "/it/organizzazioni/comune-di-lecce/"])
def test_a_page_seen_again_comes_from_the_cache_with_one_query(client, lecce, path):
    first, html = queries_for(client, path)
    again, cached = queries_for(client, path)
    assert first > FROM_THE_CACHE and again == FROM_THE_CACHE
    assert cached == html


def test_a_change_shows_at_once(client, lecce):
    assert "PLANHEAT" in client.get("/en/projects/").content.decode()
    project = lecce.participations.get().project
    project.acronym = "PLANHEAT-2"
    project.save()
    assert "PLANHEAT-2" in client.get("/en/projects/").content.decode()


def test_each_language_and_each_query_has_its_own_page(client, lecce):
    assert '<html lang="it">' in client.get("/it/progetti/").content.decode()
    assert '<html lang="en">' in client.get("/en/projects/").content.decode()
    assert "1 project" in client.get("/en/projects/").content.decode()
    assert "0 projects" in client.get("/en/projects/?q=nothing").content.decode()


def test_a_visitor_with_a_session_is_never_served_a_cached_page_nor_adds_one(lecce, admin_user):
    editor = Client()
    editor.force_login(admin_user)
    assert queries_for(editor, "/en/")[0] > FROM_THE_CACHE
    assert queries_for(editor, "/en/")[0] > FROM_THE_CACHE
    assert queries_for(Client(), "/en/")[0] > FROM_THE_CACHE  # the editor's page was not kept for others


@override_settings(CACHE_PUBLIC_PAGES=False)
def test_the_cache_can_be_turned_off(client, lecce):
    assert queries_for(client, "/en/")[0] > FROM_THE_CACHE
    assert queries_for(client, "/en/")[0] > FROM_THE_CACHE


def test_a_page_is_kept_per_host_since_it_holds_absolute_addresses(lecce, settings):
    settings.ALLOWED_HOSTS = ["progetti.example.org", "testserver"]
    first = Client().get("/en/", HTTP_HOST="progetti.example.org").content.decode()
    second = Client().get("/en/").content.decode()
    assert '<link rel="canonical" href="http://progetti.example.org/en/">' in first
    assert '<link rel="canonical" href="http://testserver/en/">' in second


@pytest.mark.parametrize("make, change", [
    (lambda lecce: make_section(lecce, heading_en="Old heading"), {"heading_en": "New heading"}),
    (lambda lecce: make_highlight(lecce, title_en="Old heading"), {"title_en": "New heading"}),
    (lambda lecce: make_key_figure(lecce, label_en="Old heading"), {"label_en": "New heading"}),
])
def test_a_change_to_any_part_of_the_profile_shows_at_once(client, lecce, make, change):
    part = make(lecce)
    assert "Old heading" in client.get("/en/").content.decode()
    for name, value in change.items():
        setattr(part, name, value)
    part.save()
    assert "New heading" in client.get("/en/").content.decode()
    part.delete()
    assert "New heading" not in client.get("/en/").content.decode()


def test_a_deploy_that_runs_migrate_drops_the_cached_pages(client, lecce):
    from django.core.management import call_command

    assert queries_for(client, "/en/")[0] > FROM_THE_CACHE
    assert queries_for(client, "/en/")[0] == FROM_THE_CACHE
    call_command("migrate", verbosity=0)
    assert queries_for(client, "/en/")[0] > FROM_THE_CACHE


@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_before_a_change_is_committed_is_not_served_after_it(client):
    """While an editor's save is still in its transaction, a visitor gets the page as it was; not after the commit."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections, transaction

    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)
    project = make_project(acronym="PLANHEAT", slug="planheat")
    make_participation(project, lecce)
    queries_for(client, "/en/projects/")

    def visit():  # in a thread, with a connection of its own, as another visitor's request
        try:
            return queries_for(client, "/en/projects/")
        finally:
            connections.close_all()

    with transaction.atomic():
        project.acronym = "PLANHEAT-2"
        project.save()
        with ThreadPoolExecutor(max_workers=1) as pool:
            during, html = pool.submit(visit).result()
        assert during == FROM_THE_CACHE and "PLANHEAT-2" not in html
    after, html = queries_for(client, "/en/projects/")
    assert after > FROM_THE_CACHE and "PLANHEAT-2" in html


@pytest.mark.parametrize("path", ["/en/projects/?utm_source=x", "/en/projects/planheat/?anything=1"])
def test_an_address_with_a_parameter_the_page_does_not_know_is_never_kept(client, lecce, path):
    assert queries_for(client, path)[0] > FROM_THE_CACHE
    assert queries_for(client, path)[0] > FROM_THE_CACHE


def test_an_address_with_the_pages_own_filters_is_kept(client, lecce):
    queries_for(client, "/en/projects/?theme=energy&page=1")
    assert queries_for(client, "/en/projects/?theme=energy&page=1")[0] == FROM_THE_CACHE


def test_a_cookie_of_no_real_session_gets_the_cached_page_with_one_lookup(client, lecce):
    """Any client can send a session cookie: it costs a page one lookup of the session, not the cache."""
    first, html = queries_for(client, "/en/projects/")
    stranger = Client()
    stranger.cookies["sessionid"] = "not-a-session-anyone-has"
    again, cached = queries_for(stranger, "/en/projects/")
    assert again == FROM_THE_CACHE + 1 and cached == html


def test_an_expired_or_anonymous_session_gets_the_cached_page(client, lecce):
    queries_for(client, "/en/")
    anonymous = SessionStore()
    anonymous["seen_tour"] = True  # a session with something in it, but no one signed in
    anonymous.create()
    expired = SessionStore()
    expired["_auth_user_id"] = "1"
    expired.create()
    SessionStore.get_model_class().objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1),
    )
    for session in [anonymous, expired]:
        visitor = Client()
        visitor.cookies["sessionid"] = session.session_key
        assert queries_for(visitor, "/en/")[0] == FROM_THE_CACHE + 1


def test_a_page_rendered_for_a_cookie_of_no_session_is_kept_for_everyone(lecce):
    stranger = Client()
    stranger.cookies["sessionid"] = "bogus"
    assert queries_for(stranger, "/en/")[0] > FROM_THE_CACHE
    assert queries_for(Client(), "/en/")[0] == FROM_THE_CACHE


def test_a_message_waiting_in_the_session_is_never_cached(client, lecce):
    queries_for(client, "/en/")
    told = SessionStore()
    told["_messages"] = "[]"
    told.create()
    visitor = Client()
    visitor.cookies["sessionid"] = told.session_key
    assert queries_for(visitor, "/en/")[0] > FROM_THE_CACHE + 1


def test_a_message_waiting_in_its_cookie_is_never_cached(client, lecce):
    queries_for(client, "/en/")
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert queries_for(visitor, "/en/")[0] > FROM_THE_CACHE
