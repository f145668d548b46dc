"""
Benchmark: backup and restore of a full-size database, on the database a URL names.

    python -m tests.bench.backups --database-url postgres://postgres@127.0.0.1:5432/lecce_h2_bench
    python -m tests.bench.backups [--projects 28000]    # a throwaway SQLite file

The URL comes from --database-url or BENCH_DATABASE_URL, never from DATABASE_URL: a shell that
exports the developer's own database for `make run` must not have it replaced by `make bench`.

A database that holds no project is migrated and filled first: CORDIS files of --projects projects
(BENCH_PROJECTS, 28,000 by default; tests/bench/cordis_files.py), imported with ``import_cordis
--publish-all``. 200 pictures of 256 KB go in a throwaway MEDIA_ROOT. Then ``manage.py backup`` and
``manage.py restore --no-input`` run in processes of their own under /usr/bin/time, with the site's
production settings (debug off): wall time, and peak memory of the command and of the PostgreSQL
programs it runs. Meanwhile this process asks for a different project page every 50 ms, on its own
connection, as a visitor would: the slowest answer shows whether the site kept answering.

The restore puts back what the backup saved, sessions and sign-in locks aside, but it replaces the
whole database: give it one of its own. Prints a table and exits non-zero if a target is missed.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
TARGETS = {  # name: (limit, unit)
    "backup": (300, "s"),
    "backup memory": (500, "MB"),
    "restore": (300, "s"),
    "restore memory": (500, "MB"),
    "slowest page during backup": (1000, "ms"),
    "slowest page during restore": (1000, "ms"),
    "pages that failed": (1, ""),
}
PICTURES, PICTURE_BYTES = 200, 256 * 1024


def measured(command, environment):
    """Run ``manage.py command`` under /usr/bin/time; return its seconds and peak megabytes."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e s %M KB", sys.executable, "manage.py", *command],
                            cwd=BASE_DIR, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    seconds, kilobytes = re.search(r"([\d.]+) s (\d+) KB\s*$", result.stderr).groups()
    print(f"  {result.stdout.strip()}", flush=True)
    return float(seconds), int(kilobytes) / 1024


class Visitor(threading.Thread):
    """Asks for one project page after another, each new, until stopped; keeps the slowest answer and the failures."""

    def __init__(self, slugs):
        super().__init__(daemon=True)
        self.slugs, self.stopped = slugs, threading.Event()
        self.times, self.failed, self.pages = [], 0, 0

    def run(self):
        from django.db import connections
        from django.test import Client

        client = Client()
        try:
            client.get(f"/en/projects/{self.slugs[-1]}/")  # templates and URLs loaded, as a running site has them
            while not self.stopped.is_set():
                slug = self.slugs[self.pages % len(self.slugs)]
                started = time.perf_counter()
                try:
                    status = client.get(f"/en/projects/{slug}/").status_code
                except Exception:  # a page that fails, whatever the reason, counts as failed
                    status = 500
                self.times.append((time.perf_counter() - started) * 1000)
                self.failed += status != 200
                self.pages += 1
                self.stopped.wait(0.05)
        finally:
            connections.close_all()

    @property
    def slowest(self):
        return max(self.times, default=0.0)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=int(os.environ.get("BENCH_PROJECTS", "28000")))
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="the database to measure on (its content is replaced); a throwaway SQLite file by default")
    arguments = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lecce-bench-backups-"))
    media = workdir / "media"
    environment = {
        **os.environ,
        "DATABASE_URL": arguments.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "lecce.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-key-never-used-for-a-site"),
        "DJANGO_HTTPS": "0",
        "DJANGO_BEHIND_PROXY": "0",
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    try:
        return run(arguments, workdir, media, environment)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(arguments, workdir, media, environment):
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], cwd=BASE_DIR, env=environment, check=True)

    # This process reads as a visitor does: the test settings serve pages without collectstatic, and cache none.
    os.environ.update({**environment, "DJANGO_SETTINGS_MODULE": "tests.settings"})
    import django

    django.setup()
    from django.db import connection

    from projects.models import Project

    if not Project.objects.exists():
        from tests.bench.cordis_files import write_files

        started = time.perf_counter()
        project_csv, organisation_csv = write_files(workdir, arguments.projects)
        subprocess.run([*manage, "import_cordis", "--projects", str(project_csv), "--organizations",
                        str(organisation_csv), "--publish-all"],
                       cwd=BASE_DIR, env=environment, check=True, stdout=subprocess.DEVNULL)
        print(f"built {arguments.projects} projects in {time.perf_counter() - started:.0f} s", flush=True)
    (media / "highlights").mkdir(parents=True, exist_ok=True)
    for n in range(PICTURES):
        (media / "highlights" / f"bench-{n:03}.jpg").write_bytes(os.urandom(PICTURE_BYTES))
    projects = Project.objects.count()
    slugs = list(Project.objects.order_by("?").values_list("slug", flat=True)[:2000])
    connection.close()

    archive = workdir / "bench.tar.gz"
    results = {}
    with Visitor(slugs) as during_backup:
        results["backup"], results["backup memory"] = measured(["backup", str(archive)], environment)
    with Visitor(list(reversed(slugs))) as during_restore:
        results["restore"], results["restore memory"] = measured(["restore", "--no-input", str(archive)], environment)
    results["slowest page during backup"] = during_backup.slowest
    results["slowest page during restore"] = during_restore.slowest
    results["pages that failed"] = during_backup.failed + during_restore.failed
    restored = Project.objects.count()
    connection.close()

    database = environment["DATABASE_URL"].split("@")[-1]
    print(f"\n{projects} projects on {connection.vendor} ({database}); archive {archive.stat().st_size / 2**20:.0f} MB; "
          f"{during_backup.pages + during_restore.pages} pages read meanwhile; {restored} projects after the restore\n")
    print(f"{'measure':30}{'result':>12}{'target':>12}  ok")
    failed = restored != projects
    for name, value in results.items():
        limit, unit = TARGETS[name]
        ok = value < limit
        failed |= not ok
        print(f"{name:30}{value:>10.1f} {unit:<2}{'< ' + str(limit) + ' ' + unit:>11}  {'yes' if ok else 'NO'}")
    print("\npages meanwhile, median ms: " + ", ".join(
        f"{name} {statistics.median(visitor.times or [0]):.0f}" for name, visitor in [("backup", during_backup),
                                                                                     ("restore", during_restore)]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
