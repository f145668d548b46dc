"""
A throwaway copy of the demo site, for the benchmarks that serve it over loopback.

Its own SQLite database, media and static files, debug off and plain HTTP; the demo content
loaded and the static files collected under hashed names, which the site serves itself with
their long cache lifetime, as in production.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

MANAGE = [sys.executable, "manage.py"]


def prepare(name, **variables):
    """The environment of a new copy of the site, migrated, with the demo content and its static files."""
    workdir = Path(tempfile.mkdtemp(prefix=f"lecce-bench-{name}-"))
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'site.sqlite3'}",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",  # plain HTTP on loopback
        "DJANGO_SECRET_KEY": "bench-only-key-not-used-anywhere-else",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        **variables,
    }
    subprocess.run([*MANAGE, "migrate", "--verbosity", "0"], env=environment, check=True)
    subprocess.run([*MANAGE, "load_demo"], env=environment, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*MANAGE, "collectstatic", "--no-input", "--verbosity", "0"], env=environment, check=True)
    return environment


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_it_answers(base, server, path="/it/", seconds=20):
    """The page at ``path`` once the server answers; stops the server and the benchmark if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + path, timeout=1) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the site did not start")


def check_stylesheet(base, page):
    """Figures of a page without its stylesheet would mean nothing: it must answer, under its hashed name."""
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    with urllib.request.urlopen(base + stylesheet, timeout=10) as response:
        assert response.status == 200 and "immutable" in response.headers["Cache-Control"], stylesheet
