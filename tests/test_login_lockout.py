"""Admin sign-in: locked after repeated failures for one user name from one address, or from one address,
until lifted; never for a user name from everywhere, which would let a stranger lock an editor out."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "the right password, long enough"


@pytest.fixture
def editor_account():
    return User.objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)


def sign_in(username, password, address="203.0.113.7", language="en"):
    client = Client(REMOTE_ADDR=address, headers={"accept-language": language})
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def fail(times, username="editor"):
    """Sign in ``times`` times with a wrong password; the fifth failure is the one that locks."""
    for attempt in range(1, times + 1):
        response = sign_in(username, "wrong")
        assert response.status_code == (429 if attempt >= 5 else 200)  # else the form again, with its error


def test_a_right_password_signs_in(editor_account):
    assert sign_in("editor", PASSWORD).status_code == 302


def test_four_failures_still_let_the_editor_in(editor_account):
    fail(4)
    assert sign_in("editor", PASSWORD).status_code == 302


def test_five_failures_lock_the_user_name_from_that_address(editor_account):
    fail(5)
    locked = sign_in("editor", PASSWORD)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Signing in is blocked" in page
    assert "Signing in failed 5 times in a row" in page
    assert "ask an administrator" in page


def test_five_failures_from_one_address_do_not_lock_the_editor_out_elsewhere(editor_account):
    """A stranger who knows an editor's user name locks only their own attempts, not the editor."""
    fail(5)
    assert sign_in("editor", PASSWORD, address="198.51.100.20").status_code == 302


def test_five_failures_for_one_name_still_let_another_name_in_from_that_address(editor_account):
    """Editors behind one office address: one editor's typos do not lock the others out."""
    fail(5, username="editor.typo")
    assert sign_in("editor", PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_lock_it_whatever_the_names(editor_account):
    """Guessing one password for many user names from one address is stopped too."""
    for n in range(19):
        assert sign_in(f"name{n}", "wrong").status_code == 200
    assert sign_in("name19", "wrong").status_code == 429
    locked = sign_in("editor", PASSWORD)
    assert locked.status_code == 429
    assert "Signing in failed 20 times in a row" in locked.content.decode()
    assert sign_in("editor", PASSWORD, address="198.51.100.20").status_code == 302


def test_the_lock_out_page_speaks_italian_to_an_italian_browser(editor_account):
    fail(5)
    page = sign_in("editor", PASSWORD, language="it").content.decode()
    assert '<html lang="it"' in page
    assert "Accesso bloccato" in page


def test_a_superuser_lifts_the_lock_in_the_admin(editor_account, admin_user):
    fail(5)
    assert sign_in("editor", PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(admin_user)
    attempts = admin.get("/admin/axes/accessattempt/")
    assert attempts.status_code == 200 and "editor" in attempts.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    response = admin.post("/admin/axes/accessattempt/", {
        "action": "delete_selected", "_selected_action": ids, "post": "yes",
    })
    assert response.status_code == 302
    assert sign_in("editor", PASSWORD).status_code == 302


def test_editors_cannot_see_or_lift_locks(editor_client):
    assert editor_client.get("/admin/axes/accessattempt/").status_code == 403


def through_proxy(username, password, forwarded):
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_a_lock_holds_the_visitors_address_not_the_proxys(editor_account):
    """Every request comes from the proxy's address: locking that one would lock every editor out."""
    for _ in range(5):
        through_proxy("editor", "wrong", "10.1.1.1, 198.51.100.9")  # the first address is the visitor's own claim
    assert through_proxy("editor", PASSWORD, "198.51.100.9").status_code == 429
    assert through_proxy("editor", PASSWORD, "10.1.1.1, 203.0.113.7").status_code == 302


def test_without_the_proxy_a_forwarded_address_is_not_believed(editor_account):
    for n in range(5):
        Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").post(
            LOGIN, {"username": "editor", "password": "wrong", "next": "/admin/"})
    assert sign_in("editor", PASSWORD, address="198.51.100.9").status_code == 429


@override_settings(BEHIND_PROXY=True)
@pytest.mark.parametrize("forwarded", ["not-an-address", "198.51.100.9, 300.1.2.3", "unknown", "203.0.113.7:443", "\x00"])
def test_a_forwarded_value_that_is_no_address_gives_the_sign_in_page_and_counts_as_the_proxys(editor_account, forwarded):
    response = through_proxy("editor", "wrong", forwarded)
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()  # the form again, with its error
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["127.0.0.1"]
    assert through_proxy("editor", PASSWORD, forwarded).status_code == 302


@override_settings(BEHIND_PROXY=True)
def test_an_address_is_counted_in_one_spelling(editor_account):
    for spelling in ["2001:db8::7", "2001:0db8:0000::0007", "2001:DB8::7", " 2001:db8:0:0:0:0:0:7 ", "2001:db8::0:7"]:
        through_proxy("editor", "wrong", spelling)
    assert through_proxy("editor", PASSWORD, "2001:db8::7").status_code == 429
