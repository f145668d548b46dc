"""Settings for the test suite: the real settings, with a throwaway key, media and a fast hasher."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-key-not-used-anywhere-else")
# The test client speaks plain HTTP; tests/test_security.py checks the HTTPS settings themselves.
os.environ.setdefault("DJANGO_HTTPS", "0")

from lecce.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="lecce-test-media-")
# Most tests read the context a view renders with, which a page served from the cache has not;
# tests/test_page_cache.py turns the cache on.
CACHE_PUBLIC_PAGES = False
# The suite runs with debug off and never runs collectstatic, so the real storage, which wants the
# manifest collectstatic writes, would fail every page on its {% static %}; the plain storage keeps
# the names as they are. tests/test_static.py collects with the real storage and checks what it serves.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# WhiteNoise reads STATIC_ROOT at start-up and warns when it is missing; nothing is collected there.
STATIC_ROOT = tempfile.mkdtemp(prefix="lecce-test-static-")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the database in memory Django makes by default: tests/test_content_version.py runs
    # manage.py in another process on the test database, as an import in another terminal would.
    # Named after this run's process, so that two runs at once do not share one; Django deletes it after.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), f"lecce-test-{os.getpid()}.sqlite3")}  # noqa: F405
# Uploaded CORDIS files and the progress of imports, in throwaway folders of their own.
IMPORTS_ROOT = tempfile.mkdtemp(prefix="lecce-test-imports-")
STORAGES["imports"] = {**STORAGES["imports"], "OPTIONS": {"location": IMPORTS_ROOT}}  # noqa: F405
STORAGES["documents"] = {  # noqa: F405
    **STORAGES["documents"], "OPTIONS": {"location": tempfile.mkdtemp(prefix="lecce-test-documents-")},  # noqa: F405
}
CACHES["progress"] = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",  # noqa: F405
                      "LOCATION": os.path.join(IMPORTS_ROOT, "progress")}
# An import queued from the admin runs at once, in the request: the suite has no task worker, except the
# one tests/test_import_jobs.py starts, with the settings of a real site.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
