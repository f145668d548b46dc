"""
Uploaded pictures (logos, highlight pictures, project images), from the form to the page.

``PictureField`` is the ImageField every model uses. On the way in it accepts only
JPEG, PNG and WebP pictures within a size and pixel limit (a decompression bomb is
refused, not decoded), each refusal with a message an editor understands. On save
it stores the picture under a random name, re-encoded upright and without its
metadata (location, camera, author), and writes smaller WebP copies for
``srcset``, once; ``picture_tag`` puts them on a page.
"""

import io
import logging
import os
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname
from PIL import Image, ImageOps


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
            "limit": settings.IMAGE_MAX_PIXELS // 1_000_000,
        },
    )


def too_many_pixels_to_open():
    return ValidationError(
        _("This image has more pixels than can be opened safely; the largest accepted is %(limit)s megapixels. "
          "Resize it and try again."),
        code="image_too_many_pixels", params={"limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
    )


def validate_image_pixels(file):
    try:
        width, height = get_image_dimensions(file)
    except Image.DecompressionBombError as error:
        raise too_many_pixels_to_open() from error
    if width is None or height is None:
        raise ValidationError(
            _("This file could not be read as an image. Upload a JPEG, PNG or WebP picture."),
            code="invalid_image",
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise too_many_pixels(width, height)


logger = logging.getLogger(__name__)

# Pillow's name of each accepted format, and the extension a stored file gets.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def validate_image_format(file):
    """Only the three raster formats of the web: no GIF, TIFF, BMP, and no SVG (it can hold scripts)."""
    file.seek(0)
    try:
        with Image.open(file) as image:
            kind = image.format
    finally:
        file.seek(0)
    if kind not in FORMATS:
        raise ValidationError(
            _("This picture is in the %(format)s format. Upload a JPEG, PNG or WebP picture."),
            code="image_format", params={"format": kind},
        )


IMAGE_VALIDATORS = [validate_image_file_size, validate_image_pixels, validate_image_format]


class PictureFormField(forms.ImageField):
    default_error_messages = {
        "invalid_image": _(
            "This file is not a picture that can be read. Upload a JPEG, PNG or WebP picture; "
            "other files, SVG drawings and PDF documents among them, are not accepted."
        ),
    }

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


@deconstructible
class RandomName:
    """``upload_to`` that files a picture under a random name in ``folder``: the editor's file name
    may say more than it should, or clash with another."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = os.path.splitext(filename)[1].lower()
        return f"{self.folder}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def without_metadata(file):
    """The picture re-encoded upright, with nothing of its metadata but its colour profile.

    Pillow writes back what it read into ``info`` (a JPEG comment, say): only a palette's
    transparent colour is kept. A profile is dropped with a change of colour mode (CMYK to RGB),
    which it would no longer describe.
    """
    file.seek(0)
    with Image.open(file) as image:
        kind = image.format
        options = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}[kind]
        upright = ImageOps.exif_transpose(image)
        if kind == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        elif image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]
        upright.info = {key: value for key, value in upright.info.items() if key == "transparency"}
        output = io.BytesIO()
        upright.save(output, kind, **options)
    return ContentFile(output.getvalue(), name=f"picture.{FORMATS[kind]}")


# The widths of the smaller copies written for srcset; only those narrower than the picture.
RENDITION_WIDTHS = (320, 640, 1280)


def rendition_name(name, width):
    return f"{os.path.splitext(name)[0]}-{width}w.webp"


def for_the_web(image):
    """The picture in a mode the WebP encoder takes: 8-bit colour or grey; 16-bit greys scaled down."""
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        return image
    if image.mode.startswith("I"):
        return image.convert("I").point(lambda value: value / 256).convert("L")
    return image.convert("RGBA" if image.has_transparency_data else "RGB")


def renditions(file):
    """[(url, width)] of the picture's smaller copies, writing any that is missing (once: then reused)."""
    storage, widths = file.storage, [width for width in RENDITION_WIDTHS if width < file.width]
    missing = [width for width in widths if not storage.exists(rendition_name(file.name, width))]
    if missing:
        try:
            with storage.open(file.name) as original, Image.open(original) as image:
                for width in missing:
                    copy = for_the_web(image).copy()
                    copy.thumbnail((width, width * 10))
                    output = io.BytesIO()
                    copy.save(output, "WEBP", quality=80)
                    storage.save(rendition_name(file.name, width), ContentFile(output.getvalue()))
        except (OSError, ValueError):
            # A picture Pillow can store but not scale: the page shows it at full size rather than fail.
            logger.exception("No smaller copies of %s", file.name)
            return []
    return [(storage.url(rendition_name(file.name, width)), width) for width in widths]


class PictureField(models.ImageField):
    """An ImageField for pictures shown to the public: checked, renamed, cleaned and resized (see above)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", IMAGE_VALIDATORS)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            cleaned = without_metadata(file)
            file.save(cleaned.name, cleaned, save=False)
            renditions(file)
            return file
        return super().pre_save(model_instance, add)


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

