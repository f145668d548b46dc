"""Safe to put on the internet: the deploy check, and the security headers of every kind of response."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "k3y-for-the-deploy-check-only-Zr8w!Lq2@Vn6#Pb1$Xc5^Td9&Hm4*Jf7",
    "DJANGO_ALLOWED_HOSTS": "progetti-europei.comune.lecce.it",
    "DJANGO_BEHIND_PROXY": "1",
    "DJANGO_REDIS_URL": "redis://127.0.0.1:6379/1",
}


def run_manage(*args, **env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_the_deploy_check_passes_without_a_warning_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_warns_when_the_cache_is_not_shared():
    without_redis = {key: value for key, value in PRODUCTION.items() if key != "DJANGO_REDIS_URL"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **without_redis)
    assert result.returncode != 0
    assert "core.W001" in result.stdout + result.stderr


def test_the_deploy_check_does_warn_when_https_is_turned_off():
    """The check is real: the same settings without HTTPS are reported."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_HTTPS="0", **PRODUCTION)
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


# A first deploy behind a proxy that terminates TLS, without DJANGO_BEHIND_PROXY: every request looks
# like plain HTTP and is redirected to HTTPS, endlessly. Every command warns, not only check --deploy.
WITHOUT_PROXY_SAID = {key: value for key, value in PRODUCTION.items() if key != "DJANGO_BEHIND_PROXY"}


def test_every_command_warns_when_nothing_says_how_https_arrives():
    result = run_manage("check", "--fail-level", "WARNING", **WITHOUT_PROXY_SAID)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "core.W002" in output
    assert "DJANGO_BEHIND_PROXY=1" in output and "DJANGO_BEHIND_PROXY=0" in output and "DJANGO_HTTPS=0" in output


@pytest.mark.parametrize("env", [
    {"DJANGO_BEHIND_PROXY": "1"},
    {"DJANGO_BEHIND_PROXY": "0"},  # no proxy: the application server terminates TLS
    {"GUNICORN_CMD_ARGS": "--certfile /etc/ssl/lecce.pem --keyfile /etc/ssl/lecce.key"},
    {"GUNICORN_CMD_ARGS": "--workers 5 --certfile=/etc/ssl/lecce.pem"},
    {"DJANGO_HTTPS": "0"},
    {"DJANGO_DEBUG": "1"},
], ids=["behind-a-proxy", "no-proxy", "gunicorn-certfile", "gunicorn-certfile=", "plain-http", "debug"])
def test_no_warning_once_https_can_be_seen_or_is_not_required(env):
    result = run_manage("check", **WITHOUT_PROXY_SAID, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "core.W002" not in result.stdout + result.stderr


def test_migrate_shows_the_warning_too(tmp_path):
    # A cache of its own (no DJANGO_REDIS_URL): migrate starts a new content version in it.
    environment = {key: value for key, value in WITHOUT_PROXY_SAID.items() if key != "DJANGO_REDIS_URL"}
    result = run_manage("migrate", "--no-input", DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}", **environment)
    assert result.returncode == 0, result.stderr
    assert "core.W002" in result.stdout + result.stderr


PAGES = ["/it/", "/en/projects/", "/it/progetti/no-such-project/", "/admin/login/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_no_page_holds_an_inline_script_or_style(client):
    import re

    from django.core.management import call_command
    call_command("load_demo", verbosity=0)
    for path in ["/it/", "/en/projects/", "/it/progetti/smartencity/", "/en/organisations/", "/admin/login/"]:
        html = client.get(path).content.decode()
        # Data blocks (JSON-LD) are not scripts: the browser never runs them.
        assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>\s*\S", html), path
        assert "<style" not in html and " style=" not in html, path


@pytest.mark.django_db
def test_plain_http_is_sent_to_https_with_hsts(client):
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True):
        response = client.get("/it/")
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/it/"
        secure = client.get("/it/", secure=True)
        assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_the_admin_address_comes_from_the_environment():
    show = ("import django; django.setup(); from django.urls import reverse; "
            "print(reverse('admin:index'), reverse('admin:login'))")
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", show], cwd=BASE_DIR, capture_output=True, text=True, timeout=60,
        env={**clean, "DJANGO_SETTINGS_MODULE": "lecce.settings", "DJANGO_DEBUG": "1", "DJANGO_ADMIN_URL": "redazione"},
    )
    assert result.stdout.split() == ["/redazione/", "/redazione/login/"], result.stderr
