"""Uploaded pictures: only JPEG, PNG and WebP; no bombs; random names; no metadata; srcset copies made once."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from core.pictures.renditions import RENDITION_WIDTHS, rendition_name
from profiles.models import Highlight
from tests.factories import image_upload, make_organisation
from tests.test_admin import admin_url, assert_refused, highlight_data

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def upload(editor_client, picture, **fields):
    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)
    return editor_client.post(
        admin_url("profiles", "highlight", "add"),
        highlight_data(lecce, image=picture, image_alt_it="Piazza Sant'Oronzo", **fields),
    )


def saved_picture():
    highlight = Highlight.objects.get()
    with default_storage.open(highlight.image.name) as stored:
        image = Image.open(stored)
        image.load()
    return highlight, image


def png_claiming(width, height):
    """A tiny PNG whose header claims ``width`` × ``height`` pixels: a decompression bomb's calling card."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="5"/></svg>'


@pytest.mark.parametrize("picture, message", [
    (lambda: image_upload("photo.gif", image_format="GIF"), "in the GIF format. Upload a JPEG, PNG or WebP"),
    (lambda: image_upload("photo.bmp", image_format="BMP"), "in the BMP format. Upload a JPEG, PNG or WebP"),
    (lambda: image_upload("photo.tiff", image_format="TIFF"), "in the TIFF format. Upload a JPEG, PNG or WebP"),
    (lambda: SimpleUploadedFile("logo.svg", SVG, "image/svg+xml"), "not a picture that can be read"),
    (lambda: SimpleUploadedFile("photo.jpg", b"%PDF-1.7 not a picture", "image/jpeg"), "not a picture that can be read"),
    (lambda: SimpleUploadedFile("bomb.png", png_claiming(30000, 30000), "image/png"),
     "more pixels than can be opened safely; the largest accepted is 40 megapixels"),
    (lambda: SimpleUploadedFile("bomb.png", png_claiming(10000, 10000), "image/png"),
     "10000 × 10000 pixels (100.0 megapixels); the largest accepted is 40 megapixels"),
    (lambda: SimpleUploadedFile("wide.png", png_claiming(9000, 5000), "image/png"),
     "9000 × 5000 pixels (45.0 megapixels)"),
])
def test_a_refused_picture_is_refused_with_a_message_and_nothing_stored(editor_client, picture, message):
    response = upload(editor_client, picture())
    assert_refused(response, message)
    assert not Highlight.objects.exists()


@pytest.mark.parametrize("image_format, extension", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_jpeg_png_and_webp_are_stored_under_a_random_name(editor_client, image_format, extension):
    response = upload(editor_client, image_upload(f"Casa di Maria Rossi, via Roma 3.{extension}",
                                                  image_format=image_format))
    assert response.status_code == 302
    highlight, image = saved_picture()
    assert re.fullmatch(rf"highlights/[0-9a-f]{{32}}\.{extension}", highlight.image.name)
    assert image.format == image_format


def jpeg_with_location(size=(40, 30), orientation=None):
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x013B] = "Maria Rossi"  # artist
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (40.0, 21.0, 7.0), 3: "E", 4: (18.0, 10.0, 3.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    buffer.seek(0)
    assert Image.open(buffer).getexif().get_ifd(GPS_IFD)  # the test picture does say where it was taken
    return SimpleUploadedFile("IMG_0042.jpg", buffer.getvalue(), "image/jpeg")


def test_location_and_other_exif_metadata_are_removed(editor_client):
    assert upload(editor_client, jpeg_with_location()).status_code == 302
    _highlight, image = saved_picture()
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info


def test_a_picture_taken_sideways_is_stored_upright(editor_client):
    assert upload(editor_client, jpeg_with_location(size=(40, 30), orientation=6)).status_code == 302
    _highlight, image = saved_picture()
    assert image.size == (30, 40)


def test_text_chunks_of_a_png_are_removed(editor_client):
    text = PngInfo()
    text.add_text("Author", "Maria Rossi")
    text.add_text("Comment", "Taken at home, via Roma 3")
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, "PNG", pnginfo=text)
    assert upload(editor_client, SimpleUploadedFile("p.png", buffer.getvalue(), "image/png")).status_code == 302
    _highlight, image = saved_picture()
    assert "Author" not in image.info and "Comment" not in image.info


def test_smaller_copies_are_made_once_and_used_in_srcset(editor_client, client, monkeypatch):
    assert upload(editor_client, image_upload("wide.jpg", size=(1600, 900), image_format="JPEG")).status_code == 302
    highlight, _image = saved_picture()
    for width in RENDITION_WIDTHS:
        with default_storage.open(rendition_name(highlight.image.name, width)) as copy:
            assert Image.open(copy).size[0] == width

    saves = []
    monkeypatch.setattr(default_storage, "save", lambda *args, **kwargs: saves.append(args))
    html = client.get("/en/").content.decode()
    srcset = re.search(r'<img src="[^"]+" srcset="([^"]+)"', html).group(1)
    assert [entry.split()[1] for entry in srcset.split(", ")] == ["320w", "640w", "1280w", "1600w"]
    assert saves == []  # the page reuses the copies made on upload


def test_a_small_picture_gets_no_larger_copies(editor_client, client):
    assert upload(editor_client, image_upload("small.png", size=(300, 200))).status_code == 302
    html = client.get("/en/").content.decode()
    assert re.search(r'srcset="/media/highlights/[0-9a-f]{32}\.png 300w"', html)


@pytest.mark.parametrize("mode, image_format, options", [
    ("I;16", "PNG", {}),  # a 16-bit greyscale scan
    ("P", "PNG", {"transparency": 0}),
    ("CMYK", "JPEG", {}),
    ("LA", "PNG", {}),
    ("1", "PNG", {}),
])
def test_unusual_kinds_of_picture_are_stored_with_their_copies(editor_client, mode, image_format, options):
    buffer = io.BytesIO()
    Image.new(mode, (1400, 900)).save(buffer, image_format, **options)
    picture = SimpleUploadedFile(f"scan.{image_format.lower()}", buffer.getvalue(), f"image/{image_format.lower()}")
    assert upload(editor_client, picture).status_code == 302
    highlight, _image = saved_picture()
    assert default_storage.exists(rendition_name(highlight.image.name, 640))


def test_a_picture_that_cannot_be_scaled_is_shown_at_full_size_rather_than_fail(editor_client, client, monkeypatch):
    assert upload(editor_client, image_upload("wide.jpg", size=(1600, 900), image_format="JPEG")).status_code == 302
    highlight, _image = saved_picture()
    for width in RENDITION_WIDTHS:
        default_storage.delete(rendition_name(highlight.image.name, width))

    def broken(image):
        raise ValueError("image has wrong mode")

    monkeypatch.setattr("core.pictures.renditions.for_the_web", broken)
    response = client.get("/en/")
    assert response.status_code == 200
    assert re.search(r'srcset="/media/highlights/[0-9a-f]{32}\.jpg 1600w"', response.content.decode())


def test_a_jpeg_comment_is_removed(editor_client):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, "JPEG", comment=b"Mario Rossi, via Roma 1")
    assert upload(editor_client, SimpleUploadedFile("p.jpg", buffer.getvalue(), "image/jpeg")).status_code == 302
    _highlight, image = saved_picture()
    assert "comment" not in image.info


def test_a_cmyk_picture_stored_as_rgb_loses_the_profile_that_described_cmyk(editor_client):
    buffer = io.BytesIO()
    Image.new("CMYK", (40, 30)).save(buffer, "JPEG", icc_profile=b"CMYK profile")
    assert upload(editor_client, SimpleUploadedFile("p.jpg", buffer.getvalue(), "image/jpeg")).status_code == 302
    _highlight, image = saved_picture()
    assert image.mode == "RGB" and "icc_profile" not in image.info


def test_a_page_whose_picture_file_is_missing_still_answers(editor_client, client):
    assert upload(editor_client, image_upload("wide.jpg", size=(1600, 900), image_format="JPEG")).status_code == 302
    highlight, _image = saved_picture()
    default_storage.delete(highlight.image.name)
    for width in RENDITION_WIDTHS:
        default_storage.delete(rendition_name(highlight.image.name, width))
    response = client.get("/en/")
    assert response.status_code == 200
    assert f'<img src="{highlight.image.url}" alt="Piazza Sant&#x27;Oronzo" loading="lazy"' in response.content.decode()


def test_the_help_beside_a_picture_states_the_limits_the_validators_apply(editor_client, settings):
    """One setting for each limit: the help text an editor reads and the refusal say the same."""
    settings.IMAGE_MAX_BYTES = 2 * 1024 * 1024
    settings.IMAGE_MAX_PIXELS = 12_000_000
    for url in [admin_url("profiles", "highlight", "add"), admin_url("projects", "organisation", "add"),
                admin_url("projects", "project", "add")]:
        assert "A JPEG, PNG or WebP picture, at most 2.0\xa0MB and 12 megapixels." in editor_client.get(url).content.decode()
    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce")
    for picture, refusal in [
        (SimpleUploadedFile("wide.png", png_claiming(4000, 3500), "image/png"),
         "4000 × 3500 pixels (14.0 megapixels); the largest accepted is 12 megapixels"),
        (image_upload("large.png", size=(1000, 1000), noise=True), "the largest file accepted is 2.0\xa0MB"),
    ]:
        data = highlight_data(lecce, image=picture, image_alt_it="Piazza Sant'Oronzo")
        assert_refused(editor_client.post(admin_url("profiles", "highlight", "add"), data), refusal)


@pytest.mark.parametrize("content", [
    SVG, b"%PDF-1.7 not a picture", b"", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, image_upload("a.gif", image_format="GIF").read(),
], ids=["svg", "pdf", "empty", "truncated-png", "gif"])
def test_a_foreign_file_is_refused_with_the_forms_message_outside_the_admin_too(content):
    """``full_clean()`` in a script or an import meets the same validators as the form."""
    from django.core.exceptions import ValidationError

    highlight = Highlight(organisation=make_organisation(), title_it="Un titolo", text_it="Testo.", image_alt_it="x")
    highlight.image = SimpleUploadedFile("picture.png", content, "image/png")
    with pytest.raises(ValidationError) as refusal:
        highlight.full_clean()
    messages = refusal.value.message_dict["image"]
    assert any("not a picture that can be read" in message or "in the GIF format" in message for message in messages)
