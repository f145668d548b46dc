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
import shutil
import subprocess
import sys
from pathlib import Path

from tests.bench.demo_site import MANAGE, check_stylesheet, free_port, prepare, wait_until_it_answers

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "artifacts" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGET = 95
PAGES = {"home": "/it/", "projects": "/it/progetti/", "project": "/it/progetti/smartencity/"}


def serve(environment, port):
    """The site on ``port``, once it answers with its stylesheet."""
    server = subprocess.Popen(
        [*MANAGE, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    check_stylesheet(base, wait_until_it_answers(base, server))
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
    port = free_port()
    server = serve(prepare("lighthouse"), port)
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
