"""
Benchmark: the profile page of an organisation with 2,000 participations.

Run with `make bench`. Builds the portfolio in a throwaway SQLite database,
then renders `/` repeatedly through Django's test client and prints the
median and 95th-percentile times and the number of queries. Target: under
150 ms, and the same number of queries as for a small portfolio.
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal

PARTICIPATIONS = 2000
PARTNERS_PER_PROJECT = 8
RUNS = 30


def build():
    """Set up Django on a throwaway database holding the bench portfolio; return the featured organisation."""
    database = os.path.join(tempfile.mkdtemp(prefix="lecce-bench-"), "bench.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    # The test client's host; and no setup_test_environment(), whose template instrumentation would be timed too.
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from profiles.models import KeyFigure
    from projects.models import Organisation, Participation, Project, Theme

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with transaction.atomic():
        city = Organisation.objects.create(name="Bench City", slug="bench-city", is_featured=True, country="IT")
        partners = Organisation.objects.bulk_create(
            Organisation(name=f"Partner {n}", slug=f"partner-{n}", country=["ES", "FR", "DE", "GR", "PT", "NL"][n % 6])
            for n in range(600)
        )
        themes = Theme.objects.bulk_create(Theme(name=f"Theme {n}", slug=f"theme-{n}") for n in range(12))
        projects = Project.objects.bulk_create(
            Project(acronym=f"P{n}", title=f"Project {n}", slug=f"p{n}", declared_consortium_size=PARTNERS_PER_PROJECT + 2,
                    start_date=datetime.date(2000 + n % 25, 1 + n % 12, 1), end_date=datetime.date(2030, 1, 1),
                    keywords="energy, cities")
            for n in range(PARTICIPATIONS)
        )
        Project.themes.through.objects.bulk_create(
            Project.themes.through(project=project, theme=themes[n % 12]) for n, project in enumerate(projects)
        )
        Participation.objects.bulk_create(
            [Participation(project=p, organisation=city, eu_contribution=Decimal(n)) for n, p in enumerate(projects)]
            + [Participation(project=p, organisation=partners[(n * 7 + k) % 600])
               for n, p in enumerate(projects) for k in range(PARTNERS_PER_PROJECT)]
        )
        for metric in KeyFigure.Metric:
            KeyFigure.objects.create(organisation=city, metric=metric, value="1", label=metric.label)
    print(f"built {PARTICIPATIONS} participations of the featured organisation, "
          f"{PARTICIPATIONS * (PARTNERS_PER_PROJECT + 1)} in all, in {time.perf_counter() - started:.1f} s")
    return city


def main():
    city = build()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from projects.insights import portfolio_insights

    home = reverse("profiles:home")  # in Italian, the default
    client = Client()
    client.get(home)  # warm up
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(home)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(home)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()

    insight_times = []
    for _ in range(5):
        start = time.perf_counter()
        insights = portfolio_insights(city)
        assert insights.theme_shift and insights.longest and insights.average_consortium_size
        insight_times.append((time.perf_counter() - start) * 1000)
    print(f"of which portfolio_insights: median {statistics.median(insight_times):.0f} ms")
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"profile page: median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms over {RUNS} runs; "
          f"{len(queries)} queries; {len(response.content) / 1024:.0f} KB of HTML")
    return 0 if statistics.median(times) < 150 else 1


if __name__ == "__main__":
    sys.exit(main())
