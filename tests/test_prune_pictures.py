"""A replaced or deleted picture leaves the disk, with its smaller copies, once no row and no revision names it."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Revision, Version

from core.pictures import pruning
from core.pictures.renditions import RENDITION_WIDTHS, rendition_name
from profiles.models import Highlight
from projects.models import Organisation
from tests.factories import image_upload, make_highlight, make_organisation
from tests.test_admin import admin_url, highlight_data
from tests.test_revisions import save_as_shown

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

NOW = timedelta(0)  # prune files however young: the tests' pictures were all saved a moment ago


@pytest.fixture
def lecce():
    return make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)


def wide(name="wide.jpg"):
    """A picture wide enough for its three smaller copies."""
    return image_upload(name, size=(1600, 900), image_format="JPEG")


def with_copies(name):
    return [name, *(rendition_name(name, width) for width in RENDITION_WIDTHS)]


def on_disk(names):
    return [name for name in names if default_storage.exists(name)]


def add_through_the_admin(client, lecce):
    response = client.post(admin_url("profiles", "highlight", "add"),
                           highlight_data(lecce, image=wide(), image_alt_it="Piazza Sant'Oronzo"))
    assert response.status_code == 302
    return Highlight.objects.get()


def replace_through_the_admin(client, lecce, highlight):
    old = highlight.image.name
    response = client.post(admin_url("profiles", "highlight", "change", highlight.pk),
                           highlight_data(lecce, image=wide("new.jpg"), image_alt_it="Piazza Sant'Oronzo"))
    assert response.status_code == 302
    highlight.refresh_from_db()
    assert highlight.image.name != old
    return old, highlight.image.name


def prune(*options):
    out = io.StringIO()
    call_command("prune_pictures", "--min-age", "0", *options, stdout=out)
    return out.getvalue()


def test_a_replaced_picture_stays_while_a_revision_names_it_and_goes_after(editor_client, lecce):
    highlight = add_through_the_admin(editor_client, lecce)
    old, new = replace_through_the_admin(editor_client, lecce, highlight)
    assert on_disk(with_copies(old)) == with_copies(old)  # still on disk, and still served at its address

    # The first revision names it: restoring that revision would bring it back.
    assert "Removed 0 files" in prune()
    assert on_disk(with_copies(old)) == with_copies(old)

    # Revisions are kept for a time (deleterevisions in cron); each item keeps its latest, which names the new one.
    call_command("deleterevisions", "profiles.highlight", keep=1, verbosity=0)
    assert Version.objects.get_for_object(highlight).count() == 1
    output = prune()
    assert on_disk(with_copies(old)) == []
    assert on_disk(with_copies(new)) == with_copies(new)
    for name in with_copies(old):
        assert f"removed {name} (" in output
    assert "Removed 4 files" in output


def test_a_restored_revision_shows_its_picture(editor_client, client, lecce):
    highlight = add_through_the_admin(editor_client, lecce)
    old, _new = replace_through_the_admin(editor_client, lecce, highlight)
    prune()
    first = Version.objects.get_for_object(highlight).last()
    response = save_as_shown(editor_client, admin_url("profiles", "highlight", "revision", highlight.pk, first.pk))
    assert response.status_code == 302
    highlight.refresh_from_db()
    assert highlight.image.name == old
    html = client.get("/en/").content.decode()
    srcset = re.search(rf'<img src="/media/{re.escape(old)}" srcset="([^"]+)"', html).group(1)
    assert [entry.split()[0] for entry in srcset.split(", ")] == [f"/media/{name}" for name in with_copies(old)[1:]] + [
        f"/media/{old}"]
    assert on_disk(with_copies(old)) == with_copies(old)


def test_the_pictures_in_use_and_their_copies_are_never_removed(editor_client, lecce):
    highlight = add_through_the_admin(editor_client, lecce)
    logo = make_organisation(logo=wide("logo.jpg")).logo.name
    stray = default_storage.save("projects/0123456789abcdef0123456789abcdef.png", ContentFile(b"left by a failed save"))
    orphan_copy = default_storage.save("logos/fedcba9876543210fedcba9876543210-640w.webp", ContentFile(b"copy"))

    output = prune()

    assert on_disk([*with_copies(highlight.image.name), *with_copies(logo)]) == [
        *with_copies(highlight.image.name), *with_copies(logo)]
    assert on_disk([stray, orphan_copy]) == []
    assert "Removed 2 files" in output


def test_a_dry_run_says_what_it_would_remove_and_how_much_and_removes_nothing():
    stray = default_storage.save("logos/0123456789abcdef0123456789abcdef.png", ContentFile(b"x" * 2048))
    output = prune("--dry-run")
    assert f"would remove {stray} (2.0\xa0KB)" in output
    assert "Dry run: 1 file (2.0\xa0KB) would be removed; nothing was." in output
    assert on_disk([stray]) == [stray]


def test_a_picture_just_uploaded_is_left_alone_by_default():
    """An upload is on disk before its row is committed: pruning then must not take it for a leftover."""
    fresh = default_storage.save("highlights/0123456789abcdef0123456789abcdef.jpg", ContentFile(b"being saved"))
    out = io.StringIO()
    call_command("prune_pictures", stdout=out)
    assert on_disk([fresh]) == [fresh]
    assert [file.name for file in pruning.prune(dry_run=True, min_age=NOW)] == [fresh]


def test_a_deleted_items_picture_stays_while_it_can_be_recovered(editor_client, lecce):
    highlight = add_through_the_admin(editor_client, lecce)
    name = highlight.image.name
    response = editor_client.post(admin_url("profiles", "highlight", "delete", highlight.pk), {"post": "yes"})
    assert response.status_code == 302 and not Highlight.objects.exists()
    prune()
    assert on_disk(with_copies(name)) == with_copies(name)  # "Recover deleted highlights" still brings it back

    call_command("deleterevisions", "profiles.highlight", verbosity=0)
    assert not Revision.objects.exists()
    prune()
    assert on_disk(with_copies(name)) == []


def test_a_scripted_rows_picture_stays_when_an_editor_first_replaces_it(editor_client, lecce,
                                                                         django_capture_on_commit_callbacks):
    """A row written without the admin has no revision until its first change, which records its stored state
    first: that revision names the old picture, which stays to be brought back."""
    highlight = make_highlight(lecce, image=wide("scripted.jpg"), image_alt="Piazza")
    old = highlight.image.name
    with django_capture_on_commit_callbacks(execute=True):
        _old, new = replace_through_the_admin(editor_client, lecce, highlight)
    assert on_disk(with_copies(old)) == with_copies(old)
    assert on_disk(with_copies(new)) == with_copies(new)

    call_command("deleterevisions", "profiles.highlight", "--keep", "1", verbosity=0)
    prune()
    assert on_disk(with_copies(old)) == []
    assert on_disk(with_copies(new)) == with_copies(new)


def test_a_picture_no_revision_names_goes_with_its_row_or_when_cleared(django_capture_on_commit_callbacks):
    organisation = make_organisation(logo=wide("logo.jpg"))
    shared = make_organisation(logo=organisation.logo.name)  # a script gave two rows one file
    logo = organisation.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        organisation.delete()
    assert on_disk(with_copies(logo)) == with_copies(logo)  # the other row still shows it

    shared = Organisation.objects.get(pk=shared.pk)
    shared.logo = ""
    with django_capture_on_commit_callbacks(execute=True):
        shared.save()
    assert on_disk(with_copies(logo)) == []


def test_nothing_goes_when_the_save_is_rolled_back(django_capture_on_commit_callbacks):
    organisation = make_organisation(logo=wide("logo.jpg"))
    logo = organisation.logo.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        organisation.delete()
    assert len(callbacks) == 1  # run only when the deletion is committed
    assert on_disk(with_copies(logo)) == with_copies(logo)


def test_a_revision_names_a_picture_however_it_was_written(lecce):
    """Django's JSON keeps accents as they are; a migration that rewrote revisions with json.dumps() escaped them."""
    accented = default_storage.save("logos/città.png", ContentFile(b"logo"))
    revision = Revision.objects.create(comment="before RandomName", date_created=timezone.now())
    Version.objects.create(
        revision=revision, object_id=str(lecce.pk), content_type=ContentType.objects.get_for_model(Organisation),
        db="default", format="json",
        serialized_data=json.dumps([{"model": "projects.organisation", "pk": lecce.pk, "fields": {"logo": accented}}]),
        object_repr="Comune di Lecce",
    )
    assert "\\u00e0" in Version.objects.get().serialized_data
    assert pruning.is_named(accented)
    assert accented in pruning.names_in_use()
    prune()
    assert on_disk([accented]) == [accented]
