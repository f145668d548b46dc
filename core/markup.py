"""
Editor-written text: a small Markdown subset rendered to sanitised HTML.

Editors write paragraphs, emphasis, lists and links. Whatever else the text
holds (raw HTML, scripts, event handlers, styles) is removed by an allow-list
sanitiser, so the result can be put on a public page as it is.
"""

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    """Return safe HTML for the Markdown subset in ``text``."""
    if not text:
        return mark_safe("")
    html = markdown.markdown(text, output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
