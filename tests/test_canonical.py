"""Canonical and hreflang links name pages that exist, at this site's address, and nothing else."""

import re

import pytest
from django.test import Client

from tests.factories import make_organisation, make_project

pytestmark = pytest.mark.django_db


def get(path, query=""):
    """The page at ``path`` exactly as a browser sends it: the test client would read ``//evil.com`` as a host."""
    return Client(headers={"accept-language": "en"}).get("/", PATH_INFO=path, QUERY_STRING=query)


def links(html, rel):
    return re.findall(rf'<link rel="{rel}"[^>]*href="([^"]*)"', html)


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]*)"', html))


@pytest.mark.parametrize("path", [
    "//evil.com", "//evil.com/", "/it//evil.com/", "/en//evil.com/projects/", "//evil.com/en/projects/",
    "/en/projects/no-such-project/", "/it/progetti/progetto-che-non-esiste/", "/en/organisations/nobody/",
])
def test_a_page_not_found_has_no_canonical_link_and_no_alternate_at_the_address_asked_for(path):
    make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)
    response = get(path, "q=evil.com")
    assert response.status_code == 404
    html = response.content.decode()
    assert "evil.com" not in html
    assert links(html, "canonical") == []
    assert 'property="og:url"' not in html
    # No alternates: a missing page has no version in another language. The switcher leads to the home page.
    assert alternates(html) == {}
    switcher = re.findall(r'<a href="([^"]*)" hreflang=', html)
    assert len(switcher) == 1 and switcher[0] in ("/it/", "/en/")


def test_a_page_has_its_own_address_as_canonical_with_its_filters():
    make_project(acronym="SmartEnCity", slug="smartencity")
    html = get("/en/projects/", "programme=H2020").content.decode()
    assert links(html, "canonical") == ["http://testserver/en/projects/?programme=H2020"]
    assert alternates(html) == {
        "it": "http://testserver/it/progetti/?programme=H2020", "en": "http://testserver/en/projects/?programme=H2020",
    }
    html = get("/en/projects/smartencity/").content.decode()
    assert links(html, "canonical") == ["http://testserver/en/projects/smartencity/"]
    assert alternates(html)["it"] == "http://testserver/it/progetti/smartencity/"


def test_a_canonical_address_is_never_another_hosts_even_from_a_query_string():
    html = get("/en/projects/", "next=//evil.com/").content.decode()
    [canonical] = links(html, "canonical")
    assert canonical.startswith("http://testserver/en/projects/?")
    for address in alternates(html).values():
        assert address.startswith("http://testserver/")
