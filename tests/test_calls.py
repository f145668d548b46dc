"""The calls the city is open to join (issue 18): edited in the admin, shown until their deadline day on the
profile, their pages, the feed, the API and the sitemap, then gone by themselves."""

import datetime
import itertools
import json
from html.parser import HTMLParser
from unittest import mock
from xml.etree import ElementTree

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from calls.models import OpenCall
from profiles.editors import EDITORS_GROUP
from tests.factories import count_queries, make_organisation, make_theme

pytestmark = pytest.mark.django_db

_sequence = itertools.count(1)
PORTAL = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def make_call(organisation, **fields):
    """One published call of ``organisation``, open for a month unless told otherwise."""
    n = next(_sequence)
    fields.setdefault("identifier", f"HORIZON-MISS-2026-CIT-{n:02d}-01")
    fields.setdefault("title_it", f"Bando numero {n}")
    fields.setdefault("title_en", f"Call number {n}")
    fields.setdefault("offer_it", "Un quartiere pilota.")
    fields.setdefault("offer_en", "A pilot district of 5,000 residents.")
    fields.setdefault("programme_id", "HORIZON")
    fields.setdefault("deadline", days(30))
    fields.setdefault("url", PORTAL + fields["identifier"])
    themes = fields.pop("themes", [])
    call = OpenCall.objects.create(organisation=organisation, **fields)
    call.themes.set(themes)
    return call


def moved_by(days_ahead):
    """The site's clock ``days_ahead`` days on: what the page cache, the pages and the querysets read as today."""
    later = timezone.now() + datetime.timedelta(days=days_ahead)
    return mock.patch("django.utils.timezone.now", return_value=later)


@pytest.fixture
def lecce():
    return make_organisation(name="Comune di Lecce", short_name="Lecce", slug="comune-di-lecce", is_featured=True)


@pytest.fixture
def energy():
    return make_theme(name="Energy", name_it="Energia", slug="energy")


@pytest.fixture
def open_call(lecce, energy):
    return make_call(
        lecce, identifier="HORIZON-MISS-2026-CIT-02-01", title_en="Positive energy districts",
        title_it="Distretti a energia positiva", offer_en="A **pilot district** and the city's energy data.",
        themes=[energy], deadline=days(40),
    )


@pytest.fixture
def closing_today(lecce):
    return make_call(lecce, identifier="LIFE-2026-SAP-CLIMA-CCA", title_en="Adaptation to climate change",
                     programme_id="OTHER", deadline=today())


@pytest.fixture
def past_call(lecce):
    return make_call(lecce, identifier="HORIZON-CL5-2026-D4-01-03", title_en="A call that has closed",
                     deadline=days(-1))


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def feed_titles(client):
    feed = feedparser.parse(client.get(reverse("opendata:call-feed")).content)
    assert not feed.bozo, feed.bozo_exception
    return [entry.title for entry in feed.entries]


def api(client, **query):
    response = client.get(reverse("api:call-list"), {"lang": "en", **query})
    assert response.status_code == 200
    return response.json()


def sitemap_locations(client):
    response = client.get(reverse("sitemap-section", kwargs={"section": "calls"}))
    assert response.status_code == 200
    return {url.find(f"{SITEMAP}loc").text for url in ElementTree.fromstring(response.content).findall(f"{SITEMAP}url")}


class Structure(HTMLParser):
    """What a page's markup must get right whatever its content: tags closed in order, ids unique, one h1,
    no heading level skipped, every image with a text alternative."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    OPTIONAL_END = {"p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody"}

    def __init__(self):
        super().__init__()
        self.open, self.ids, self.headings, self.problems = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag == "img" and "alt" not in attrs:
            self.problems.append("an image without alt")
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        while self.open and self.open[-1] != tag and self.open[-1] in self.OPTIONAL_END:
            self.open.pop()
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else None}>")
        else:
            self.open.pop()

    def check(self, html):
        self.feed(html)
        assert self.problems == []
        assert [tag for tag in self.open if tag not in self.OPTIONAL_END] == []
        assert len(self.ids) == len(set(self.ids)), "ids repeated"
        assert self.headings.count(1) == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(self.headings)), self.headings


# The model


def test_a_call_gets_its_address_from_its_identifier(open_call):
    assert open_call.slug == "horizon-miss-2026-cit-02-01"
    assert open_call.get_absolute_url() == "/en/calls/horizon-miss-2026-cit-02-01/"


def test_open_means_published_with_a_deadline_today_or_later(lecce, open_call, closing_today, past_call):
    make_call(lecce, is_published=False)
    make_call(make_organisation(is_published=False))
    assert list(OpenCall.objects.open()) == [closing_today, open_call]  # soonest deadline first
    assert list(OpenCall.objects.past()) == [past_call]


def test_a_call_is_open_through_its_deadline_day_in_the_sites_time_zone(closing_today, settings):
    # 23:30 in Rome on the deadline day is 22:30 UTC: the call is still open; at 00:30 in Rome it is not.
    rome = datetime.datetime.combine(closing_today.deadline, datetime.time(23, 30), timezone.get_current_timezone())
    with mock.patch("django.utils.timezone.now", return_value=rome.astimezone(datetime.UTC)):
        assert closing_today in OpenCall.objects.open() and closing_today.is_open
    with mock.patch("django.utils.timezone.now", return_value=(rome + datetime.timedelta(hours=1)).astimezone(datetime.UTC)):
        assert closing_today not in OpenCall.objects.open() and not closing_today.is_open


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"identifier": "HORIZON MISS 2026"}, "identifier", "without spaces"),
    ({"url": "http://ec.europa.eu/call"}, "url", "https://"),
    ({"deadline": datetime.date(2062, 9, 17)}, "deadline", "check the year"),
    ({"deadline": datetime.date(1926, 9, 17)}, "deadline", "check the year"),
])
def test_validation_explains_what_is_wrong(lecce, fields, field, message):
    from django.core.exceptions import ValidationError

    call = OpenCall(organisation=lecce, **{
        "identifier": "HORIZON-MISS-2026-CIT-02-01", "title_it": "Bando", "offer_it": "Un quartiere.",
        "programme_id": "HORIZON", "deadline": days(10), "url": PORTAL, **fields,
    })
    with pytest.raises(ValidationError) as raised:
        call.full_clean()
    assert message in " ".join(raised.value.message_dict[field])


def test_an_identifier_is_listed_once_per_organisation_in_the_database_too(lecce, open_call):
    with pytest.raises(IntegrityError), transaction.atomic():
        OpenCall.objects.create(organisation=lecce, identifier=open_call.identifier, slug="another", title="x",
                                offer="y", deadline=days(3), url=PORTAL)
    # Another organisation may list the same call, at an address of its own.
    make_call(make_organisation(), identifier=open_call.identifier, slug="horizon-miss-2026-cit-02-01-partner")


def test_only_https_links_reach_the_database(lecce):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_call(lecce, url="http://ec.europa.eu/call")


# The admin


def admin_form(lecce, energy, **overrides):
    return {
        "organisation": lecce.pk, "identifier": "HORIZON-MISS-2026-CIT-03-02", "programme": "HORIZON",
        "title_it": "Città intelligenti", "title_en": "Smart cities",
        "offer_it": "Dati aperti e un quartiere pilota.", "offer_en": "Open data and a pilot district.",
        "deadline": days(60).isoformat(), "url": PORTAL + "HORIZON-MISS-2026-CIT-03-02", "is_published": "on",
        "themes": [energy.pk], "slug": "", **overrides,
    }


def test_editors_may_edit_calls(editor):
    group = Group.objects.get(name=EDITORS_GROUP)
    names = set(group.permissions.filter(content_type__app_label="calls").values_list("codename", flat=True))
    assert names == {"add_opencall", "change_opencall", "delete_opencall", "view_opencall"}
    assert editor.has_perms(["calls.add_opencall", "calls.change_opencall", "calls.delete_opencall"])


def test_an_editor_adds_a_call_in_the_admin(editor_client, lecce, energy):
    add = reverse("admin:calls_opencall_add")
    form = page(editor_client, add)
    assert f'<option value="{lecce.pk}" selected>' in form  # the featured organisation, already chosen
    response = editor_client.post(add, admin_form(lecce, energy))
    assert response.status_code == 302, response.context["adminform"].form.errors
    call = OpenCall.objects.get()
    assert (call.identifier, call.slug, call.title_en, call.programme_id) == (
        "HORIZON-MISS-2026-CIT-03-02", "horizon-miss-2026-cit-03-02", "Smart cities", "HORIZON")
    assert list(call.themes.all()) == [energy]
    history = page(editor_client, reverse("admin:calls_opencall_history", args=[call.pk]))
    assert "Added" in history or "added" in history.lower()
    assert call.identifier in page(editor_client, reverse("calls:call-list"))


@pytest.mark.parametrize(("overrides", "message"), [
    ({"identifier": "HORIZON MISS 2026"}, "letters, digits and hyphens, without spaces"),
    ({"url": "http://ec.europa.eu/call"}, "Give an address that begins with https://."),
    ({"deadline": "2062-09-17"}, "check the year"),
    ({"deadline": "2020-09-17"}, "This deadline has passed"),
    ({"title_it": ""}, "This field is required."),
])
def test_the_admin_explains_what_is_wrong(editor_client, lecce, energy, overrides, message):
    response = editor_client.post(reverse("admin:calls_opencall_add"), admin_form(lecce, energy, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode(), response.context["adminform"].form.errors
    assert not OpenCall.objects.exists()


def test_the_admin_refuses_a_call_listed_twice(editor_client, lecce, energy, open_call):
    response = editor_client.post(reverse("admin:calls_opencall_add"),
                                  admin_form(lecce, energy, identifier=open_call.identifier, slug="other"))
    assert "This organisation already lists a call with this identifier." in response.content.decode()


def test_the_admin_list_searches_and_filters(editor_client, open_call, past_call):
    changelist = reverse("admin:calls_opencall_changelist")
    assert open_call.identifier in page(editor_client, changelist + "?q=CIT-02")
    assert past_call.identifier not in page(editor_client, changelist + "?q=CIT-02")
    assert open_call.identifier in page(editor_client, changelist + "?q=energy+districts")
    past = page(editor_client, changelist + "?deadline_status=past")
    assert past_call.identifier in past and open_call.identifier not in past
    current = page(editor_client, changelist + "?deadline_status=open&programme__code__exact=HORIZON")
    assert open_call.identifier in current and past_call.identifier not in current
    page(editor_client, changelist + f"?deadline__year={open_call.deadline.year}")


# Where an open call shows, and a past one does not


def test_an_open_call_shows_on_the_profile(client, open_call, past_call, energy):
    html = page(client, reverse("profiles:home"))
    section = html.split('<section aria-labelledby="calls-heading"', 1)[1].split("</section>", 1)[0]
    assert '<h2 id="calls-heading">Open to collaboration</h2>' in section
    assert "HORIZON-MISS-2026-CIT-02-01" in section and "Positive energy districts" in section
    assert "Horizon Europe" in section and "Energy" in section and "A pilot district" in section
    assert f'<time datetime="{open_call.deadline.isoformat()}">' in section
    assert f'href="{open_call.get_absolute_url()}"' in section
    assert past_call.identifier not in html


def test_a_profile_without_open_calls_says_nothing_of_them(client, lecce, past_call):
    html = page(client, reverse("profiles:home"))
    assert "calls-heading" not in html and "Open to collaboration" not in html


def test_the_calls_of_a_partner_show_on_its_profile_only(client, lecce, open_call):
    partner = make_organisation(slug="tecnalia", name="TECNALIA")
    theirs = make_call(partner, identifier="DIGITAL-2026-AI-01", title_en="Their call")
    assert theirs.identifier in page(client, partner.get_absolute_url())
    assert theirs.identifier not in page(client, reverse("profiles:home"))
    assert open_call.identifier not in page(client, partner.get_absolute_url())


def test_an_open_call_has_its_page(client, open_call):
    html = page(client, open_call.get_absolute_url())
    Structure().check(html)
    assert "<h1><span>Positive energy districts</span>" in html
    assert f'<a href="{open_call.url}" hreflang="en">' in html
    assert '<nav class="breadcrumbs"' in html and 'href="/en/calls/">Open to collaboration</a>' in html
    assert '<meta property="og:title" content="Positive energy districts">' in html
    assert '"@type": "BreadcrumbList"' in html
    assert "<strong>pilot district</strong>" in html  # the offer, as sanitised Markdown
    assert "noindex" not in html


def test_a_call_page_leads_to_the_contact_form_about_the_call(client, open_call):
    try:
        form = reverse("contact:form")
    except NoReverseMatch:
        pytest.skip("The contact app (issue 18, another engineer) has no form yet: the page leaves the link out.")
    assert f'href="{form}?about=HORIZON-MISS-2026-CIT-02-01"' in page(client, open_call.get_absolute_url())


def test_the_list_shows_the_open_calls_soonest_deadline_first(client, open_call, closing_today, past_call):
    html = page(client, reverse("calls:call-list"))
    Structure().check(html)
    assert html.index(closing_today.identifier) < html.index(open_call.identifier)
    assert past_call.identifier not in html
    assert "2 open calls" in html and "closes today" in html and "in 40 days" in html
    assert f'href="{reverse("opendata:call-feed")}"' in html


def test_the_list_without_open_calls_says_so(client, past_call):
    html = page(client, reverse("calls:call-list"))
    Structure().check(html)
    assert "No call is open to collaboration at the moment." in html and past_call.identifier not in html


def test_the_list_in_italian(client, open_call):
    with translation.override("it"):
        url = reverse("calls:call-list")
    html = page(client, url)
    assert '<html lang="it">' in html and "Distretti a energia positiva" in html


def test_the_feed_lists_the_open_calls_dated_by_their_own_dates(client, open_call, past_call):
    OpenCall.objects.filter(pk=open_call.pk).update(
        created=datetime.datetime(2026, 1, 2, 9, 0, tzinfo=datetime.UTC),
        updated=datetime.datetime(2026, 1, 3, 9, 0, tzinfo=datetime.UTC),
    )
    feed = feedparser.parse(client.get(reverse("opendata:call-feed")).content)
    assert not feed.bozo and feed.version == "atom10"
    [entry] = feed.entries
    assert entry.title == "HORIZON-MISS-2026-CIT-02-01: Positive energy districts"
    assert entry.link == f"http://testserver{open_call.get_absolute_url()}"
    assert entry.published.startswith("2026-01-02T09:00") and entry.updated.startswith("2026-01-03T09:00")
    assert feed.feed.updated.startswith("2026-01-03T09:00")  # not the time of reading


def test_the_api_lists_the_open_calls(client, open_call, past_call):
    data = api(client)
    assert data["count"] == 1
    [record] = data["results"]
    assert record == {
        "id": "horizon-miss-2026-cit-02-01", "url": "http://testserver/en/calls/horizon-miss-2026-cit-02-01/",
        "identifier": "HORIZON-MISS-2026-CIT-02-01", "title": "Positive energy districts",
        "organisation": "comune-di-lecce", "organisation_name": "Comune di Lecce", "programme": "HORIZON",
        "programme_name": "Horizon Europe", "deadline": open_call.deadline.isoformat(), "themes": ["Energy"],
        "offer": "A **pilot district** and the city's energy data.", "call_url": open_call.url,
        "source": "editors", "licence": "CC-BY-4.0",
    }
    assert api(client, lang="it")["results"][0]["title"] == "Distretti a energia positiva"


def test_the_sitemap_lists_the_open_calls_and_their_list_in_both_languages(client, open_call, past_call):
    locations = sitemap_locations(client)
    assert "http://testserver/en/calls/horizon-miss-2026-cit-02-01/" in locations
    assert "http://testserver/en/calls/" in locations and len(locations) == 4  # the list and the call, twice
    assert not any(past_call.slug in location for location in locations)


def test_a_past_call_leaves_every_public_page(client, past_call):
    assert past_call.identifier not in page(client, reverse("profiles:home"))
    assert past_call.identifier not in page(client, reverse("calls:call-list"))
    assert feed_titles(client) == []
    assert api(client)["count"] == 0
    assert sitemap_locations(client) == set()


def test_a_past_calls_address_says_it_has_closed_and_keeps_out_of_search_engines(client, past_call):
    html = page(client, past_call.get_absolute_url(), status=410)
    Structure().check(html)
    assert '<meta name="robots" content="noindex">' in html
    assert "This call closed on" in html and f'<time datetime="{past_call.deadline.isoformat()}">' in html
    assert past_call.url not in html  # nothing to apply to any more
    assert 'href="/en/calls/"' in html


def test_an_unpublished_or_unknown_call_is_not_found(client, lecce):
    hidden = make_call(lecce, is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/en/calls/no-such-call/").status_code == 404


@pytest.mark.parametrize("cached", [False, True])
def test_a_call_leaves_the_pages_the_day_after_its_deadline_cached_or_not(client, settings, closing_today, cached):
    settings.CACHE_PUBLIC_PAGES = cached
    addresses = [reverse("profiles:home"), reverse("calls:call-list"), closing_today.get_absolute_url()]
    for address in addresses:  # seen, and kept, on the deadline day
        assert closing_today.identifier in page(client, address)
        assert closing_today.identifier in page(client, address)
    assert closing_today.identifier in "".join(feed_titles(client))
    with moved_by(1):
        assert closing_today.identifier not in page(client, reverse("profiles:home"))
        assert closing_today.identifier not in page(client, reverse("calls:call-list"))
        page(client, closing_today.get_absolute_url(), status=410)
        assert feed_titles(client) == []
        assert api(client)["count"] == 0
        assert sitemap_locations(client) == set()


def test_an_edit_shows_at_once_on_the_cached_pages(client, settings, open_call, energy):
    settings.CACHE_PUBLIC_PAGES = True
    addresses = [reverse("profiles:home"), reverse("calls:call-list"), open_call.get_absolute_url()]
    for address in addresses:
        page(client, address)
    open_call.title_en = "Positive energy districts, second round"
    open_call.save()
    for address in addresses:
        assert "second round" in page(client, address)
    open_call.themes.set([make_theme(name="Urban regeneration", slug="urban")])  # a row of the themes' own table
    for address in addresses:
        assert "Urban regeneration" in page(client, address)
    open_call.is_published = False
    open_call.save()
    assert open_call.identifier not in page(client, reverse("profiles:home"))
    assert client.get(open_call.get_absolute_url()).status_code == 404


# The API's filters and its description


@pytest.fixture
def several(lecce, energy, open_call, closing_today, past_call):
    mobility = make_theme(name="Mobility", slug="mobility")
    partner = make_organisation(slug="tecnalia", name="TECNALIA")
    make_call(partner, identifier="DIGITAL-2026-AI-01", title_en="Artificial intelligence for cities",
              programme_id="OTHER", themes=[mobility], deadline=days(90))
    return {"mobility": mobility, "partner": partner}


@pytest.mark.parametrize(("query", "expected"), [
    ({}, ["LIFE-2026-SAP-CLIMA-CCA", "HORIZON-MISS-2026-CIT-02-01", "DIGITAL-2026-AI-01"]),
    ({"programme": "HORIZON"}, ["HORIZON-MISS-2026-CIT-02-01"]),
    ({"programme": "OTHER"}, ["LIFE-2026-SAP-CLIMA-CCA", "DIGITAL-2026-AI-01"]),
    ({"theme": "mobility"}, ["DIGITAL-2026-AI-01"]),
    ({"q": "energy districts"}, ["HORIZON-MISS-2026-CIT-02-01"]),
    ({"q": "cit-02"}, ["HORIZON-MISS-2026-CIT-02-01"]),
    ({"deadline_before": "past"}, ["LIFE-2026-SAP-CLIMA-CCA", "HORIZON-MISS-2026-CIT-02-01", "DIGITAL-2026-AI-01"]),
    ({"organisation": "tecnalia"}, ["DIGITAL-2026-AI-01"]),
    ({"page_size": 1, "page": 2}, ["HORIZON-MISS-2026-CIT-02-01"]),
])
def test_the_api_filters(client, several, query, expected):
    data = api(client, **query)
    assert [record["identifier"] for record in data["results"]] == expected


def test_the_api_filters_by_deadline(client, several):
    data = api(client, deadline_before=days(40).isoformat())
    assert [record["identifier"] for record in data["results"]] == ["LIFE-2026-SAP-CLIMA-CCA", "HORIZON-MISS-2026-CIT-02-01"]


def test_the_api_ignores_invalid_filters_and_says_so(client, several):
    data = api(client, programme="NOPE", deadline_before="soon")
    assert data["count"] == 3
    assert {ignored["filter"] for ignored in data["ignored_filters"]} == {"programme", "deadline_before"}


def test_the_list_page_filters_like_the_api(client, several):
    html = page(client, reverse("calls:call-list") + "?theme=mobility")
    assert "DIGITAL-2026-AI-01" in html and "HORIZON-MISS-2026-CIT-02-01" not in html


def test_the_openapi_document_describes_the_calls(client, several):
    from opendata.api import CallList
    from opendata.records import CALL

    document = client.get(reverse("api:openapi"), {"lang": "en"}).json()
    operation = document["paths"]["/api/calls/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters) == set(CallList.filterset_class.base_filters) | {"page", "page_size", "lang"}
    assert parameters["deadline_before"]["schema"] == {"type": "string", "format": "date"}
    assert all(parameter["description"] for parameter in parameters.values())
    schema = document["components"]["schemas"]["Call"]
    assert list(schema["properties"]) == CALL.names() == list(api(client)["results"][0])
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CallList"}
    json.dumps(document)


# Queries


def test_the_pages_run_as_many_queries_with_thirty_calls_as_with_one(client, lecce, energy, open_call):
    addresses = [reverse("profiles:home"), reverse("calls:call-list"), reverse("api:call-list"),
                 reverse("calls:call-list") + "?theme=energy", open_call.get_absolute_url()]
    few = {address: count_queries(client, address) for address in addresses}
    mobility = make_theme(name="Mobility", slug="mobility")
    for n in range(29):
        make_call(lecce, identifier=f"HORIZON-CL5-2026-D{n}-01", themes=[energy, mobility], deadline=days(n))
    many = {address: count_queries(client, address) for address in addresses}
    assert many == few
