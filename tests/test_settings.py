"""Settings come from the environment: safe defaults, and a clear stop when production lacks a secret."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = (
    "import json; from lecce import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'hosts': s.ALLOWED_HOSTS, "
    "'cache': s.CACHES['default']['BACKEND']}))"
)


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
    assert redis["cache"] == "django.core.cache.backends.redis.RedisCache"
