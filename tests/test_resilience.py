"""
Faults the site survives: a Redis that refuses or hangs, a database that refuses or hangs, and how it says so.

The cache holds only copies (the content version is the database's), so without Redis pages are rendered
each time, saves and imports go through, and the health check says "degraded". Without the database no
page can be served: a request fails within the connect timeout, and the health check answers 503.
Every request has an id, in its response's header and in the log lines written while it is served.
"""

import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCacheClient
from django.db import connection, connections
from django.test import Client, RequestFactory, override_settings
from django.urls import path, reverse
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from redis.exceptions import ConnectionError as RedisConnectionError

from core import cache as forgiving
from core.logs import OnceInAWhile, RequestIdFilter
from core.views import server_error
from lecce import urls as site_urls
from projects.models import CordisImport, Project, Theme
from tests.factories import make_organisation, make_participation, make_project

BASE_DIR = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "cordis"
# Short, so that a hung server costs the suite little; the production default is 0.5 s (DJANGO_REDIS_TIMEOUT).
REDIS_TIMEOUT = 0.3
# Redis at hand for the tests, in a database of its own.
REAL_REDIS = "redis://127.0.0.1:6379/11"


@pytest.fixture(autouse=True)
def no_outage_remembered():
    """Each test starts with Redis in good standing: the circuits are per process, and outlive a test."""
    forgiving.circuits.clear()
    yield
    forgiving.circuits.clear()


@pytest.fixture
def silent_server():
    """A port that takes connections and never says a word: a hung Redis or PostgreSQL. Counts the connections."""
    server = socket.create_server(("127.0.0.1", 0), backlog=64)
    server.settimeout(0.05)
    connected, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connected.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield SimpleNamespace(port=server.getsockname()[1], connected=connected)
    stop.set()
    thread.join()
    for each in connected:
        each.close()
    server.close()


def closed_port():
    """A port nothing listens on: connections to it are refused."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


def redis_caches(location, retry_after=60):
    """The production CACHES (lecce/settings.py) on ``location``, with the tests' short timeout."""
    default = {
        "BACKEND": "core.cache.ForgivingRedisCache", "LOCATION": location,
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT, "retry_after": retry_after},
    }
    return {"default": default, "progress": {**default, "KEY_PREFIX": "progress"}}


@pytest.fixture(params=["refused", "hung"])
def broken_redis(request, settings):
    """Pages cached, in a Redis that refuses connections, or takes them and never answers."""
    settings.CACHE_PUBLIC_PAGES = True
    if request.param == "refused":
        settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/10")
        yield None
    else:
        server = request.getfixturevalue("silent_server")
        settings.CACHES = redis_caches(f"redis://127.0.0.1:{server.port}/10")
        yield server


@pytest.fixture
def lecce(db):
    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)
    make_participation(make_project(acronym="PLANHEAT", slug="planheat"), lecce)
    return lecce


PAGES = ["/it/", "/en/projects/", "/en/projects/planheat/", "/en/organisations/", "/it/organizzazioni/comune-di-lecce/",
         "/api/projects/", "/api/organisations/"]


# ---------------------------------------------------------------------------------------------------------------
# Redis refused or hung: an accelerator, never a dependency


def test_pages_answer_without_redis_and_a_hung_one_costs_one_timeout(client, lecce, broken_redis, caplog):
    started = time.monotonic()
    for _ in range(2):
        for page in PAGES:
            assert client.get(page).status_code == 200, page
    elapsed = time.monotonic() - started
    # Fourteen pages, each of which asks the cache several times: a hung Redis was waited for once, then left alone.
    assert elapsed < REDIS_TIMEOUT + 5
    if broken_redis is not None:
        assert len(broken_redis.connected) == 1
    warnings = [record for record in caplog.records if record.name == "core.cache"]
    assert len(warnings) == 1 and warnings[0].levelname == "WARNING"
    assert "pages are rendered without it" in warnings[0].getMessage()


def test_pages_still_show_each_change_without_redis(client, lecce, broken_redis):
    assert "PLANHEAT" in client.get("/en/projects/").content.decode()
    Project.objects.update(acronym="PLANHEAT-2")
    assert "PLANHEAT-2" in client.get("/en/projects/").content.decode()


def test_an_admin_save_succeeds_without_redis(admin_client, broken_redis):
    response = admin_client.post(reverse("admin:projects_theme_add"), {
        "name_it": "Mobilità", "name_en": "Mobility", "slug": "mobility", "description_it": "", "description_en": "",
    })
    assert response.status_code == 302
    assert Theme.objects.filter(slug="mobility").exists()
    assert admin_client.get(response["Location"]).status_code == 200


def test_an_import_from_the_admin_succeeds_without_redis(editor_client, broken_redis):
    """The worker's progress is lost with Redis (the import's page shows none); the import itself is not."""
    files = {name: io.BytesIO((DATA / name).read_bytes()) for name in ("project.csv", "organization.csv")}
    for name, file in files.items():
        file.name = name
    response = editor_client.post(reverse("admin:projects_import_cordis"), {
        "projects_file": files["project.csv"], "organisations_file": files["organization.csv"],
    }, follow=True)
    assert response.status_code == 200
    assert Project.objects.count() == 3
    assert CordisImport.objects.get().status == CordisImport.Status.DONE


@pytest.mark.parametrize("alias", ["default", "progress"])
def test_every_method_of_the_cache_answers_as_a_miss(broken_redis, alias):
    cache = caches[alias]
    started = time.monotonic()
    assert cache.get("a") is None and cache.get("a", "default") == "default"
    assert cache.set("a", 1) is None
    assert cache.add("a", 1) is False
    assert cache.get_or_set("b", lambda: 7) == 7
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == []
    assert cache.has_key("a") is False
    assert cache.touch("a") is False
    assert cache.delete("a") is False
    assert cache.delete_many(["a", "b"]) is None
    assert cache.clear() is False
    for method in (cache.incr, cache.decr, cache.incr_version):
        with pytest.raises(ValueError):
            method("a")
    assert time.monotonic() - started < REDIS_TIMEOUT + 1


def test_async_methods_answer_as_a_miss_too(broken_redis):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def use():
        await caches["default"].aset("a", 1)
        return await caches["default"].aget("a", "default")

    # A thread of its own: a browser test earlier in the run may leave an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, use()).result() == "default"


def test_the_cache_works_with_a_redis_that_answers(settings):
    settings.CACHES = redis_caches(REAL_REDIS)
    cache = caches["default"]
    cache.clear()
    cache.set("a", {"x": 1})
    assert cache.get("a") == {"x": 1} and cache.get_many(["a", "b"]) == {"a": {"x": 1}}
    assert cache.add("a", 2) is False
    assert cache.add("n", 1) is True and cache.incr("n") == 2
    assert cache.get_or_set("b", 7) == 7 and cache.has_key("b")
    assert caches["progress"].get("a") is None  # a prefix of its own
    assert cache.delete("a") is True
    cache.clear()


def test_after_an_outage_redis_is_tried_again_one_call_at_a_time_and_its_return_is_logged(settings, monkeypatch, caplog):
    settings.CACHES = redis_caches(REAL_REDIS, retry_after=0)
    cache = caches["default"]
    calls = []

    def refused(client, key, default):
        calls.append(key)
        raise RedisConnectionError("Connection refused.")

    with monkeypatch.context() as patched:
        patched.setattr(RedisCacheClient, "get", refused)
        for _ in range(3):
            assert cache.get("a", "miss") == "miss"
    assert len(calls) == 3  # retry_after=0: each call a probe, as one would be every retry_after seconds
    cache.set("a", "back")
    assert cache.get("a") == "back"
    messages = [record.getMessage() for record in caplog.records if record.name == "core.cache"]
    assert len(messages) == 2  # one warning for the outage, however many calls failed, one for its end
    assert "cannot be used (ConnectionError: Connection refused.)" in messages[0]
    assert "answers again" in messages[1]
    cache.clear()


def test_while_redis_is_left_alone_it_is_not_asked(settings, monkeypatch):
    settings.CACHES = redis_caches(REAL_REDIS, retry_after=60)
    calls = []

    def refused(client, key, default):
        calls.append(key)
        raise RedisConnectionError("Connection refused.")

    monkeypatch.setattr(RedisCacheClient, "get", refused)
    for _ in range(5):
        caches["default"].get("a")
        caches["progress"].get("a")  # the same server: the same circuit
    assert len(calls) == 1


def test_the_log_names_redis_without_its_password():
    assert forgiving.without_password("redis://:s3cret@cache.internal:6379/1") == "redis://cache.internal:6379/1"
    assert forgiving.without_password("rediss://user:s3cret@cache.internal/1") == "rediss://cache.internal/1"
    assert forgiving.without_password("redis://127.0.0.1:6379") == "redis://127.0.0.1:6379"


# ---------------------------------------------------------------------------------------------------------------
# The health check


def health(client, **extra):
    response = client.get(reverse("health"), **extra)
    return response.status_code, json.loads(response.content)


def test_health_is_outside_the_language_prefix_and_never_cached(client, db):
    assert reverse("health") == "/health/"
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert client.post("/health/").status_code == 405


def test_health_with_a_local_cache(client, db):
    assert health(client) == (200, {"status": "ok", "database": "ok", "cache": "local"})


def test_health_with_redis_that_answers(client, db, settings):
    settings.CACHES = redis_caches(REAL_REDIS)
    assert health(client) == (200, {"status": "ok", "database": "ok", "cache": "ok"})


def test_health_names_a_redis_that_fails_and_still_answers_200(client, db, broken_redis):
    started = time.monotonic()
    assert health(client) == (200, {"status": "degraded", "database": "ok", "cache": "degraded"})
    assert health(client)[1]["cache"] == "degraded"
    assert time.monotonic() - started < REDIS_TIMEOUT + 1  # the second asked nothing: Redis is left alone


@task()
def nothing():
    """A task for the worker that is not there."""


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_health_says_when_a_task_waits_for_the_worker_too_long(client, db):
    assert health(client) == (200, {"status": "ok", "database": "ok", "cache": "local", "worker": "ok"})
    result = nothing.enqueue()
    assert health(client)[1]["worker"] == "ok"  # just queued
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=DBTaskResult.objects.get(pk=result.id).enqueued_at.replace(year=2020))
    assert health(client) == (200, {"status": "degraded", "database": "ok", "cache": "local", "worker": "late"})


def test_health_answers_a_probe_over_plain_http_without_a_redirect(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
    assert client.get("/en/projects/").status_code == 301


# ---------------------------------------------------------------------------------------------------------------
# The database refused or hung: a request fails within the connect timeout, the health check says 503.
# In another process, whose settings point at the broken database; the test settings serve the 500 page's
# static files without collectstatic.

REQUESTS = (
    "import json, time\n"
    "from django.test import Client\n"
    "from django.urls import resolve\n"
    "resolve('/health/')  # the URLconf loaded, so that only the requests are timed\n"
    "client, answers = Client(raise_request_exception=False), []\n"
    "for address in ['/health/', '/en/projects/']:\n"
    "    started = time.monotonic()\n"
    "    response = client.get(address)\n"
    "    answers.append([address, response.status_code, round(time.monotonic() - started, 2), response.content.decode()])\n"
    "print('ANSWERS', json.dumps(answers))\n"
)


def requests_to(database_url, **env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", REQUESTS], cwd=BASE_DIR, capture_output=True, text=True, timeout=60,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tests.settings", "DJANGO_ALLOWED_HOSTS": "testserver",
             "DATABASE_URL": database_url, "DJANGO_DB_CONNECT_TIMEOUT": "2", **env},
    )
    answers = [line for line in result.stdout.splitlines() if line.startswith("ANSWERS ")]
    assert answers, result.stderr
    return json.loads(answers[0].removeprefix("ANSWERS ")), result.stderr


@pytest.mark.parametrize("broken", ["refused", "hung"])
def test_without_the_database_a_request_fails_within_the_connect_timeout(broken, silent_server):
    port = closed_port() if broken == "refused" else silent_server.port
    answers, log = requests_to(f"postgres://postgres@127.0.0.1:{port}/lecce_h1")
    (health_address, health_status, health_seconds, health_body), (_, page_status, page_seconds, page) = answers
    assert health_status == 503
    assert json.loads(health_body) == {"status": "down", "database": "down", "cache": "local"}
    assert page_status == 500 and "Something went wrong" in page
    # connect_timeout is 2 s; a refused connection fails at once.
    limit = 1 if broken == "refused" else 2 + 1.5
    assert health_seconds < limit and page_seconds < limit
    assert "WARNING" in log and "core.health: The database cannot be reached" in log


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a statement limit is PostgreSQL's")
def test_statements_are_limited_while_serving_requests_and_not_in_commands(client, db):
    client.get("/health/")  # this process serves requests: its new connections get the limit
    new = connections.create_connection("default")
    try:
        with new.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == f"{settings.DATABASE_STATEMENT_TIMEOUT}s"
    finally:
        new.close()
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    command = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.db import connection\n"
         "with connection.cursor() as cursor:\n"
         "    cursor.execute('SHOW statement_timeout'); print('LIMIT', cursor.fetchone()[0])"],
        cwd=BASE_DIR, capture_output=True, text=True, timeout=60,
        env={**clean, "DJANGO_DEBUG": "1", "DATABASE_URL": url},
    )
    assert "LIMIT 0" in command.stdout, command.stderr


# ---------------------------------------------------------------------------------------------------------------
# The request id


@pytest.fixture
def log_lines():
    """What the site's log handler writes, formatted as on standard error."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["line"]["format"], style="{"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: stream.getvalue().splitlines()
    root.removeHandler(handler)


def logging_view(request):
    logging.getLogger("projects.cordis").warning("something to look into")
    raise RuntimeError("the view broke")


urlpatterns = [path("logging/", logging_view)]
handler500 = site_urls.handler500  # the site's 500 view: Django takes it from the URLconf in use


@override_settings(ROOT_URLCONF=__name__)
def test_every_log_line_of_a_request_carries_its_id_as_does_the_response(db, log_lines):
    response = Client(raise_request_exception=False).get("/logging/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    lines = [line for line in log_lines() if re.match(r"\d{4}-\d\d-\d\d ", line)]
    assert f"WARNING [{request_id}] projects.cordis: something to look into" in lines[0]
    assert f"ERROR [{request_id}] django.request: Internal Server Error: /logging/" in lines[1]
    assert f"<code>{request_id}</code>" in response.content.decode()
    logging.getLogger("projects").warning("after the request")
    assert log_lines()[-1].endswith("WARNING [-] projects: after the request")


def test_a_not_found_is_logged_with_its_request_id(client, db, log_lines):
    response = client.get("/en/projects/no-such-project/")
    assert response.status_code == 404
    assert f"WARNING [{response['X-Request-ID']}] django.request: Not Found: /en/projects/no-such-project/" in log_lines()[-1]


def test_each_request_has_an_id_of_its_own(client, db):
    assert client.get("/health/")["X-Request-ID"] != client.get("/health/")["X-Request-ID"]


@pytest.mark.parametrize("behind_proxy, given, kept", [
    (True, "3f2a9c0d1e4b5a6f7c8d9e0f1a2b3c4d", True),
    (True, "6d1c2e4a-8b7f-4c3d-9e2a-1b0c9d8e7f6a", True),
    (True, "two words", False),
    (True, "forged\n2026-01-01 ERROR", False),
    (True, "x" * 200, False),
    (False, "3f2a9c0d1e4b5a6f7c8d9e0f1a2b3c4d", False),  # without the proxy, anyone could have sent it
])
def test_the_proxys_request_id_is_kept_only_behind_it_and_only_when_sound(db, settings, behind_proxy, given, kept):
    settings.BEHIND_PROXY = behind_proxy
    answer = Client().get("/health/", headers={"x-request-id": given})["X-Request-ID"]
    assert (answer == given) is kept
    assert len(answer) == 32 or kept


def test_the_500_page_shows_no_id_when_there_is_none():
    html = server_error(RequestFactory().get("/")).content.decode()
    assert "Something went wrong" in html
    assert "<code>" not in html and "reference" not in html


def test_an_error_is_mailed_once_in_a_while_not_for_every_request():
    throttle = OnceInAWhile(seconds=300)

    def record(error_class, line):
        try:
            exec(compile("\n" * line + "raise error_class('down')", "somewhere.py", "exec"), {"error_class": error_class})
        except error_class:
            return logging.LogRecord("django.request", logging.ERROR, "x.py", 1, "%s: %s",
                                     ("Internal Server Error", f"/page/{line}/"), sys.exc_info())

    assert throttle.filter(record(RuntimeError, 1)) is True
    assert throttle.filter(record(RuntimeError, 1)) is False  # the same error on another page
    assert throttle.filter(record(RuntimeError, 2)) is True  # raised elsewhere
    assert throttle.filter(record(KeyError, 1)) is True
    throttle.last_sent = {key: sent - 300 for key, sent in throttle.last_sent.items()}
    assert throttle.filter(record(RuntimeError, 1)) is True  # five minutes on
