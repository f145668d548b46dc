"""
Benchmark: Lighthouse scores of the home page, the project list and a project page, at phone size.

Run with `make bench`. It serves the demo content with debug off from a throwaway
SQLite database on a free loopback port, the static files collected and served as in
production, runs Lighthouse (npm, see package.json) with the system Chromium in its
default phone emulation, prints the four scores of each page and exits non-zero if any
is below 95. The reports are kept in artifacts/lighthouse/ for a closer look.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "artifacts" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGET = 95
PAGES = {"home": "/it/", "projects": "/it/progetti/", "project": "/it/progetti/smartencity/"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(environment, port):
    """The site with debug off on ``port``; as in production, the static files are collected under
    hashed names and the site serves them itself (WhiteNoise), with their long cache lifetime."""
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=environment, check=True)
    subprocess.run([*manage, "load_demo"], env=environment, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "collectstatic", "--no-input", "--verbosity", "0"], env=environment, check=True)
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            with urllib.request.urlopen(f"{base}/it/", timeout=1) as response:
                page = response.read().decode()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        raise SystemExit("the site did not start")
    # Scores of a page without its stylesheet would mean nothing.
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    with urllib.request.urlopen(base + stylesheet, timeout=5) as response:
        assert response.status == 200 and "immutable" in response.headers["Cache-Control"], stylesheet
    return server


def scores(url, report, chromium):
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=--headless=new --no-sandbox"],
        env={**os.environ, "CHROME_PATH": chromium}, check=True,
    )
    result = json.loads(report.read_text())
    return {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}


def main():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not LIGHTHOUSE.exists() or not chromium:
        print("Lighthouse needs `npm ci` and Debian's chromium; skipped")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="lecce-bench-lighthouse-"))
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'site.sqlite3'}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-key-not-used-anywhere-else",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_HTTPS": "0",  # plain HTTP on loopback
    }
    port = free_port()
    server = serve(environment, port)
    REPORTS.mkdir(parents=True, exist_ok=True)
    try:
        results = {name: scores(f"http://127.0.0.1:{port}{path}", REPORTS / f"{name}.json", chromium)
                   for name, path in PAGES.items()}
    finally:
        server.terminate()
        server.wait()
    print(f"\nLighthouse at phone size (target: each at least {TARGET})")
    print(f"{'page':10}" + "".join(f"{name:>16}" for name in CATEGORIES))
    failed = False
    for name, page_scores in results.items():
        print(f"{name:10}" + "".join(f"{page_scores[category]:>16}" for category in CATEGORIES))
        failed |= any(score < TARGET for score in page_scores.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
