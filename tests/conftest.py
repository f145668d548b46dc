"""The fixtures every test shares: an empty cache, English, clients, and an editor. Builders are in factories.py."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import translation

from profiles.editors import EDITORS_GROUP


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached: the database is rolled back between tests, the cache is not."""
    from django.core.cache import cache

    cache.clear()


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
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
