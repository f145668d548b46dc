"""
Benchmark: the public pages under load, served by gunicorn as in production.

Run with `make bench` (needs Debian's wrk). It serves the demo content with debug off
from a throwaway SQLite database, the static files collected as in production (and
Redis as the shared cache when it answers on 127.0.0.1:6379), then drives it from wrk,
a second process on loopback, with 64 connections for 30 seconds, cycling through every
public page type in both languages (load.lua). It prints requests per second and
latencies, and fails on any error: a refused or broken connection, a timeout, or an
answer other than 2xx/3xx.
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

HERE = Path(__file__).resolve().parent
CONNECTIONS, SECONDS = 64, int(os.environ.get("LOAD_SECONDS", "30"))
PATHS = [
    "/it/", "/en/", "/it/progetti/", "/en/projects/?theme=energy-planning&year_from=2016",
    "/it/progetti/?status=closed&ordering=-eu", "/it/progetti/smartencity/", "/en/projects/city4age/",
    "/it/organizzazioni/", "/en/organisations/?country=ES", "/it/organizzazioni/politecnico-di-milano/",
]


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    if not shutil.which("wrk"):
        print("the load test needs wrk (Debian: apt-get install wrk); skipped")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="lecce-bench-load-"))
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'site.sqlite3'}",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",  # plain HTTP on loopback
        "DJANGO_SECRET_KEY": "bench-only-key-not-used-anywhere-else",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
    }
    if redis_answers():
        environment["DJANGO_REDIS_URL"] = "redis://127.0.0.1:6379/15"
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=environment, check=True)
    subprocess.run([*manage, "load_demo"], env=environment, check=True, stdout=subprocess.DEVNULL)
    # As in production: pages link the stylesheet by its hashed name, which only collectstatic writes.
    subprocess.run([*manage, "collectstatic", "--no-input", "--verbosity", "0"], env=environment, check=True)
    workers = (os.cpu_count() or 1) * 2 + 1
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lecce.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "gthread", "--threads", "4", "--log-level", "warning"],
        env=environment,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/it/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        for path in PATHS:  # every page answers, and its counts are cached, before the clock starts
            with urllib.request.urlopen(base + path, timeout=10) as response:
                assert response.status == 200, path
                page = response.read().decode()
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
        with urllib.request.urlopen(base + stylesheet, timeout=10) as response:
            assert response.status == 200, stylesheet
        result = subprocess.run(
            ["wrk", "--threads", "2", "--connections", str(CONNECTIONS), "--duration", f"{SECONDS}s",
             "--timeout", "10s", "--script", str(HERE / "load.lua"), base],
            env={**os.environ, "LOAD_PATHS": " ".join(PATHS)}, capture_output=True, text=True, check=True,
        )
    finally:
        server.terminate()
        server.wait()
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    errors = sum(summary[kind] for kind in ("connect", "read", "write", "status", "timeout"))
    print(f"\nLoad: gunicorn ({workers} workers × 4 threads, cache: "
          f"{'Redis' if 'DJANGO_REDIS_URL' in environment else 'per process'}), "
          f"wrk with {CONNECTIONS} connections for {SECONDS} s over {len(PATHS)} public pages")
    print(f"  requests {summary['requests']}, {summary['requests'] / summary['seconds']:.0f} per second")
    print(f"  latency p50 {summary['p50_ms']:.1f} ms, p99 {summary['p99_ms']:.1f} ms, max {summary['max_ms']:.1f} ms")
    print(f"  errors {errors} (connect {summary['connect']}, read {summary['read']}, write {summary['write']}, "
          f"status {summary['status']}, timeout {summary['timeout']})")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
