"""
Where the browser tests find their tools: the system Chromium, Java and the npm checkers.

On a developer's machine a missing tool skips the tests that need it; CI sets
``E2E_REQUIRED=1`` (see .ci/run), and there a missing tool fails the run instead.
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
JAVA = shutil.which("java")
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "artifacts"


def require(*tools):
    """Skip (or, in CI, fail) unless every tool in ``tools`` (a path or None) is there."""
    missing = [str(tool) for tool in tools if not tool or not Path(tool).exists()]
    if missing:
        message = "missing: " + ", ".join(missing) + " (install with `npm ci` and Debian's chromium)"
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
