"""The fixtures every test shares: an empty cache, English, clients, and an editor. Builders are in factories.py."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.utils import translation

from profiles.editors import give_editors_their_permissions


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached: the database is rolled back between tests, the cache is not."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def content_version_at_each_statement(request):
    """On PostgreSQL, a change starts a new content version when it is committed (core/content_version.py),
    and a test's transaction never commits: inside one, the triggers fire at the end of each statement,
    so a change shows on the next page as it does in production. By name, not ALL: foreign keys are
    still checked at the end, as in production. Tests with transaction=True commit, and need nothing.
    """
    from django.db import connection

    from core import content_version

    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames
    if connection.vendor != "postgresql" or transactional or (marker is None and "db" not in request.fixturenames):
        return
    request.getfixturevalue("db")  # the test's transaction, begun now if a later fixture asked for it
    names = ", ".join(connection.ops.quote_name(content_version.deferred_trigger(model._meta.db_table))
                      for model in content_version.watched)
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE")


@pytest.fixture(autouse=True)
def english():
    """Most tests read the English site; the tests of the Italian one switch language themselves."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """A visitor whose browser asks for English, like the tests' active language."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def admin_client(client, admin_user):
    """A superuser, in English like the other clients."""
    client.force_login(admin_user)
    return client


@pytest.fixture
def editor(db):
    """A member of the Editors group, staff but not superuser."""
    user = User.objects.create_user("editor", "editor@example.org", "correct horse battery", is_staff=True)
    # Made by a migration, which a transactional test's flush takes away for the tests after it: made again.
    user.groups.add(give_editors_their_permissions(Group, Permission))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def media(settings, tmp_path):
    """A media folder of the test's own, for tests that walk or count the files in it (pictures kept, pruned)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
