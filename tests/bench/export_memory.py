"""
Run by cold.py in a process of its own: stream every export of the full
project list (35,000 projects) and print the rows and the process's peak memory as JSON.
"""

import json
import resource
import time

import django


def main():
    django.setup()
    from django.test import Client
    from django.urls import reverse

    client = Client()
    results = {}
    for name in ["opendata:project-export-csv", "opendata:project-export-json", "opendata:participation-export-csv",
                 "opendata:organisation-export-csv"]:
        started = time.perf_counter()
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        size = lines = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")
        results[name] = {"seconds": round(time.perf_counter() - started, 1), "mb": round(size / 2**20, 1),
                         "lines": lines}
    results["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
