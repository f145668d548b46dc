"""
Checks for uploaded images (logos, highlight pictures, project images).

Django's ImageField already refuses a file Pillow cannot read. These
validators add the limits an editor can understand: the size of the file and
the number of pixels, both read without decoding the whole image.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import get_image_dimensions
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname


def validate_image_file_size(file):
    limit = settings.IMAGE_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("This image is %(size)s; the largest file accepted is %(limit)s. "
              "Save it at a smaller size or in a compressed format (JPEG, WebP) and try again."),
            code="image_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


def validate_image_pixels(file):
    width, height = get_image_dimensions(file)
    if width is None or height is None:
        raise ValidationError(
            _("This file could not be read as an image. Upload a JPEG, PNG or WebP picture."),
            code="invalid_image",
        )
    limit = settings.IMAGE_MAX_PIXELS
    if width * height > limit:
        raise ValidationError(
            _("This image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); "
              "the largest accepted is %(limit)s megapixels. Resize it and try again."),
            code="image_too_many_pixels",
            params={
                "width": width,
                "height": height,
                "megapixels": round(width * height / 1_000_000, 1),
                "limit": limit // 1_000_000,
            },
        )


IMAGE_VALIDATORS = [validate_image_file_size, validate_image_pixels]


def thumbnail_tag(image, size=64):
    """A small preview of an uploaded image for admin lists, or a dash when there is none.

    Its look is in static/css/admin.css: the Content-Security-Policy allows no inline style.
    """
    if not image:
        return "–"
    return format_html(
        '<img class="thumbnail" src="{}" alt="" width="{}" height="{}" loading="lazy">',
        image.url, size, size,
    )


def require_description(obj, image_field="image", description_field="image_alt"):
    """Refuse an image without a description (in either language; pages fall back to the other)."""
    if getattr(obj, image_field) and not (getattr(obj, description_field) or "").strip():
        raise ValidationError({
            # The field the editor fills in first.
            build_localized_fieldname(description_field, DEFAULT_LANGUAGE):
                _("Describe the image for people who cannot see it."),
        })

