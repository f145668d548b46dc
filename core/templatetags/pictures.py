"""Uploaded pictures on a page (with their smaller copies in srcset) and in the admin's lists."""

import logging

from django import template
from django.utils.html import format_html, format_html_join

from core.pictures.renditions import renditions

register = template.Library()
logger = logging.getLogger(__name__)


def picture_tag(file, alt, sizes, **attributes):
    """An <img> of an uploaded picture with its smaller copies in srcset, lazily loaded.

    A picture whose file is missing (a restore without the media, say) is still an <img> with its
    text alternative, rather than a page that fails.
    """
    extra = format_html_join("", ' {}="{}"', attributes.items())
    try:
        srcset = format_html_join(", ", "{} {}w", [*renditions(file), (file.url, file.width)])
    except OSError:
        logger.warning("The picture %s is missing from the media files", file.name)
        return format_html('<img src="{}" alt="{}" loading="lazy"{}>', file.url, alt, extra)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy"{}>',
        file.url, srcset, sizes, file.width, file.height, alt, extra,
    )


@register.simple_tag
def picture(file, alt, sizes, **attributes):
    """``{% picture highlight.image highlight.image_alt "20em" class="logo" %}``: the <img> with its srcset."""
    return picture_tag(file, alt, sizes, **{name: value for name, value in attributes.items() if value})


@register.filter
def thumbnail(image, size=64):
    """A small preview of an uploaded image for admin lists, or a dash when there is none.

    Its look is in static/css/admin.css: the Content-Security-Policy allows no inline style.
    """
    if not image:
        return "–"
    return format_html(
        '<img class="thumbnail" src="{}" alt="" width="{}" height="{}" loading="lazy">',
        image.url, size, size,
    )
