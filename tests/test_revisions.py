"""Content history: every editor's change is a revision that can be compared and restored, deletions too."""

import re
from html.parser import HTMLParser

import pytest
from reversion.models import Version

from profiles.models import Highlight
from projects.models import Participation, Project
from tests.factories import make_organisation
from tests.test_admin import admin_url, highlight_data, project_data

pytestmark = pytest.mark.django_db


class FormReader(HTMLParser):
    """The data a browser would send for the page's main form, as it stands: what "Save" posts."""

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
            self.data.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def save_as_shown(client, url):
    """Open ``url`` in the admin and press Save without changing anything."""
    page = client.get(url)
    assert page.status_code == 200
    reader = FormReader()
    reader.feed(page.content.decode())
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return client.post(url, data)


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
