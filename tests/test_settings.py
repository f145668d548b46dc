"""Settings come from the environment: safe defaults, and a clear stop when production lacks a secret."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import path

from lecce import urls as site_urls

BASE_DIR = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = (
    "import json; from lecce import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'hosts': s.ALLOWED_HOSTS, "
    "'cache': s.CACHES['default']['BACKEND'], 'hsts_seconds': s.SECURE_HSTS_SECONDS, "
    "'hsts_preload': s.SECURE_HSTS_PRELOAD}))"
)
PRODUCTION_KEY = "x" * 50


def load_settings(**env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=BASE_DIR, env={**clean, **env},
        capture_output=True, text=True, timeout=60,
    )


def test_without_a_secret_key_and_debug_off_start_up_stops_with_a_clear_message():
    result = load_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("flag", ["1", "true", "on", "yes", "TRUE"])
def test_debug_on_runs_without_a_secret_key(flag):
    result = load_settings(DJANGO_DEBUG=flag)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is True


@pytest.mark.parametrize("flag", ["0", "false", "off", ""])
def test_debug_is_off_unless_asked(flag):
    result = load_settings(DJANGO_DEBUG=flag, DJANGO_SECRET_KEY="x" * 50)
    assert json.loads(result.stdout)["debug"] is False


def test_sqlite_file_by_default_and_postgres_from_database_url():
    default = json.loads(load_settings(DJANGO_DEBUG="1").stdout)
    assert default["engine"] == "django.db.backends.sqlite3"
    assert default["name"].endswith("db.sqlite3")

    postgres = json.loads(
        load_settings(DJANGO_DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/lecce").stdout
    )
    assert postgres["engine"] == "django.db.backends.postgresql"
    assert postgres["name"] == "lecce"


def test_allowed_hosts_from_the_environment():
    result = load_settings(DJANGO_DEBUG="1", DJANGO_ALLOWED_HOSTS="progetti.comune.lecce.it, www.example.org")
    assert json.loads(result.stdout)["hosts"] == ["progetti.comune.lecce.it", "www.example.org"]


def test_one_cache_per_process_by_default_and_redis_when_configured():
    assert json.loads(load_settings(DJANGO_DEBUG="1").stdout)["cache"].endswith("LocMemCache")
    redis = json.loads(load_settings(DJANGO_DEBUG="1", DJANGO_REDIS_URL="redis://127.0.0.1:6379/1").stdout)
    assert redis["cache"] == "core.cache.ForgivingRedisCache"  # Redis optional: tests/test_resilience.py


def test_redis_is_waited_for_briefly_by_the_pages_and_the_imports_progress_alike():
    show = ("import json; from lecce import settings as s; "
            "print(json.dumps({alias: [c['BACKEND'], c.get('KEY_PREFIX', ''), c['OPTIONS']] for alias, c in s.CACHES.items()}))")
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}

    def caches_with(**env):
        result = subprocess.run([sys.executable, "-c", show], cwd=BASE_DIR, timeout=60, capture_output=True, text=True,
                                env={**clean, "DJANGO_DEBUG": "1", "DJANGO_REDIS_URL": "redis://127.0.0.1:6379/1", **env})
        return json.loads(result.stdout)

    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry_after": 5}
    assert caches_with() == {"default": ["core.cache.ForgivingRedisCache", "", options],
                             "progress": ["core.cache.ForgivingRedisCache", "progress", options]}
    assert caches_with(DJANGO_REDIS_TIMEOUT="0.2")["progress"][2]["socket_timeout"] == 0.2


def test_hsts_asks_for_preloading_only_with_a_year_or_more():
    default = json.loads(load_settings(DJANGO_SECRET_KEY=PRODUCTION_KEY).stdout)
    assert default == {**default, "hsts_seconds": 31536000, "hsts_preload": True}
    trial = json.loads(load_settings(DJANGO_SECRET_KEY=PRODUCTION_KEY, DJANGO_HSTS_SECONDS="600").stdout)
    assert trial == {**trial, "hsts_seconds": 600, "hsts_preload": False}
    two_years = json.loads(load_settings(DJANGO_SECRET_KEY=PRODUCTION_KEY, DJANGO_HSTS_SECONDS="63072000").stdout)
    assert two_years["hsts_preload"] is True
    plain_http = json.loads(load_settings(DJANGO_SECRET_KEY=PRODUCTION_KEY, DJANGO_HTTPS="0").stdout)
    assert plain_http == {**plain_http, "hsts_seconds": 0, "hsts_preload": False}


# Logging: what reaches standard error when the site runs, seen from outside as an operator sees it.

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+) \[(?P<request_id>[^]]+)\] (?P<logger>[\w.]+): (?P<message>.*)$"
)


def manage_shell(code, **env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=BASE_DIR, env={**clean, **env},
        capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize("env", [{"DJANGO_DEBUG": "1"}, {"DJANGO_SECRET_KEY": PRODUCTION_KEY}], ids=["debug", "production"])
def test_warnings_reach_standard_error_once_with_time_level_and_logger_and_info_does_not(env):
    result = manage_shell(
        "import logging; "
        "logging.getLogger('projects.cordis').warning('row 7 skipped'); "
        "logging.getLogger('django.security').error('a suspicious request'); "
        "logging.getLogger('projects').info('quiet'); "
        "logging.getLogger('django.request').info('quiet too')",
        **env,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    # Outside a request, "-" stands where a request's id goes.
    assert [LOG_LINE.match(line).group("level", "request_id", "logger", "message") for line in lines] == [
        ("WARNING", "-", "projects.cordis", "row 7 skipped"),
        ("ERROR", "-", "django.security", "a suspicious request"),
    ], result.stderr


def test_runserver_keeps_its_request_log():
    result = manage_shell("import logging; logging.getLogger('django.server').info('\"GET /it/ HTTP/1.1\" 200 5120')",
                          DJANGO_DEBUG="1")
    assert re.fullmatch(r'\[[^]]+\] "GET /it/ HTTP/1.1" 200 5120\n', result.stderr), result.stderr


def broken_view(request):
    raise RuntimeError("the view broke")


urlpatterns = [path("broken/", broken_view)]
# The site's 500 view, for this URLconf too: Django takes it from the URLconf in use.
handler500 = site_urls.handler500


def test_an_uncaught_error_in_a_view_is_logged_to_standard_error_with_its_traceback_and_request_id(tmp_path):
    result = manage_shell(
        "from django.test import Client, override_settings\n"
        "with override_settings(ROOT_URLCONF='tests.test_settings'):\n"
        "    response = Client(raise_request_exception=False).get('/broken/')\n"
        "    print(response.status_code, response['X-Request-ID'])\n"
        "    print(response.content.decode())",
        # Debug off, as in production; the test settings keep {% static %} working without collectstatic.
        DJANGO_SETTINGS_MODULE="tests.settings", DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    )
    status, request_id = re.search(r"^(\d{3}) (\S+)$", result.stdout, re.MULTILINE).groups()
    assert status == "500", result.stderr
    first = LOG_LINE.match(result.stderr.splitlines()[0])
    assert first.group("level", "request_id", "logger", "message") == (
        "ERROR", request_id, "django.request", "Internal Server Error: /broken/")
    assert "Traceback" in result.stderr and "RuntimeError: the view broke" in result.stderr
    # The page gives the same id, for the visitor to quote.
    assert f"<code>{request_id}</code>" in result.stdout


def test_admins_come_from_the_environment_and_a_wrong_one_stops_start_up():
    show = ("import json; from lecce import settings as s; "
            "print(json.dumps({'admins': s.ADMINS, 'mailed': 'mail_admins' in s.LOGGING['root']['handlers']}))")
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}

    def settings_with(**env):
        return subprocess.run([sys.executable, "-c", show], cwd=BASE_DIR, env={**clean, "DJANGO_DEBUG": "1", **env},
                              capture_output=True, text=True, timeout=60)

    assert json.loads(settings_with().stdout) == {"admins": [], "mailed": False}
    two = settings_with(DJANGO_ADMINS="Ufficio Europa <europa@example.org>, web@example.org")
    assert json.loads(two.stdout) == {
        "admins": [["Ufficio Europa", "europa@example.org"], ["", "web@example.org"]], "mailed": True,
    }
    wrong = settings_with(DJANGO_ADMINS="Ufficio Europa")
    assert wrong.returncode != 0 and "DJANGO_ADMINS must be e-mail addresses" in wrong.stderr


def test_database_timeouts_come_from_the_environment():
    show = ("import json; from lecce import settings as s; "
            "print(json.dumps({'options': s.DATABASES['default']['OPTIONS'], 'statement': s.DATABASE_STATEMENT_TIMEOUT}))")
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}

    def settings_with(**env):
        result = subprocess.run([sys.executable, "-c", show], cwd=BASE_DIR, env={**clean, "DJANGO_DEBUG": "1", **env},
                                capture_output=True, text=True, timeout=60)
        return json.loads(result.stdout)

    postgres = "postgres://postgres@127.0.0.1:5432/lecce"
    default = settings_with(DATABASE_URL=postgres)
    assert default["options"]["connect_timeout"] == 5 and default["statement"] == 30
    chosen = settings_with(DATABASE_URL=postgres, DJANGO_DB_CONNECT_TIMEOUT="2", DJANGO_DB_STATEMENT_TIMEOUT="0")
    assert chosen["options"]["connect_timeout"] == 2 and chosen["statement"] == 0
    # What the address says wins.
    assert settings_with(DATABASE_URL=f"{postgres}?connect_timeout=9")["options"]["connect_timeout"] == 9
    # SQLite waits for another writer, not for a connection.
    assert settings_with()["options"]["timeout"] == 30
