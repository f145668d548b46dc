"""The checkers the browser tests hold the pages to: axe-core in the page, the Nu Html Checker on the source."""

import json
import subprocess
import tempfile
from pathlib import Path

from tests.e2e.tools import AXE, JAVA, VNU, require

# WCAG 2.1 A and AA, the level the EU Web Accessibility Directive asks of public-sector sites.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page):
    """Run axe-core in ``page``; return its violations as “rule: target, …” lines."""
    require(AXE)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # evaluated, not a <script>: no Content-Security-Policy applies
    result = page.evaluate("options => axe.run(document, options)", {"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [
        f"{violation['id']}: " + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in result["violations"]
    ]


def html_errors(documents):
    """Validate ``documents`` ({name: html}) with the Nu Html Checker; return its errors as “name:line: message”."""
    require(JAVA, VNU)
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{index:03}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        completed = subprocess.run(
            [JAVA, "-jar", str(VNU), "--format", "json", "--stdout", *sorted(files)],
            cwd=folder, capture_output=True, text=True, check=False,
        )
    return [
        f"{files[message['url'].rsplit('/', 1)[-1]]}:{message.get('lastLine')}: {message['message']}"
        for message in json.loads(completed.stdout)["messages"] if message["type"] == "error"
    ]
