"""Editor-written Markdown becomes safe HTML."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from core.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, render_markdown


def test_the_markdown_subset_is_rendered():
    html = render_markdown("A *city* with **pilots**:\n\n- one\n- two\n\n[Site](https://example.org)")
    assert "<em>city</em>" in html and "<strong>pilots</strong>" in html
    assert "<li>one</li>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer"' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<p style="background:url(x)">styled</p>',
        '<a href="https://example.org" onclick="alert(1)">link</a>',
    ],
)
def test_nothing_executable_survives(hostile):
    html = render_markdown(hostile).lower()
    for forbidden in ["<script", "onerror", "onclick", "javascript:", "style=", "<img"]:
        assert forbidden not in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""


class Inspector(HTMLParser):
    """Every tag and attribute of a piece of HTML, as the browser's parser would see them."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<style>body { display: none }</style>Hidden",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<img src=x onerror=alert(1)>',
    '<a href="https://example.org" onmouseover="alert(1)">hover</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![a picture](javascript:alert(1))",
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">cover</p>',
    '<form action="https://evil.example"><input name="password"></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<a href="https://evil.example" target="_blank">new window</a>',
    "<!--<script>-->alert(1)<!--</script>-->",
    '<div><p onclick="alert(1)" class="x" id="login">text</p></div>',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_only_the_allowed_tags_attributes_and_addresses_survive(hostile):
    inspector = Inspector()
    inspector.feed(str(render_markdown(hostile)))
    for tag, attributes in inspector.tags:
        assert tag in ALLOWED_TAGS, tag
        assert set(attributes) <= ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set()), attributes
        if "href" in attributes:
            assert urlsplit(attributes["href"].strip()).scheme in ALLOWED_URL_SCHEMES | {""}, attributes["href"]


@pytest.mark.parametrize("text", [
    "[The project](https://smartencity.eu)",
    "<https://cordis.europa.eu/project/id/691883>",
    "[Write to us](mailto:europa@comune.lecce.it)",
])
def test_every_link_to_another_site_opens_without_access_to_the_page(text):
    inspector = Inspector()
    inspector.feed(str(render_markdown(text)))
    links = [attributes for tag, attributes in inspector.tags if tag == "a"]
    assert links and all("noopener" in attributes["rel"].split() for attributes in links)
