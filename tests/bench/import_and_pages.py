"""
Benchmark: import a full-size CORDIS export, then time the public pages on that data.

Run with `make bench` (BENCH_PROJECTS=2000 make bench for a quick look). It
generates CORDIS-format files (tests/bench/cordis_files.py), imports them into
a throwaway SQLite database with the real management command in a child
process (wall time and peak memory), features the organisation with the most
projects, and times the pages in this process: server time, warm, median of
repeated requests. It prints a table and exits non-zero if a target is missed.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECTS = int(os.environ.get("BENCH_PROJECTS", "35000"))
RUNS = 15
TARGETS = {  # name: (limit, unit)
    "import": (120, "s"),
    "import memory": (1024, "MB"),
    "/projects/ (any one filter)": (100, "ms"),
    "project page": (50, "ms"),
    "featured profile": (150, "ms"),
    "export memory": (200, "MB"),
}


COLD = {}  # url: ms of the first request with nothing cached


def median_ms(client, url, runs=RUNS):
    from django.core.cache import cache

    cache.clear()
    start = time.perf_counter()
    client.get(url)  # cold: counts and insights computed, then cached
    COLD[url] = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main():
    from tests.bench.cordis_files import write_files

    workdir = Path(tempfile.mkdtemp(prefix="lecce-bench-import-"))
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    os.environ.update(environment)
    started = time.perf_counter()
    project_csv, organisation_csv = write_files(workdir, PROJECTS)
    print(f"generated {PROJECTS} projects in {time.perf_counter() - started:.1f} s", flush=True)

    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=environment, check=True)
    started = time.perf_counter()
    subprocess.run(
        [*manage, "import_cordis", "--projects", str(project_csv), "--organizations", str(organisation_csv)],
        env=environment, check=True, stdout=subprocess.DEVNULL,
    )
    import_seconds = time.perf_counter() - started
    import_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from projects.models import Organisation, Participation, Project, Theme

    featured = Organisation.objects.annotate(n=Count("participations")).order_by("-n").first()
    featured.is_featured = True
    featured.save(update_fields=["is_featured"])
    themes = [Theme.objects.create(name=f"Theme {n}", slug=f"theme-{n}") for n in range(8)]
    for index, project_id in enumerate(Project.objects.values_list("pk", flat=True)[:5000]):
        Project.themes.through.objects.create(project_id=project_id, theme=themes[index % 8])
    some_project = Project.objects.annotate(n=Count("participations")).order_by("-n").first()
    counts = (Project.objects.count(), Organisation.objects.count(), Participation.objects.count())

    client = Client()
    projects_url, home_url = reverse("projects:project-list"), reverse("profiles:home")  # in Italian, the default
    filters = {
        "none": "", "q": "q=energy", "theme": "theme=theme-3", "programme": "programme=H2020",
        "status": "status=closed", "year_from": "year_from=2018", "year_to": "year_to=2016",
        "role": "role=coordinator", "country": "country=DE", "min_eu": "min_eu=1000000",
        "ordering": "ordering=-eu", "page": "page=50",
    }
    list_times = {name: median_ms(client, f"{projects_url}?{query}") for name, query in filters.items()}
    worst_filter = max(list_times, key=list_times.get)
    results = {
        "import": import_seconds,
        "import memory": import_mb,
        "/projects/ (any one filter)": list_times[worst_filter],
        "project page": median_ms(client, some_project.get_absolute_url()),
        "featured profile": median_ms(client, home_url),
    }
    # Every export of the whole list, streamed in a process of its own, whose peak memory is the measure.
    exported = json.loads(subprocess.run(
        [sys.executable, "-m", "tests.bench.export_memory"], env=os.environ, check=True, capture_output=True, text=True,
    ).stdout)
    results["export memory"] = exported.pop("peak_mb")

    print(f"\n{counts[0]} projects, {counts[1]} organisations, {counts[2]} participations "
          f"(featured: {featured.name[:40]}, {featured.n} projects)\n")
    print(f"{'measure':34}{'result':>12}{'target':>12}  ok")
    failed = False
    for name, value in results.items():
        limit, unit = TARGETS[name]
        ok = value < limit
        failed |= not ok
        print(f"{name:34}{value:>10.0f} {unit:<2}{'< ' + str(limit) + ' ' + unit:>11}  {'yes' if ok else 'NO'}")
    print("\n/projects/ by filter, warm median ms: " + ", ".join(f"{k} {v:.0f}" for k, v in list_times.items()))
    print("/projects/ by filter, cold (first request, nothing cached) ms: " + ", ".join(
        f"{name} {COLD[f'{projects_url}?{query}']:.0f}" for name, query in filters.items()))
    print("exports of the whole list: " + ", ".join(
        f"{name.split(':')[1]} {e['lines']} lines, {e['mb']} MB in {e['seconds']} s" for name, e in exported.items()))
    print(f"featured profile cold {COLD[home_url]:.0f} ms; project page cold {COLD[some_project.get_absolute_url()]:.0f} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
