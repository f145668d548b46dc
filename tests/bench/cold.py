"""
Benchmark: the site at full CORDIS size, cold, as visitors meet it, on SQLite and on PostgreSQL.

Run with `make bench` (BENCH_PROJECTS=2000 make bench for a quick look). For each database (PostgreSQL
when it answers on 127.0.0.1:5432) it generates CORDIS-format files of H2020's size
(tests/bench/cordis_files.py), imports them with the real command in a process of its own (wall time,
peak memory), features the organisation in the most projects, and serves the site with gunicorn
(3 workers × 4 threads), Redis as the cache, debug off. Then:

- **cold pages**: each page is asked 7 times, Redis emptied before each request, so nothing is
  served from the page cache or from cached counts: the first visit after an edit or an import, or
  a new combination of filters. The median is the page's figure; the 404 page is the floor.
- **a load run**: wrk with 64 connections for 30 s, most requests a new combination of filters
  (cold_load.lua): requests per second, p50, p99, errors.
- **exports**: every download of the whole lists, with the peak memory of the process serving them.

It prints a table of the figures with their targets and exits non-zero when one is missed.
"""

import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.cordis_files import write_files
from tests.bench.demo_site import MANAGE, free_port
from tests.bench.load import redis_answers

HERE = Path(__file__).resolve().parent
PROJECTS = int(os.environ.get("BENCH_PROJECTS", "35000"))
RUNS = 7
REDIS_DB = 14
LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "30"))
PG_DATABASE = "lecce_bench"

# (row, address or a name filled in once the data is there, target in ms)
PAGES = [
    ("featured profile /en/", "/en/", 150),
    ("/en/projects/", "/en/projects/", 100),
    ("/en/projects/?q=heating", "/en/projects/?q=heating", 100),
    ("/en/projects/?q=district+heating&country=DE&ordering=-eu",
     "/en/projects/?q=district+heating&country=DE&ordering=-eu", 100),
    ("/en/projects/?country=DE", "/en/projects/?country=DE", 100),
    ("/en/projects/?theme=…&status=closed", "/en/projects/?theme=theme-3&status=closed", 100),
    ("/it/progetti/?q=energia", "/it/progetti/?q=energia", 100),
    ("/en/projects/?ordering=-featured-eu (new)", "/en/projects/?ordering=-featured-eu", 100),
    ("/en/organisations/", "/en/organisations/", 100),
    ("/en/organisations/?q=university", "/en/organisations/?q=university", 100),
    ("/api/projects/?q=energy", "/api/projects/?q=energy", 100),
    ("a project page", "{project}", 50),
    ("an organisation page", "{organisation}", 100),
    ("/en/calls/ (new)", "/en/calls/", 100),
    ("/en/contact/ (new)", "/en/contact/", 50),
    ("the 404 page (the floor)", "/en/no-such-page/", None),
]
TARGETS = {  # database: (import seconds, import MB)
    "SQLite": (30, 600),
    "PostgreSQL": (45, 600),
}
EXPORT_MB = 200


def postgres_answers():
    try:
        subprocess.run(["psql", "--host", "127.0.0.1", "--username", "postgres", "--command", "SELECT 1"],
                       check=True, capture_output=True, timeout=10)
        return True
    except (OSError, subprocess.SubprocessError):
        return False


def fresh_postgres_database():
    for statement in (f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)", f"CREATE DATABASE {PG_DATABASE}"):
        subprocess.run(["psql", "--quiet", "--host", "127.0.0.1", "--username", "postgres", "--command", statement],
                       check=True, capture_output=True)
    return f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"


def run_measured(command, environment):
    """Run ``command``; its wall time in seconds and its peak memory in MB (its own, not this process's)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"{' '.join(map(str, command))} failed")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def redis_flush():
    with http.client.socket.create_connection(("127.0.0.1", 6379), timeout=5) as connection:
        connection.sendall(f"SELECT {REDIS_DB}\r\nFLUSHDB\r\n".encode())
        answer = b""
        while answer.count(b"\r\n") < 2:
            answer += connection.recv(64)


def get(host, path):
    """(status, ms) of one request, read to its end."""
    connection = http.client.HTTPConnection(host, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept-Language": "en"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, (time.perf_counter() - started) * 1000


def prepare_data(environment):
    """Feature the organisation in the most projects, give themes to some projects; the addresses of a
    project page and an organisation page."""
    script = """
import json
from django.db.models import Count
from projects.models import Organisation, Project, Theme
featured = Organisation.objects.annotate(n=Count("participations")).order_by("-n").first()
featured.is_featured = True
featured.save(update_fields=["is_featured"])
themes = [Theme.objects.get_or_create(slug=f"theme-{n}", defaults={"name": f"Theme {n}"})[0] for n in range(8)]
ids = list(Project.objects.values_list("pk", flat=True)[:5000])
Project.themes.through.objects.bulk_create(
    [Project.themes.through(project_id=pk, theme=themes[i % 8]) for i, pk in enumerate(ids)], ignore_conflicts=True)
project = Project.objects.annotate(n=Count("participations")).order_by("-n").first()
partner = Organisation.objects.exclude(pk=featured.pk).annotate(n=Count("participations")).order_by("-n").first()
# A database as autovacuum keeps it in production (it is off on the machines that run this): featuring the
# organisation rewrote its partners' shared-project counts.
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
print(json.dumps({"project": project.get_absolute_url(), "organisation": partner.get_absolute_url(),
                  "featured": featured.name, "featured_projects": featured.n,
                  "counts": [Project.objects.count(), Organisation.objects.count(),
                             Project.participations.rel.related_model.objects.count()]}))
"""
    result = subprocess.run([*MANAGE, "shell", "-c", script], env=environment, check=True, capture_output=True,
                            text=True)
    subprocess.run([*MANAGE, "rebuild_search", "--verbosity", "0"], env=environment, check=True,
                   stdout=subprocess.DEVNULL)  # the themes were added in bulk
    return json.loads(result.stdout.strip().splitlines()[-1])


def gunicorn(environment, log):
    """The site served as in production; what it logs (a 404 is a warning) goes to ``log``, not among the figures."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lecce.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "3", "--worker-class", "gthread", "--threads", "4", "--timeout", "300",
         "--log-level", "warning"],
        env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    host = f"127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get(host, "/health/")
            return server, host
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the site did not start")


def cold_pages(host, addresses):
    figures = {}
    for row, address, _target in PAGES:
        path = address.format(**addresses)
        get(host, path)  # each worker process warmed up (imports, connections): the page itself stays cold
        times = []
        for _ in range(RUNS):
            redis_flush()
            status, ms = get(host, path)
            expected = 404 if row.startswith("the 404") else 200
            assert status == expected, (path, status)
            times.append(ms)
        figures[row] = statistics.median(times)
        print(f"  {row}: {figures[row]:.0f} ms (runs: {', '.join(f'{ms:.0f}' for ms in times)})", flush=True)
    return figures


def load_run(host):
    if not shutil.which("wrk"):
        print("  the load run needs wrk (Debian: apt-get install wrk); skipped")
        return None
    result = subprocess.run(
        ["wrk", "--threads", "2", "--connections", "64", "--duration", f"{LOAD_SECONDS}s", "--timeout", "10s",
         "--script", str(HERE / "cold_load.lua"), f"http://{host}"],
        env={**os.environ, "BENCH_DIR": str(HERE)}, capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def exports(environment):
    result = subprocess.run([sys.executable, "-m", "tests.bench.export_memory"], env=environment, check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout)


def bench(database, url, files, workdir):
    print(f"\n{database}", flush=True)
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": "bench-only-key-not-used-anywhere-else",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
    }
    subprocess.run([*MANAGE, "migrate", "--verbosity", "0"], env=environment, check=True)
    subprocess.run([*MANAGE, "collectstatic", "--no-input", "--verbosity", "0"], env=environment, check=True)
    seconds, megabytes = run_measured(
        [*MANAGE, "import_cordis", "--projects", str(files[0]), "--organizations", str(files[1])], environment,
    )
    print(f"  import: {seconds:.1f} s, {megabytes:.0f} MB", flush=True)
    data = prepare_data(environment)
    print(f"  {data['counts'][0]} projects, {data['counts'][1]} organisations, {data['counts'][2]} participations; "
          f"featured: {data['featured'][:40]} in {data['featured_projects']} projects", flush=True)
    with open(workdir / f"gunicorn-{database}.log", "w") as log:
        server, host = gunicorn(environment, log)
        try:
            figures = cold_pages(host, data)
            load = load_run(host)
        finally:
            server.terminate()
            server.wait()
    exported = exports({**environment, "DJANGO_SETTINGS_MODULE": "tests.settings"})
    return {"import": seconds, "import memory": megabytes, "pages": figures, "load": load, "exports": exported}


def main():
    if not redis_answers():
        print("the cold benchmark needs Redis on 127.0.0.1:6379, the cache it empties before each request")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="lecce-bench-cold-"))
    started = time.perf_counter()
    files = write_files(workdir, PROJECTS)
    print(f"generated {PROJECTS} projects in {time.perf_counter() - started:.1f} s", flush=True)
    results = {"SQLite": bench("SQLite", f"sqlite:///{workdir / 'bench.sqlite3'}", files, workdir)}
    if postgres_answers():
        results["PostgreSQL"] = bench("PostgreSQL", fresh_postgres_database(), files, workdir)
    else:
        print("\nPostgreSQL does not answer on 127.0.0.1:5432: measured on SQLite only")
    return report(results)


def report(results):
    databases = list(results)
    failed = False

    def verdict(value, target):
        nonlocal failed
        if target is None:
            return f"{value:,.0f}"
        ok = value <= target
        failed |= not ok
        return f"{value:,.0f}" + ("" if ok else " ✗")

    print(f"\nCold, {PROJECTS:,} projects: median of {RUNS} requests, Redis emptied before each "
          "(gunicorn 3 workers × 4 threads, debug off), in ms")
    print(f"| page | target | {' | '.join(databases)} |")
    print(f"|---|---|{'---|' * len(databases)}")
    for row, _address, target in PAGES:
        cells = [verdict(results[database]["pages"][row], target) for database in databases]
        print(f"| {row} | {target or ''} | {' | '.join(cells)} |")
    import_cells = [verdict(results[database]["import"], TARGETS[database][0]) for database in databases]
    print(f"| import (s) | {' / '.join(str(TARGETS[d][0]) for d in databases)} | {' | '.join(import_cells)} |")
    memory_cells = [verdict(results[database]["import memory"], TARGETS[database][1]) for database in databases]
    print(f"| import peak memory (MB) | {TARGETS['SQLite'][1]} | {' | '.join(memory_cells)} |")
    export_cells = [verdict(results[database]["exports"]["peak_mb"], EXPORT_MB) for database in databases]
    print(f"| exports of the whole lists, peak memory (MB) | {EXPORT_MB} | {' | '.join(export_cells)} |")
    print("\nLoad: wrk, 64 connections, mostly new filter combinations")
    for database in databases:
        load = results[database]["load"]
        if load is None:
            continue
        errors = sum(load[kind] for kind in ("connect", "read", "write", "status", "timeout"))
        failed |= bool(errors)
        print(f"  {database}: {load['requests'] / load['seconds']:.0f} requests/s, p50 {load['p50_ms']:.0f} ms, "
              f"p99 {load['p99_ms']:.0f} ms, errors {errors}")
    for database in databases:
        exported = results[database]["exports"]
        print(f"  {database} exports: " + ", ".join(
            f"{name.split(':')[1]} {e['lines']} lines, {e['mb']} MB in {e['seconds']} s"
            for name, e in exported.items() if name != "peak_mb"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
