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
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.bench.demo_site import check_stylesheet, free_port, prepare, wait_until_it_answers

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


def main():
    if not shutil.which("wrk"):
        print("the load test needs wrk (Debian: apt-get install wrk); skipped")
        return 1
    environment = prepare("load", **({"DJANGO_REDIS_URL": "redis://127.0.0.1:6379/15"} if redis_answers() else {}))
    workers = (os.cpu_count() or 1) * 2 + 1
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lecce.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "gthread", "--threads", "4", "--log-level", "warning"],
        env=environment,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_it_answers(base, server)
        for path in PATHS:  # every page answers, and its counts are cached, before the clock starts
            with urllib.request.urlopen(base + path, timeout=10) as response:
                assert response.status == 200, path
                page = response.read().decode()
        check_stylesheet(base, page)
        result = subprocess.run(
            ["wrk", "--threads", "2", "--connections", str(CONNECTIONS), "--duration", f"{SECONDS}s",
             "--timeout", "10s", "--script", str(HERE / "load.lua"), base],
            env={**os.environ, "LOAD_PATHS": " ".join(PATHS), "BENCH_DIR": str(HERE)}, capture_output=True, text=True,
            check=True,
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
