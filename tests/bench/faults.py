"""
Benchmark: the site under faults and abuse, probed on a running gunicorn, as a visitor or an attacker meets it.

Run with `make bench`. Each probe starts the demo site (debug off, several workers) with one
dependency broken or one abuse attempted, asks what a visitor would ask, and prints whether
the site held: pages still answered (or failed fast and plainly), in how long. It exits
non-zero when a probe failed.

    python -m tests.bench.faults
"""

import http.client
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

from tests.bench.demo_site import MANAGE, free_port, prepare, wait_until_it_answers

PAGES = ["/it/", "/it/progetti/", "/it/progetti/smartencity/", "/en/organisations/", "/api/projects/"]
SECONDS = 8  # longest a probe's request may take before it counts as hanging


@contextmanager
def hung_server():
    """A port that accepts connections and never answers: a hung Redis or database."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


def closed_port():
    return free_port()  # nothing listens there once the probe socket is closed


@contextmanager
def gunicorn(environment):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lecce.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "3", "--worker-class", "gthread", "--threads", "4", "--timeout", "60",
         "--log-level", "critical"],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        yield f"127.0.0.1:{port}", server
    finally:
        server.terminate()
        server.wait()


def request(host, path, method="GET", body=None, headers=None):
    """(status, seconds, body) of one request; status 0 when it hung past SECONDS or the connection failed."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection(host, timeout=SECONDS)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, time.perf_counter() - start, response.read().decode(errors="replace"), response
    except OSError:
        return 0, time.perf_counter() - start, "", None
    finally:
        connection.close()


def serve_pages(environment, expected=(200,)):
    """Every page answered with one of ``expected`` well within SECONDS: (held, slowest)."""
    with gunicorn(environment) as (host, server):
        wait_for(host, server)
        results = [request(host, path) for path in PAGES for _ in range(2)]
    slowest = max(seconds for _status, seconds, _body, _response in results)
    held = all(status in expected for status, *_ in results) and slowest < SECONDS
    return held, f"{sorted({status for status, *_ in results})} slowest {slowest * 1000:.0f} ms"


def wait_for(host, server):
    wait_until_it_answers(f"http://{host}", server, "/health/", seconds=30)


def probe_redis_refused(base):
    return serve_pages({**base, "DJANGO_REDIS_URL": f"redis://127.0.0.1:{closed_port()}/0"})


def probe_redis_hung(base):
    with hung_server() as port:
        return serve_pages({**base, "DJANGO_REDIS_URL": f"redis://127.0.0.1:{port}/0"})


def probe_database(base, port):
    """A database that cannot be reached: the health check says so at once, pages fail fast and plainly."""
    environment = {**base, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/lecce"}
    with gunicorn(environment) as (host, _server):
        time.sleep(3)
        health = request(host, "/health/")
        page = request(host, "/it/")
    held = health[0] == 503 and page[0] in (500, 503) and max(health[1], page[1]) < SECONDS
    return held, f"health {health[0]} in {health[1] * 1000:.0f} ms, page {page[0]} in {page[1] * 1000:.0f} ms"


def probe_database_refused(base):
    return probe_database(base, closed_port())


def probe_database_hung(base):
    with hung_server() as port:
        return probe_database(base, port)


def sign_in(host, username, password, address):
    _status, _seconds, page, response = request(host, "/admin/login/", headers={"X-Forwarded-For": address})
    cookie = response.getheader("Set-Cookie", "").split(";")[0] if response else ""
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    body = f"csrfmiddlewaretoken={token}&username={username}&password={password}&next=/admin/"
    return request(host, "/admin/login/", "POST", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "X-Forwarded-For": address,
        "Referer": f"http://{host}/admin/login/",
    })


def probe_lock_by_name(base):
    """Five wrong passwords for an editor's name from a stranger's address leave the editor able to sign in."""
    environment = {**base, "DJANGO_BEHIND_PROXY": "1"}
    subprocess.run([*MANAGE, "shell", "-c",
                    "from django.contrib.auth.models import User; "
                    "User.objects.filter(username='editor').exists() or "
                    "User.objects.create_user('editor', password='right horse battery', is_staff=True)"],
                   env=environment, check=True, stdout=subprocess.DEVNULL)
    with gunicorn(environment) as (host, server):
        wait_for(host, server)
        for _ in range(6):
            sign_in(host, "editor", "wrong", "203.0.113.9")
        status, _seconds, _page, _response = sign_in(host, "editor", "right horse battery", "198.51.100.7")
    return status == 302, f"the editor, from elsewhere: {status} (302 is signed in)"


def probe_bad_forwarded_address(base):
    with gunicorn({**base, "DJANGO_BEHIND_PROXY": "1"}) as (host, server):
        wait_for(host, server)
        status, *_ = sign_in(host, "editor", "wrong", "not-an-address")
    return status == 200, f"sign-in with X-Forwarded-For 'not-an-address': {status}"


def probe_canonical_of_a_missing_page(base):
    with gunicorn(base) as (host, server):
        wait_for(host, server)
        status, _seconds, page, _response = request(host, "//evil.com")
    return "evil.com" not in page, f"//evil.com: {status}, {'names evil.com' if 'evil.com' in page else 'no trace of it'}"


def probe_bogus_session_cookie(base):
    """A made-up session cookie gets the cached page: it must not be a way around the cache."""
    with gunicorn(base) as (host, server):
        wait_for(host, server)
        request(host, "/it/progetti/")
        plain = min(request(host, "/it/progetti/")[1] for _ in range(20))
        bogus = min(request(host, "/it/progetti/", headers={"Cookie": "sessionid=bogus"})[1] for _ in range(20))
    return bogus < plain * 3 + 0.005, f"fastest with no cookie {plain * 1000:.1f} ms, with a bogus one {bogus * 1000:.1f} ms"


PROBES = [
    ("Redis refuses connections", probe_redis_refused),
    ("Redis accepts and never answers", probe_redis_hung),
    ("the database refuses connections", probe_database_refused),
    ("the database accepts and never answers", probe_database_hung),
    ("five wrong passwords for an editor, from elsewhere", probe_lock_by_name),
    ("an invalid X-Forwarded-For at sign-in", probe_bad_forwarded_address),
    ("the 404 page of //evil.com", probe_canonical_of_a_missing_page),
    ("a made-up session cookie", probe_bogus_session_cookie),
]


def main():
    base = prepare("faults")
    rows, failed = [], False
    for name, probe in PROBES:
        try:
            held, detail = probe(base)
        except Exception as error:  # a probe that breaks is a failure to report, not to hide
            held, detail = False, f"{type(error).__name__}: {error}"
        failed |= not held
        rows.append((name, "held" if held else "FAILED", detail))
        print(f"  {name}: {'held' if held else 'FAILED'} ({detail})", flush=True)
    print("\nFaults and abuse, on gunicorn (3 workers × 4 threads), debug off")
    width = max(len(name) for name, *_ in rows)
    for name, verdict, detail in rows:
        print(f"{name:{width}}  {verdict:6}  {detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
