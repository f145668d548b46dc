"""Content history: every editor's change is a revision that can be compared and restored, deletions too."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client
from reversion.models import Revision, Version

from profiles.models import Highlight
from projects.models import Organisation, Participation, Project
from tests.factories import make_organisation
from tests.test_admin import admin_url, highlight_data, project_data

pytestmark = pytest.mark.django_db


class FormReader(HTMLParser):
    """The data a browser would send for the page's main form, as it stands: what "Save" posts.

    As browsers do, a textarea's lines are sent ended by \r\n, whatever the page held.
    """

    def __init__(self):
        super().__init__()
        self.data, self._textarea, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "image"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.data.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.data.append((self._textarea[0], self._textarea[1].removeprefix("\n").replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def save_as_shown(client, url, **changes):
    """Open ``url`` in the admin and press Save, having changed only the fields named in ``changes``."""
    page = client.get(url)
    assert page.status_code == 200
    reader = FormReader()
    reader.feed(page.content.decode())
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return client.post(url, {**data, **changes})


@pytest.fixture
def highlight(editor_client):
    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)
    editor_client.post(admin_url("profiles", "highlight", "add"), highlight_data(lecce))
    highlight = Highlight.objects.get()
    response = editor_client.post(
        admin_url("profiles", "highlight", "change", highlight.pk),
        highlight_data(lecce, title_en="A changed title", title_it="Un titolo cambiato"),
    )
    assert response.status_code == 302
    return highlight


def test_each_admin_save_is_kept_as_a_revision_with_its_author(highlight, editor):
    versions = Version.objects.get_for_object(highlight)
    assert [version.field_dict["title_en"] for version in versions] == ["A changed title", "A new highlight"]
    assert {version.revision.user for version in versions} == {editor}


def test_the_history_lists_the_revisions_and_compares_two(editor_client, highlight):
    history = editor_client.get(admin_url("profiles", "highlight", "history", highlight.pk)).content.decode()
    assert history.count('name="version_id1"') == 2
    newer, older = Version.objects.get_for_object(highlight)
    compare = editor_client.get(
        admin_url("profiles", "highlight", "compare", highlight.pk),
        {"version_id1": older.pk, "version_id2": newer.pk},
    )
    assert compare.status_code == 200
    text = compare.content.decode()
    assert "A new highlight" in text and "A changed title" in text


def test_an_earlier_revision_is_restored_from_the_admin(editor_client, highlight):
    older = Version.objects.get_for_object(highlight).last()
    response = save_as_shown(editor_client, admin_url("profiles", "highlight", "revision", highlight.pk, older.pk))
    assert response.status_code == 302
    highlight.refresh_from_db()
    assert (highlight.title_en, highlight.title_it) == ("A new highlight", "Una nuova notizia")
    assert Version.objects.get_for_object(highlight).count() == 3  # the restore is itself a revision


def test_a_deleted_highlight_is_recovered_from_the_admin(editor_client, highlight):
    pk = highlight.pk
    response = editor_client.post(admin_url("profiles", "highlight", "delete", pk), {"post": "yes"})
    assert response.status_code == 302 and not Highlight.objects.exists()

    recover_list = editor_client.get(admin_url("profiles", "highlight", "recoverlist")).content.decode()
    assert "A changed title" in recover_list
    deleted = Version.objects.get_deleted(Highlight).get()
    response = save_as_shown(editor_client, admin_url("profiles", "highlight", "recover", deleted.pk))
    assert response.status_code == 302
    assert Highlight.objects.get(pk=pk).title_en == "A changed title"


def test_restoring_a_project_brings_back_a_partner_removed_with_it(editor_client):
    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce")
    tecnalia = make_organisation(name="TECNALIA", slug="tecnalia")
    editor_client.post(admin_url("projects", "project", "add"), project_data(
        {"organisation": lecce.pk}, {"organisation": tecnalia.pk, "role": "coordinator"},
    ))
    project = Project.objects.get(slug="newprj")
    first = Version.objects.get_for_object(project).get()
    rows = {p.organisation.slug: p.pk for p in project.participations.all()}

    data = project_data({"organisation": lecce.pk}, {"organisation": tecnalia.pk, "role": "coordinator"})
    data.update({"participations-INITIAL_FORMS": "2", "participations-0-id": rows["comune-di-lecce"],
                 "participations-1-id": rows["tecnalia"], "participations-1-DELETE": "on"})
    assert editor_client.post(admin_url("projects", "project", "change", project.pk), data).status_code == 302
    assert list(project.participations.values_list("organisation__slug", flat=True)) == ["comune-di-lecce"]

    response = save_as_shown(editor_client, admin_url("projects", "project", "revision", project.pk, first.pk))
    assert response.status_code == 302
    assert set(Participation.objects.filter(project=project).values_list("organisation__slug", "role")) == {
        ("comune-di-lecce", "participant"), ("tecnalia", "coordinator"),
    }


def test_every_edited_model_keeps_revisions():
    import reversion

    from profiles.models import KeyFigure, ProfileSection
    from projects.models import Organisation, Theme

    for model in [Organisation, ProfileSection, Highlight, KeyFigure, Project, Participation, Theme]:
        assert reversion.is_registered(model), model.__name__
    assert re.search("participations", str(reversion.revisions._get_options(Project).follow))


def test_saving_the_demo_profile_unchanged_records_no_revision(editor_client):
    """A browser sends \r\n: the five sections once each counted as changed, and every save as a revision."""
    call_command("load_demo", stdout=io.StringIO())
    lecce = Organisation.objects.get(slug="comune-di-lecce")
    assert "\n\n" in lecce.sections.first().body_it
    revisions = Revision.objects.count()
    response = save_as_shown(editor_client, admin_url("projects", "organisation", "change", lecce.pk))
    assert response.status_code == 302
    assert Revision.objects.count() == revisions
    assert not lecce.sections.filter(body_it__contains="\r").exists()


def test_a_change_to_one_section_is_one_revision_in_the_profiles_history(editor_client):
    call_command("load_demo", stdout=io.StringIO())
    lecce = Organisation.objects.get(slug="comune-di-lecce")
    section = lecce.sections.get(order=2)
    url = admin_url("projects", "organisation", "change", lecce.pk)
    listed = Version.objects.get_for_object(lecce).count()
    assert save_as_shown(editor_client, url, **{"sections-1-body_it": "Un testo nuovo."}).status_code == 302
    section.refresh_from_db()
    assert section.body_it == "Un testo nuovo."
    revision = Version.objects.get_for_object(lecce).first().revision
    assert Version.objects.get_for_object(lecce).count() == listed + 1
    assert revision.version_set.get_for_object(section).get().field_dict["body_it"] == "Un testo nuovo."


def test_the_history_and_its_comparison_read_in_italian_for_an_italian_editor(editor):
    italian = Client(headers={"accept-language": "it"})
    italian.force_login(editor)
    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)
    italian.post(admin_url("profiles", "highlight", "add"), highlight_data(lecce))
    highlight = Highlight.objects.get()
    italian.post(admin_url("profiles", "highlight", "change", highlight.pk), highlight_data(lecce, title_it="Un piano"))
    newer, older = Version.objects.get_for_object(highlight)
    history = admin_url("profiles", "highlight", "history", highlight.pk)
    pages = [
        italian.get(history).content.decode(),
        italian.get(f"{history}compare/?version_id1={older.pk}&version_id2={newer.pk}").content.decode(),
    ]
    assert "Modificati" in pages[0]  # the comment, in the words of the editor who made the change
    assert all(words in pages[1] for words in ["Torna alla cronologia", "Ripristina questa versione", "Un piano"])
    for english in ["Changed", "Compare ", "Go back", "Revert to", "None", "add:", "Date/time"]:
        assert not any(english in page for page in pages), english


def test_the_demo_profile_is_taken_back_to_its_first_revision(editor_client):
    call_command("load_demo", stdout=io.StringIO())
    lecce = Organisation.objects.get(slug="comune-di-lecce")
    [first] = Version.objects.get_for_object(lecce)
    assert first.revision.comment == "Demo content"
    section = lecce.sections.get(order=1)
    original = section.body_it
    url = admin_url("projects", "organisation", "change", lecce.pk)
    assert save_as_shown(editor_client, url, **{"sections-0-body_it": "Un testo nuovo.", "tagline_en": "New"}).status_code == 302
    section.refresh_from_db()
    assert section.body_it == "Un testo nuovo."

    response = save_as_shown(editor_client, admin_url("projects", "organisation", "revision", lecce.pk, first.pk))
    assert response.status_code == 302
    section.refresh_from_db()
    lecce.refresh_from_db()
    assert section.body_it == original
    assert lecce.tagline_en.startswith("A city in the south of Italy")
    assert Version.objects.get_for_object(lecce).count() == 3  # the demo, the change, the restore
