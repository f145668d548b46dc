"""A picture chosen in a form refused for another reason is kept for the next try, and only a picture the site kept."""

import io
import os
import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from core.pictures.keeping import KEPT_FOLDER, KEPT_FOR, SALT
from profiles.models import Highlight
from projects.models import Organisation
from tests.factories import image_upload, make_organisation
from tests.test_admin import admin_url, highlight_data, management_form, page_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

KEPT = re.compile(r'<input type="hidden" name="(?P<name>[\w-]+-kept)" value="(?P<token>[^"]+)">')


@pytest.fixture
def lecce():
    return make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)


def kept_token(response, name="image-kept"):
    found = {match["name"]: match["token"] for match in KEPT.finditer(page_of(response))}
    return found[name]


def colour_of(file):
    with default_storage.open(file.name) as stored, Image.open(stored) as image:
        return image.convert("RGB").getpixel((0, 0))


def coloured(name, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def refused_for_its_description(editor_client, lecce, picture):
    """A highlight with a picture and no description of it: refused, for the description only."""
    response = editor_client.post(admin_url("profiles", "highlight", "add"),
                                  highlight_data(lecce, image=picture, image_alt_it=""))
    assert response.status_code == 200
    assert "Describe the image for people who cannot see it." in page_of(response)
    return response


def test_the_page_shown_again_keeps_the_chosen_picture(editor_client, lecce):
    response = refused_for_its_description(editor_client, lecce, image_upload("piazza-duomo.png"))

    page = page_of(response)
    assert "Chosen: piazza-duomo.png (kept from your last try)." in page
    thumbnail = re.search(r'<div class="kept-picture">.*?<img class="thumbnail" src="([^"]+)"', page, re.S)
    assert thumbnail and re.fullmatch(rf"/media/{KEPT_FOLDER}/[0-9a-f]{{32}}\.png", thumbnail[1])
    assert default_storage.exists(thumbnail[1].removeprefix("/media/"))
    assert not Highlight.objects.exists()


def test_sent_again_with_the_error_corrected_and_no_new_file_it_is_saved_with_the_kept_picture(
        editor_client, lecce, django_capture_on_commit_callbacks):
    token = kept_token(refused_for_its_description(editor_client, lecce, coloured("duomo.png", (200, 30, 40))))
    kept = signing.loads(token, salt=SALT)["name"]

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(admin_url("profiles", "highlight", "add"),
                                      highlight_data(lecce, image_alt_it="Il Duomo di Lecce", **{"image-kept": token}))

    assert response.status_code == 302
    highlight = Highlight.objects.get()
    assert re.fullmatch(r"highlights/[0-9a-f]{32}\.png", highlight.image.name)
    assert colour_of(highlight.image) == (200, 30, 40)
    assert not default_storage.exists(kept)  # its copy is stored: the kept file is no longer needed


def test_a_new_file_chosen_when_sending_again_wins(editor_client, lecce):
    token = kept_token(refused_for_its_description(editor_client, lecce, coloured("first.png", (200, 30, 40))))

    response = editor_client.post(admin_url("profiles", "highlight", "add"), highlight_data(
        lecce, image=coloured("second.png", (10, 120, 60)), image_alt_it="Il Duomo", **{"image-kept": token}))

    assert response.status_code == 302
    assert colour_of(Highlight.objects.get().image) == (10, 120, 60)


def test_clearing_wins_over_a_kept_picture(editor_client, lecce):
    highlight = Highlight.objects.create(organisation=lecce, title="Duomo", text="Testo.")
    token = kept_token(refused_for_its_description(editor_client, lecce, image_upload()))

    url = admin_url("profiles", "highlight", "change", highlight.pk)
    response = editor_client.post(url, highlight_data(lecce, **{"image-kept": token, "image-clear": "on"}))

    assert response.status_code == 302
    highlight.refresh_from_db()
    assert not highlight.image


@pytest.mark.parametrize("forge", [
    lambda token: token[:-3] + ("abc" if not token.endswith("abc") else "xyz"),  # changed
    lambda token: signing.dumps({"name": "logos/somebody-elses.png", "chosen_as": "x.png"}, salt="another salt"),
    lambda token: "not a token at all",
])
def test_a_tampered_token_is_refused_with_a_message(editor_client, lecce, forge):
    token = kept_token(refused_for_its_description(editor_client, lecce, image_upload()))

    response = editor_client.post(admin_url("profiles", "highlight", "add"),
                                  highlight_data(lecce, image_alt_it="Il Duomo", **{"image-kept": forge(token)}))

    assert response.status_code == 200
    assert "The picture kept from your last try can no longer be used. Choose the file again." in page_of(response)
    assert not Highlight.objects.exists()


def test_a_token_naming_a_file_outside_the_kept_folder_is_refused_even_if_signed(editor_client, lecce):
    """Defence in depth: a leaked key must still not let a form pick a stored file."""
    token = signing.dumps({"name": "logos/someone.png", "chosen_as": "x.png"}, salt=SALT)
    response = editor_client.post(admin_url("profiles", "highlight", "add"),
                                  highlight_data(lecce, image_alt_it="Il Duomo", **{"image-kept": token}))
    assert response.status_code == 200
    assert "Choose the file again." in page_of(response)


def test_a_token_older_than_a_day_is_refused(editor_client, lecce, monkeypatch):
    token = kept_token(refused_for_its_description(editor_client, lecce, image_upload()))
    later = time.time() + KEPT_FOR.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = editor_client.post(admin_url("profiles", "highlight", "add"),
                                  highlight_data(lecce, image_alt_it="Il Duomo", **{"image-kept": token}))
    assert "Choose the file again." in page_of(response)


def test_a_picture_refused_itself_is_not_kept(editor_client, lecce):
    huge = image_upload("logo.png", size=(8000, 5001))
    response = editor_client.post(admin_url("profiles", "highlight", "add"), highlight_data(lecce, image=huge))

    assert "8000 × 5001 pixels" in page_of(response)
    assert "kept from your last try" not in page_of(response)
    assert not default_storage.exists(KEPT_FOLDER) or default_storage.listdir(KEPT_FOLDER) == ([], [])


def test_the_kept_picture_is_kept_again_when_the_next_try_fails_too(editor_client, lecce):
    token = kept_token(refused_for_its_description(editor_client, lecce, image_upload("duomo.png")))

    response = editor_client.post(admin_url("profiles", "highlight", "add"),
                                  highlight_data(lecce, image_alt_it="", **{"image-kept": token}))

    assert "Chosen: duomo.png (kept from your last try)." in page_of(response)
    assert kept_token(response) == token
    assert default_storage.listdir(KEPT_FOLDER)[1] == [signing.loads(token, salt=SALT)["name"].split("/")[1]]


def test_a_logo_is_kept_when_another_field_of_the_organisation_is_refused(editor_client):
    data = {"name": "", "name_it": "", "name_en": "", "slug": "sevilla", "is_published": "on", "country": "ES",
            "logo": image_upload("escudo.png")}
    for prefix in ("sections", "highlights", "key_figures"):
        data.update(management_form(prefix))
    response = editor_client.post(admin_url("projects", "organisation", "add"), data)

    assert response.status_code == 200
    assert "Chosen: escudo.png (kept from your last try)." in page_of(response)
    assert kept_token(response, "logo-kept")
    assert not Organisation.objects.exists()


def test_a_highlight_picture_in_the_profile_form_is_kept(editor_client, lecce):
    """In an inline row too, under the row's own name."""
    data = {"name": lecce.name, "name_it": lecce.name, "slug": lecce.slug, "is_published": "on", "country": "IT",
            "is_featured": "on"}
    for prefix in ("sections", "key_figures"):
        data.update(management_form(prefix))
    data.update(management_form("highlights", total=1))
    data.update({
        "highlights-0-id": "", "highlights-0-organisation": lecce.pk, "highlights-0-title_it": "Notizia",
        "highlights-0-title_en": "News", "highlights-0-text_it": "Testo.", "highlights-0-text_en": "Text.",
        "highlights-0-order": "0", "highlights-0-is_published": "on", "highlights-0-project": "",
        "highlights-0-image": image_upload("notizia.png"), "highlights-0-image_alt_it": "",
    })
    response = editor_client.post(admin_url("projects", "organisation", "change", lecce.pk), data)
    token = kept_token(response, "highlights-0-image-kept")

    del data["highlights-0-image"]
    data.update({"highlights-0-image_alt_it": "La piazza", "highlights-0-image-kept": token})
    response = editor_client.post(admin_url("projects", "organisation", "change", lecce.pk), data)

    assert response.status_code == 302
    assert re.fullmatch(r"highlights/[0-9a-f]{32}\.png", Highlight.objects.get().image.name)


def test_kept_pictures_nobody_came_back_for_are_pruned(editor_client, lecce):
    refused_for_its_description(editor_client, lecce, image_upload("old.png"))
    old = f"{KEPT_FOLDER}/{default_storage.listdir(KEPT_FOLDER)[1][0]}"
    refused_for_its_description(editor_client, lecce, image_upload("recent.png"))
    recent = next(f"{KEPT_FOLDER}/{name}" for name in default_storage.listdir(KEPT_FOLDER)[1] if f"{KEPT_FOLDER}/{name}" != old)
    long_ago = time.time() - (KEPT_FOR + timedelta(minutes=5)).total_seconds()
    os.utime(default_storage.path(old), (long_ago, long_ago))

    out = io.StringIO()
    call_command("prune_pictures", "--min-age", "0", stdout=out)

    assert f"removed {old}" in out.getvalue()
    assert not default_storage.exists(old)
    assert default_storage.exists(recent)  # still waiting for the form to be sent again
