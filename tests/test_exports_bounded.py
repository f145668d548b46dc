"""No unbounded work on request: exports written once per content version and served as files, a limit per
address on the downloads and the API, and a download that fails mid-way failing for its client too."""

import csv
import datetime
import io
import json
import logging
import os
import threading
import time

import pytest
from django.db import DatabaseError, connection, connections
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opendata import files, throttle
from opendata.exports import ParticipationExport, ProjectExport
from opendata.files import ExportFailed, ExportFile
from tests.factories import make_organisation, make_participation, make_project, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def exports_root(settings, tmp_path):
    """A folder of this test's own, to look into."""
    settings.EXPORTS_ROOT = tmp_path / "exports"
    return settings.EXPORTS_ROOT


@pytest.fixture
def portfolio(db):
    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)
    tecnalia = make_organisation(name="TECNALIA", slug="tecnalia", country="ES")
    energy = make_theme(slug="energy", name_it="Energia", name_en="Energy")
    projects = []
    for number in range(5):
        project = make_project(acronym=f"PRJ{number}", slug=f"prj{number}", summary_en=f"Summary {number}.")
        project.themes.add(energy)
        make_participation(project, lecce)
        make_participation(project, tecnalia, role="coordinator")
        projects.append(project)
    return projects


def content(response):
    return b"".join(response.streaming_content)


def finished_files(root):
    return sorted(path for path in root.iterdir() if not path.name.endswith(files.PART)) if root.exists() else []


def age(path, seconds):
    """Make ``path`` look written ``seconds`` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


# Written once, then served from the file


@pytest.mark.parametrize("name", ["project-export-csv", "project-export-json", "participation-export-csv",
                                  "participation-export-json", "organisation-export-csv", "organisation-export-json"])
def test_an_export_is_written_once_then_served_from_its_file(client, portfolio, exports_root, name):
    url = reverse(f"opendata:{name}")
    first = client.get(url)
    assert not isinstance(first, FileResponse) and "Content-Length" not in first
    streamed = content(first)
    [written] = finished_files(exports_root)
    assert written.read_bytes() == streamed

    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
        again = content(second)
    assert isinstance(second, FileResponse)
    assert again == streamed
    assert int(second["Content-Length"]) == len(streamed)
    assert not any("projects_" in query["sql"] for query in queries)  # the content version's, no rows read
    for header in ["Content-Type", "Content-Disposition"]:
        assert second[header] == first[header]


def test_the_headers_are_those_of_a_download(client, portfolio):
    client.get("/en/projects/export.csv").getvalue()
    response = client.get("/en/projects/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="projects-en-{datetime.date.today():%Y%m%d}.csv"'
    )
    json_response = client.get("/en/projects/export.json")
    assert json_response["Content-Type"] == "application/json; charset=utf-8"
    assert json_response["Content-Disposition"].startswith('inline; filename="projects-en-')


def test_a_change_of_the_content_makes_a_new_file_and_the_old_ones_go(client, portfolio, exports_root):
    old = content(client.get("/en/projects/export.csv"))
    [old_file] = finished_files(exports_root)
    age(old_file, files.GRACE + 1)
    portfolio[0].acronym = "RENAMED"
    portfolio[0].save()
    response = client.get("/en/projects/export.csv")
    assert not isinstance(response, FileResponse)
    new = content(response)
    assert b"RENAMED" in new and b"RENAMED" not in old
    assert [path.read_bytes() for path in finished_files(exports_root)] == [new]


def test_a_file_of_another_version_is_kept_while_it_may_still_be_read(client, portfolio, exports_root):
    content(client.get("/en/projects/export.csv"))
    portfolio[0].save()
    content(client.get("/en/projects/export.csv"))
    assert len(finished_files(exports_root)) == 2  # the old one is younger than GRACE


def test_a_new_day_makes_a_new_file(client, portfolio, exports_root, monkeypatch):
    content(client.get("/en/projects/export.csv"))
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(files.timezone, "localdate", lambda: tomorrow)
    assert not isinstance(client.get("/en/projects/export.csv"), FileResponse)


def test_every_address_of_the_same_list_shares_one_file(client, portfolio, exports_root):
    first = client.get("/en/projects/export.json?theme=energy")
    data = json.loads(content(first))
    assert data["filters"] == {"theme": ["energy"]}
    # The page, a parameter the list does not know and a value it drops as invalid change nothing in it.
    same = client.get("/en/projects/export.json?theme=energy&page=3&utm_source=x&year_from=not-a-year")
    assert isinstance(same, FileResponse)
    assert json.loads(content(same)) == data
    assert len(finished_files(exports_root)) == 1


@pytest.mark.parametrize("other", ["/it/progetti/export.csv", "/en/projects/export.csv?ordering=acronym",
                                   "/en/projects/export.json", "/en/projects/participations.csv"])
def test_each_language_format_list_and_order_has_its_own_file(client, portfolio, other):
    content(client.get("/en/projects/export.csv"))
    assert not isinstance(client.get(other), FileResponse)


def test_the_oldest_files_go_beyond_the_budget(client, portfolio, exports_root, settings):
    settings.EXPORTS_MAX_MB = 0
    content(client.get("/en/projects/export.csv"))
    [first] = finished_files(exports_root)
    age(first, files.GRACE + 1)
    content(client.get("/en/projects/export.csv?ordering=acronym"))
    assert first not in finished_files(exports_root) and len(finished_files(exports_root)) == 1


# One writer; the others follow it


def test_a_request_during_the_writing_follows_the_writer_and_reads_nothing_itself(exports_root):
    produced = []

    def produce():
        produced.append(1)
        yield from [b"header\n", b"row 1\n", b"row 2\n"]

    export = ExportFile("v1", ("some", "export"), "csv")
    writer, follower = export.stream(produce), ExportFile("v1", ("some", "export"), "csv").stream(produce)
    assert next(writer) == b"header\n"
    assert next(follower) == b"header\n"  # the writer holds the lock: the follower reads the partial file
    assert b"".join(writer) == b"row 1\nrow 2\n"
    assert b"".join(follower) == b"row 1\nrow 2\n"
    assert produced == [1]
    assert export.path.read_bytes() == b"header\nrow 1\nrow 2\n"
    assert not export.part.exists()


def test_a_follower_fails_with_its_writer(exports_root, caplog):
    def produce():
        yield b"header\n"
        raise DatabaseError("the database is gone")

    writer, follower = (ExportFile("v1", ("failing",), "csv").stream(produce) for _ in range(2))
    assert next(writer) == b"header\n"
    assert next(follower) == b"header\n"
    with pytest.raises(DatabaseError):
        next(writer)
    with caplog.at_level(logging.ERROR, logger="opendata.files"), pytest.raises(ExportFailed):
        list(follower)
    assert finished_files(exports_root) == [] and list(exports_root.iterdir()) == []


def test_a_writer_that_stops_writing_is_not_followed_for_ever(exports_root, monkeypatch):
    monkeypatch.setattr(files, "STALLED", 0.2)
    writer, follower = (ExportFile("v1", ("stalled",), "csv").stream(lambda: iter([b"header\n", b"row\n"]))
                        for _ in range(2))
    assert next(writer) == next(follower) == b"header\n"
    with pytest.raises(ExportFailed):
        next(follower)  # the writer's visitor reads no more, and the writer waits for it
    assert b"".join(writer) == b"row\n"


def test_a_file_finished_meanwhile_is_read_not_written_again(exports_root):
    export = ExportFile("v1", ("done",), "json")
    exports_root.mkdir()
    export.path.write_bytes(b"{}")
    assert b"".join(export.stream(lambda: pytest.fail("written again"))) == b"{}"


def test_a_partial_file_left_by_a_dead_writer_is_started_afresh(exports_root):
    export = ExportFile("v1", ("dead",), "csv")
    exports_root.mkdir()
    export.part.write_bytes(b"half a fi")  # no one holds its lock: its writer is gone
    assert b"".join(export.stream(lambda: iter([b"whole\n"]))) == b"whole\n"
    assert export.path.read_bytes() == b"whole\n"


def test_a_visitor_who_leaves_does_not_stop_the_file(exports_root):
    export = ExportFile("v1", ("left",), "csv")
    stream = export.stream(lambda: iter([b"a\n", b"b\n", b"c\n"]))
    assert next(stream) == b"a\n"
    stream.close()  # what the server does when the visitor goes away
    assert export.path.read_bytes() == b"a\nb\nc\n"


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_requests_read_the_rows_once(client, portfolio, monkeypatch):
    """Two visitors ask for the same new export at once, each in a thread as under gunicorn: one writes, the
    other follows its file, and both get the same bytes, those of the file."""
    calls, gate, real_rows = [], threading.Event(), ParticipationExport.rows

    def slow_rows(self):
        calls.append(1)
        for index, row in enumerate(real_rows(self)):
            if index == 2:
                assert gate.wait(10)  # the writer is mid-way: the other request comes now
            yield row

    monkeypatch.setattr(ParticipationExport, "rows", slow_rows)
    url = "/en/projects/participations.csv"
    responses = [client.get(url), client.get(url)]  # the views run; neither has sent a byte yet
    received = [[], []]

    def download(number):
        try:
            for chunk in responses[number].streaming_content:
                received[number].append(chunk)
        finally:
            connections.close_all()

    first = threading.Thread(target=download, args=(0,))
    first.start()
    while not calls:  # the first holds the lock and reads the rows
        time.sleep(0.01)
    second = threading.Thread(target=download, args=(1,))
    second.start()
    while not received[1]:  # the second follows the first's file: it has the header already
        time.sleep(0.01)
    gate.set()
    first.join(10)
    second.join(10)
    assert calls == [1]
    assert b"".join(received[0]) == b"".join(received[1]) == content(client.get(url))
    rows = list(csv.DictReader(io.StringIO(b"".join(received[1]).decode()[1:])))
    assert len(rows) == 10


def test_without_a_folder_for_the_files_the_downloads_still_work(client, portfolio, settings, tmp_path, caplog):
    (tmp_path / "a-file").write_text("")
    settings.EXPORTS_ROOT = tmp_path / "a-file" / "exports"
    with caplog.at_level(logging.ERROR, logger="opendata.files"):
        rows = content(client.get("/en/projects/export.csv")).decode().splitlines()
    assert len(rows) == 6
    assert "cannot be made" in caplog.text


def test_a_full_disk_sends_the_download_whole_without_keeping_it(client, portfolio, exports_root, monkeypatch,
                                                                caplog):
    whole = content(client.get("/en/projects/export.csv?ordering=acronym"))
    written = []

    def full_after_a_chunk(fd, data):
        if written:
            raise OSError(28, "No space left on device")
        written.append(data)

    monkeypatch.setattr(files, "write_all", full_after_a_chunk)
    with caplog.at_level(logging.ERROR, logger="opendata.files"):
        assert content(client.get("/en/projects/export.csv")) == whole
    assert "cannot be kept" in caplog.text
    assert len(list(exports_root.iterdir())) == 1  # the first file only: no partial one left


# A failure mid-way


@pytest.mark.parametrize("url", ["/en/projects/export.csv", "/en/projects/export.json"])
def test_a_failure_mid_way_cuts_the_download_short_and_leaves_no_file(client, portfolio, exports_root, monkeypatch,
                                                                      caplog, url):
    real_rows = ProjectExport.rows

    def failing_rows(self):
        rows = real_rows(self)
        yield next(rows)
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(ProjectExport, "rows", failing_rows)
    response = client.get(url)
    assert response.status_code == 200  # sent before the first byte
    received = []
    with caplog.at_level(logging.ERROR, logger="opendata.files"), pytest.raises(DatabaseError):
        for chunk in response.streaming_content:  # the server: the error reaches it, and it drops the connection
            received.append(chunk)
    assert received  # the first bytes, the heading, were sent at once
    assert any("failed while it was written" in record.getMessage() for record in caplog.records)
    assert list(exports_root.iterdir()) == []  # neither a short file nor a partial one

    monkeypatch.setattr(ProjectExport, "rows", real_rows)
    whole = content(client.get(url))
    if url.endswith(".csv"):
        assert b"".join(received) == whole.splitlines(keepends=True)[0]  # the header alone: no row of the file
    else:
        with pytest.raises(ValueError):
            json.loads(b"".join(received))
        assert len(json.loads(whole)["results"]) == 5


# The limit per address


@pytest.fixture
def limits(settings):
    settings.DOWNLOADS_PER_MINUTE = 3
    settings.API_REQUESTS_PER_MINUTE = 2
    return settings


def test_downloads_past_the_limit_are_refused_with_when_to_try_again(client, portfolio, limits):
    assert [client.get("/en/projects/export.csv").status_code for _ in range(3)] == [200] * 3
    refused = client.get("/en/projects/participations.json")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"] == "text/plain; charset=utf-8"
    assert refused.content.decode().startswith("Too many requests from this address: please try again in ")


def test_the_api_past_the_limit_answers_json_that_other_sites_can_read(client, portfolio, limits):
    assert [client.get("/api/projects/").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/organisations/", {"lang": "en"})
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["detail"].startswith("Too many requests from this address")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert refused["Access-Control-Expose-Headers"] == "Retry-After"


def test_downloads_and_the_api_are_counted_apart(client, portfolio, limits):
    for _ in range(3):
        client.get("/en/projects/export.csv")
    assert client.get("/api/projects/").status_code == 200


def test_another_address_is_not_limited(client, portfolio, limits):
    for _ in range(4):
        client.get("/en/projects/export.csv")
    assert client.get("/en/projects/export.csv").status_code == 429
    assert client.get("/en/projects/export.csv", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client, portfolio, limits):
    limits.BEHIND_PROXY = True
    for _ in range(3):
        # The first entries of the header come from the visitor, who may change them at will.
        client.get("/en/projects/export.csv", HTTP_X_FORWARDED_FOR=f"10.0.0.{_}, 203.0.113.5")
    assert client.get("/en/projects/export.csv", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert client.get("/en/projects/export.csv", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200


def test_an_ipv6_visitor_counts_with_its_whole_64(client, portfolio, limits):
    for host in range(1, 4):
        client.get("/en/projects/export.csv", REMOTE_ADDR=f"2001:db8:1:2::{host}")
    assert client.get("/en/projects/export.csv", REMOTE_ADDR="2001:db8:1:2:ffff::9").status_code == 429
    assert client.get("/en/projects/export.csv", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_a_request_without_an_address_is_not_counted(client, portfolio, limits):
    """Served on a Unix socket without the proxy's header: counting all such requests as one would refuse all."""
    assert {client.get("/en/projects/export.csv", REMOTE_ADDR="").status_code for _ in range(5)} == {200}


class DownCache:
    """A cache whose server does not answer: Django's Redis backend raises, core.cache's answers as a miss."""

    def __init__(self, forgiving):
        self.forgiving = forgiving

    def add(self, *args, **kwargs):
        if self.forgiving:
            return False
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    def incr(self, key, *args, **kwargs):
        raise ValueError(f"Key '{key}' not found.")


@pytest.mark.parametrize("forgiving", [True, False])
def test_without_the_cache_requests_are_let_through(client, portfolio, limits, monkeypatch, forgiving):
    monkeypatch.setattr(throttle, "cache", DownCache(forgiving))
    assert {client.get("/en/projects/export.csv").status_code for _ in range(5)} == {200}
    assert {client.get("/api/projects/").status_code for _ in range(5)} == {200}


def test_a_limit_of_zero_counts_nothing(client, portfolio, settings):
    settings.DOWNLOADS_PER_MINUTE = 0
    assert {client.get("/en/projects/export.csv").status_code for _ in range(5)} == {200}
