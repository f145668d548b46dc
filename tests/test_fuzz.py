"""Random and hostile query strings at every public list and detail address: never a server error."""

import io
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/it/", "/en/",
    "/it/progetti/", "/en/projects/",
    "/it/organizzazioni/", "/en/organisations/",
    "/it/progetti/smartencity/", "/en/projects/planheat/",
    "/it/organizzazioni/comune-di-lecce/", "/en/organisations/politecnico-di-milano/",
    "/en/projects/export.csv", "/it/progetti/participations.json", "/en/organisations/export.json",
    "/api/projects/", "/api/organisations/", "/api/participations/", "/api/projects/smartencity/",
]
PARAMETERS = [
    "q", "theme", "programme", "status", "year_from", "year_to", "role", "country", "min_eu", "partner",
    "kind", "ordering", "page",
]
HOSTILE = [
    "", " ", "0", "-1", "1e309", "99999999999999999999999", "NaN", "-0", "1.5", "0x10", "２０１６",
    "' OR 1=1 --", "\"; DROP TABLE projects_project; --", "<script>alert(1)</script>", "../../etc/passwd",
    "%00", "\x00", "\u202e", "🙂", "a" * 5000, "[]", "{}", "null", "true", "__proto__", "${7*7}", "{{7*7}}",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60), st.integers().map(str))
queries = st.dictionaries(
    st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=20)),
    st.one_of(values, st.lists(values, max_size=4)),
    max_size=6,
)
# What a client may put after "?" as it stands: stray %, &, = and escapes that decode to nothing valid.
raw_queries = st.lists(
    st.sampled_from([*"abcxyz019=&%;+-_.~[]'\"<>", "%ZZ", "%C3%28", "%FF", "%00", "theme=", "page=", "q="]),
    max_size=40,
).map("".join)

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("address", ADDRESSES)
@FUZZ
@given(query=queries)
def test_no_query_string_makes_a_server_error(client, demo, address, query):
    response = client.get(f"{address}?{urlencode(query, doseq=True)}")
    assert response.status_code in (200, 302, 404)
    if response.streaming:  # a download fails, if at all, while it is written
        b"".join(response.streaming_content)


@pytest.mark.parametrize("address", ["/it/progetti/", "/en/organisations/", "/en/projects/smartencity/"])
@FUZZ
@given(raw=raw_queries)
def test_no_malformed_query_string_makes_a_server_error(client, demo, address, raw):
    response = client.get(address, QUERY_STRING=raw)
    assert response.status_code in (200, 302, 404)


@FUZZ
@given(slug=st.text(max_size=80), language=st.sampled_from(["it", "en", "fr", ""]))
def test_no_address_makes_a_server_error(client, demo, slug, language):
    response = client.get(f"/{language}/progetti/{slug}/".replace("//", "/"))
    assert response.status_code in (200, 301, 302, 404)
