"""
How an accepted picture is stored: under a random name, re-encoded upright and without its
metadata (location, camera, author), with smaller WebP copies for ``srcset`` written once.
"""

import io
import logging
import os
import uuid

from django.core.files.base import ContentFile
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageOps

from core.pictures.validation import FORMATS

logger = logging.getLogger(__name__)

# The widths of the smaller copies written for srcset; only those narrower than the picture.
RENDITION_WIDTHS = (320, 640, 1280)


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
