"""Editor-written Markdown becomes safe HTML."""

import pytest

from projects.markup import render_markdown


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
