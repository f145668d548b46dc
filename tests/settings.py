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
