"""
What a picture must be to be accepted: JPEG, PNG or WebP, within ``settings.IMAGE_MAX_BYTES``
and ``settings.IMAGE_MAX_PIXELS``. Each refusal is a message an editor can act on, and the
help text beside the field states the same limits, read from the same settings.
"""

import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import get_image_dimensions
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname
from PIL import Image

# Pillow's name of each accepted format, and the extension a stored file gets.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def megapixels_limit():
    return settings.IMAGE_MAX_PIXELS // 1_000_000


def limits_help_text():
    return gettext("A JPEG, PNG or WebP picture, at most %(size)s and %(megapixels)s megapixels.") % {
        "size": filesizeformat(settings.IMAGE_MAX_BYTES), "megapixels": megapixels_limit(),
    }


# Read when shown, so that it states the limits in force and in the editor's language.
LIMITS_HELP_TEXT = lazy(limits_help_text, str)()

UNREADABLE = _(
    "This file is not a picture that can be read. Upload a JPEG, PNG or WebP picture; "
    "other files, SVG drawings and PDF documents among them, are not accepted."
)


def unreadable():
    return ValidationError(UNREADABLE, code="invalid_image")


def validate_image_file_size(file):
    limit = settings.IMAGE_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("This image is %(size)s; the largest file accepted is %(limit)s. "
              "Save it at a smaller size or in a compressed format (JPEG, WebP) and try again."),
            code="image_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


def too_many_pixels(width, height):
    return ValidationError(
        _("This image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); "
          "the largest accepted is %(limit)s megapixels. Resize it and try again."),
        code="image_too_many_pixels",
        params={
            "width": width,
            "height": height,
            "megapixels": round(width * height / 1_000_000, 1),
            "limit": megapixels_limit(),
        },
    )


def too_many_pixels_to_open():
    return ValidationError(
        _("This image has more pixels than can be opened safely; the largest accepted is %(limit)s megapixels. "
          "Resize it and try again."),
        code="image_too_many_pixels", params={"limit": megapixels_limit()},
    )


def validate_image_pixels(file):
    try:
        width, height = get_image_dimensions(file)
    except Image.DecompressionBombError as error:
        raise too_many_pixels_to_open() from error
    if width is None or height is None:
        raise unreadable()
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise too_many_pixels(width, height)


def validate_image_format(file):
    """Only the three raster formats of the web: no GIF, TIFF, BMP, and no SVG (it can hold scripts).

    Whoever calls it (a form, ``full_clean()``, a script), a file Pillow cannot read is refused
    with the form's message, not with Pillow's error.
    """
    file.seek(0)
    try:
        with Image.open(file) as image:
            kind = image.format
    except Image.DecompressionBombError as error:
        raise too_many_pixels_to_open() from error
    except (OSError, SyntaxError, ValueError) as error:  # UnidentifiedImageError is an OSError
        raise unreadable() from error
    finally:
        file.seek(0)
    if kind not in FORMATS:
        raise ValidationError(
            _("This picture is in the %(format)s format. Upload a JPEG, PNG or WebP picture."),
            code="image_format", params={"format": kind},
        )


IMAGE_VALIDATORS = [validate_image_file_size, validate_image_pixels, validate_image_format]


class PictureFormField(forms.ImageField):
    default_error_messages = {"invalid_image": UNREADABLE}

    def to_python(self, data):
        """Pillow's own check against decompression bombs, turned into the editor's pixel message."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                return super().to_python(data)
        except ValidationError as error:
            if isinstance(error.__cause__, Image.DecompressionBombError):
                raise too_many_pixels_to_open() from error
            if isinstance(error.__cause__, Image.DecompressionBombWarning):
                data.seek(0)
                with warnings.catch_warnings():  # only the header is read, to say how large it is
                    warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                    raise too_many_pixels(*get_image_dimensions(data)) from error
            raise


def require_description(obj, image_field="image", description_field="image_alt"):
    """Refuse an image without a description (in either language; pages fall back to the other)."""
    if getattr(obj, image_field) and not (getattr(obj, description_field) or "").strip():
        raise ValidationError({
            # The field the editor fills in first.
            build_localized_fieldname(description_field, DEFAULT_LANGUAGE):
                _("Describe the image for people who cannot see it."),
        })
