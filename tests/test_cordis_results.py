"""The CORDIS results importer (projects/cordis_results.py) and its command, on the files in tests/data/cordis/results.

The site holds two projects of tests/data/cordis/project.csv, SmartEnCity (691883) and TRILLION (653256); each
file also has rows of projects it does not hold (754510, 101091852). The expected values are worked out by hand
from the files. Broken files are made as edited copies in tmp_path; the files in tests/data are never changed.
"""

import csv
import datetime
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from projects.cordis import CordisFileError, ImportRunning
from projects.cordis_results import import_cordis_results
from projects.models import CordisResult, CordisResultKind
from tests.factories import make_project
from tests.test_admin_import import import_lock_held_elsewhere
from tests.test_cordis import edited, raw, table_row

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "cordis" / "results"
DELIVERABLES = DATA / "projectDeliverables.csv"
PUBLICATIONS = DATA / "projectPublications.csv"
REPORTS = DATA / "reportSummaries.csv"
FILES = {"deliverables": DELIVERABLES, "publications": PUBLICATIONS, "reports": REPORTS}
JSON_FILES = {kind: path.with_suffix(".json") for kind, path in FILES.items()}
ROME = ZoneInfo("Europe/Rome")


# Helpers


@pytest.fixture(autouse=True)
def site_projects():
    """The two projects of the site that the files have results of."""
    return {
        691883: make_project(cordis_id=691883, acronym="SmartEnCity", slug="smartencity"),
        653256: make_project(cordis_id=653256, acronym="TRILLION", slug="trillion"),
    }


def run(files=None, **options):
    return import_cordis_results(FILES if files is None else files, **options)


def tallies(report):
    """(created, updated, unchanged) of each kind of file given."""
    return {kind: (report.tally(kind).created, report.tally(kind).updated, report.tally(kind).unchanged)
            for kind in report.kinds}


def where(problems):
    return [(problem.file, problem.line, problem.column) for problem in problems]


def snapshot():
    """Every result stored, every field, by primary key."""
    return list(CordisResult.objects.order_by("pk").values())


def result(cordis_id):
    return CordisResult.objects.select_related("project").get(cordis_id=cordis_id)


def command(*args):
    """Run import_cordis_results; return (stdout, stderr). A CommandError propagates."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_cordis_results", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def previous_import():
    """A database holding an import of the three files, so that 'nothing was written' means something."""
    run()
    before = snapshot()
    assert len(before) == 11
    return before


# 1. Each file, every field


def test_the_deliverables_of_the_sites_projects_come_in_with_every_field(site_projects):
    report = run({"deliverables": DELIVERABLES})
    assert tallies(report) == {"deliverables": (4, 0, 0)}
    assert sorted(CordisResult.objects.values_list("cordis_id", flat=True)) == [
        "653256_12_DELIV", "691883_37_DELIV", "691883_52_DELIV", "691883_60_DELIV",
    ]
    plan = result("691883_52_DELIV")
    assert plan.project == site_projects[691883]
    assert plan.kind == CordisResultKind.DELIVERABLE
    # A cell quoted for its ";" and its line break; the break, CR LF in the file, stored as LF.
    assert plan.title == "Lecce follower city replication plan; first version"
    assert plan.description == (
        "The replication plan of Lecce, a follower city.\nSecond part: the districts chosen; the measures planned."
    )
    assert plan.type == "Documents, reports"
    assert plan.url == ("https://ec.europa.eu/research/participants/documents/downloadPublic?"
                        "documentIds=080166e5b5a1b6c5&appId=PPGMS")
    assert plan.cordis_updated == datetime.datetime(2022, 11, 3, 9, 12, tzinfo=ROME)
    assert (plan.doi, plan.authors, plan.journal, plan.year) == ("", "", "", None)
    assert plan.is_published
    assert result("653256_12_DELIV").project == site_projects[653256]


def test_a_link_that_is_not_a_web_address_is_left_out_with_a_warning():
    report = run({"deliverables": DELIVERABLES})
    assert result("691883_60_DELIV").url == ""
    assert [str(warning) for warning in report.warnings] == [
        "projectDeliverables, line 5, column url: “www.smartencity.eu” is not a web address (http or https): "
        "the link is left out",
    ]


def test_the_publications_come_in_with_bare_dois():
    report = run({"publications": PUBLICATIONS})
    assert tallies(report) == {"publications": (4, 0, 0)}
    review = result("691883_1752052_PUBLI")
    assert review.kind == CordisResultKind.PUBLICATION
    assert review.title == "Positive energy districts: a review; lessons from SmartEnCity"
    assert review.type == "PEER_REVIEWED_ARTICLE"
    assert review.authors == "Gonzalez, A.; Rossi, M.; Jensen, K."
    assert review.journal == "Energies"
    assert review.year == 2020
    assert review.doi == "10.3390/en13184871"  # given as https://doi.org/10.3390/en13184871
    assert review.doi_url == "https://doi.org/10.3390/en13184871"
    assert review.cordis_updated == datetime.datetime(2021, 3, 2, 10, 11, 12, tzinfo=ROME)
    # A title over two lines is one line.
    assert result("691883_1752070_PUBLI").title == "Citizen engagement in zero carbon districts"
    assert result("691883_1752070_PUBLI").doi == "10.1088/1755-1315/588/3/032011"
    assert result("653256_1334561_PUBLI").doi == "10.1515/jhsem-2016-0042"  # given as doi:10.1515/…
    assert result("653256_1334600_PUBLI").doi == ""
    assert [str(warning) for warning in report.warnings] == [
        "projectPublications, line 7, column doi: “not available” is not a DOI (10.…/…): it is left out",
    ]


def test_the_report_summaries_come_in_with_their_attachment_as_link():
    report = run({"reports": REPORTS})
    assert tallies(report) == {"reports": (3, 0, 0)}
    first = result("419371")
    assert first.kind == CordisResultKind.REPORT_SUMMARY
    assert first.title == "Periodic Reporting for period 1 - SmartEnCity (Towards Smart Zero CO2 Cities across Europe)"
    assert first.url == "https://cordis.europa.eu/docs/results/h2020/691/691883_PS/smartencity-periodic-report-1.pdf"
    assert first.description == ""  # the CSV file has no summaries
    assert result("439120").title == (
        "Periodic Reporting for period 2 - SmartEnCity (Towards Smart Zero CO2 Cities; across Europe)"
    )
    assert result("439120").url == ""
    assert report.warnings == []


def test_the_report_summaries_of_the_json_file_have_their_summary_or_else_their_teaser():
    report = run({"reports": JSON_FILES["reports"]})
    assert tallies(report) == {"reports": (3, 0, 0)}
    assert result("419371").description == (
        "SmartEnCity develops a replicable approach to decarbonise European cities.\nIn its first period the "
        "lighthouse cities planned their districts; the follower cities, Lecce among them, studied how to "
        "replicate them."
    )
    assert result("439120").description == (
        "The lighthouse districts are being retrofitted; Lecce prepares its replication plan."
    )
    # After the CSV file, the JSON file adds the summaries and changes nothing else.
    CordisResult.objects.all().delete()
    run({"reports": REPORTS})
    report = run({"reports": JSON_FILES["reports"]})
    assert tallies(report) == {"reports": (0, 3, 0)}


@pytest.mark.parametrize("kind", ["deliverables", "publications"])
def test_a_json_file_gives_the_same_results_as_the_csv_file(kind):
    run({kind: FILES[kind]})
    before = snapshot()
    report = run({kind: JSON_FILES[kind]})
    assert tallies(report) == {kind: (0, 0, 4)}
    assert snapshot() == before


def test_the_three_files_at_once():
    report = run()
    assert tallies(report) == {"deliverables": (4, 0, 0), "publications": (4, 0, 0), "reports": (3, 0, 0)}
    assert len(report.warnings) == 2


# 2. Only the site's projects


def test_results_of_projects_not_on_the_site_are_skipped_and_counted():
    report = run()
    assert report.skipped == {"deliverables": 2, "publications": 2, "reports": 1}
    assert set(CordisResult.objects.values_list("project__cordis_id", flat=True)) == {691883, 653256}
    assert not CordisResult.objects.filter(cordis_id__in=["754510_1752052_PUBLI", "101091852_26_DELIVHORIZON"])


def test_a_project_is_matched_on_its_grant_id_not_on_a_record_number():
    # A result's rcn is its own record's number in CORDIS, whatever project has that number as its own.
    make_project(cordis_rcn=790001, acronym="NOGRANT")  # the rcn of TRILLION's final release
    run()
    assert set(CordisResult.objects.values_list("project__acronym", flat=True)) == {"SmartEnCity", "TRILLION"}


# 3. Importing again


def test_importing_the_same_files_twice_changes_nothing(previous_import):
    report = run()
    assert tallies(report) == {"deliverables": (0, 0, 4), "publications": (0, 0, 4), "reports": (0, 0, 3)}
    assert snapshot() == previous_import


def test_a_newer_export_updates_only_what_changed_and_names_it(tmp_path, previous_import):
    deliverables = edited(tmp_path, DELIVERABLES, ("Data Management Plan;", "Data Management Plan, second version;"),
                          ("2023-04-21 15:10:37", "2024-01-08 10:00:00"))
    report = run({"deliverables": deliverables})
    assert tallies(report) == {"deliverables": (0, 1, 3)}
    assert report.deliverables.updated_names == ["SmartEnCity: Data Management Plan, second version"]
    changed = result("691883_37_DELIV")
    assert changed.title == "Data Management Plan, second version"
    assert changed.cordis_updated == datetime.datetime(2024, 1, 8, 10, tzinfo=ROME)


def test_an_unpublished_result_stays_unpublished(tmp_path, previous_import):
    CordisResult.objects.filter(cordis_id__in=["691883_37_DELIV", "419371"]).update(is_published=False)
    run()
    deliverables = edited(tmp_path, DELIVERABLES, ("Data Management Plan;", "Data Management Plan, revised;"))
    report = run({"deliverables": deliverables, "reports": REPORTS})
    assert tallies(report) == {"deliverables": (0, 1, 3), "reports": (0, 0, 3)}
    assert result("691883_37_DELIV").title == "Data Management Plan, revised"
    assert set(CordisResult.objects.filter(is_published=False).values_list("cordis_id", flat=True)) == {
        "691883_37_DELIV", "419371",
    }


def test_a_deleted_result_comes_back_with_the_next_import_unlike_an_unpublished_one(previous_import):
    result("691883_60_DELIV").delete()
    report = run({"deliverables": DELIVERABLES})
    assert tallies(report) == {"deliverables": (1, 0, 3)}
    assert report.deliverables.created_names == ["SmartEnCity: Project website"]


def test_results_missing_from_a_newer_file_are_kept(tmp_path, previous_import):
    reports = raw(tmp_path, "reportSummaries.csv", b"id;title;projectID;projectAcronym;attachment\n"
                                                   b"419371;Periodic Reporting for period 1;691883;SmartEnCity;\n")
    run({"reports": reports})
    assert CordisResult.objects.filter(kind=CordisResultKind.REPORT_SUMMARY).count() == 3


# 4. A dry run


def test_a_dry_run_reports_like_an_import_and_writes_nothing():
    report = run(dry_run=True)
    assert report.dry_run
    assert tallies(report) == {"deliverables": (4, 0, 0), "publications": (4, 0, 0), "reports": (3, 0, 0)}
    assert report.deliverables.created_names[0] == "SmartEnCity: Data Management Plan"
    assert not CordisResult.objects.exists()


def test_a_dry_run_of_a_newer_export_reports_the_updates_and_writes_nothing(tmp_path, previous_import):
    publications = edited(tmp_path, PUBLICATIONS, (";Energies;13;2020;", ";Energies;13;2021;"))
    report = run({"publications": publications}, dry_run=True)
    assert tallies(report) == {"publications": (0, 1, 3)}
    assert snapshot() == previous_import


# 5. Files that cannot be imported

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def without_column(tmp_path, source, column):
    """A copy of the CSV ``source`` without ``column``, BOM kept."""
    with open(source, encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file, delimiter=";")
        fieldnames, rows = reader.fieldnames, list(reader)
    path = tmp_path / source.name
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, [name for name in fieldnames if name != column], delimiter=";",
                                lineterminator="\r\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


BAD_FILES = [
    pytest.param(
        lambda tmp_path: {"deliverables": without_column(tmp_path, DELIVERABLES, "deliverableType")},
        [("projectDeliverables", 1, "deliverableType", "this column is missing")],
        id="missing-column",
    ),
    pytest.param(
        lambda tmp_path: {"publications": without_column(tmp_path, PUBLICATIONS, "doi")},
        [("projectPublications", 1, "doi", "this column is missing")],
        id="missing-column-publications",
    ),
    pytest.param(
        lambda tmp_path: {"reports": raw(tmp_path, "reportSummaries.json", json.dumps(
            [{"id": "419371", "projectID": "691883", "summary": "No title."}]).encode())},
        [("reportSummaries", 1, "title", "this column is missing")],
        id="missing-column-json",
    ),
    pytest.param(
        lambda tmp_path: {"publications": edited(tmp_path, PUBLICATIONS, (";Energies;13;2020;", ";Energies;13;20x0;"))},
        [("projectPublications", 2, "publishedYear", "“20x0” is not a year")],
        id="bad-year",
    ),
    pytest.param(
        lambda tmp_path: {"publications": edited(tmp_path, PUBLICATIONS, (";588;2020;", ";588;1066;"))},
        [("projectPublications", 4, "publishedYear", "“1066” is not a year")],
        id="year-out-of-range",
    ),
    pytest.param(
        lambda tmp_path: {"deliverables": edited(tmp_path, DELIVERABLES, ("691883_60_DELIV;", "691883_37_DELIV;"))},
        [("projectDeliverables", 5, "id", "691883_37_DELIV appears twice in this file, first on line 2")],
        id="duplicate-id",
    ),
    pytest.param(
        # Duplicated among the rows of projects not on the site too: the file is wrong all the same.
        lambda tmp_path: {"deliverables": edited(
            tmp_path, DELIVERABLES, ("754510_4_DELIV;", "101091852_26_DELIVHORIZON;"))},
        [("projectDeliverables", 8, "id", "101091852_26_DELIVHORIZON appears twice in this file, first on line 6")],
        id="duplicate-id-elsewhere",
    ),
    pytest.param(
        lambda tmp_path: {"deliverables": DELIVERABLES,
                          "reports": edited(tmp_path, REPORTS, ("\n455555;", "\n691883_37_DELIV;"))},
        [("reportSummaries", 5, "id", "691883_37_DELIV is in projectDeliverables too, on line 2")],
        id="id-in-two-files",
    ),
    pytest.param(
        lambda tmp_path: {"deliverables": edited(tmp_path, DELIVERABLES, (";653256;TRILLION;", ";TRILLION;TRILLION;"))},
        [("projectDeliverables", 7, "projectID", "“TRILLION” is not a whole number")],
        id="project-id-not-a-number",
    ),
    pytest.param(
        lambda tmp_path: {"reports": edited(tmp_path, REPORTS, ("\n251004;", "\n;"))},
        [("reportSummaries", 4, "id", "a value is required here")],
        id="empty-id",
    ),
    pytest.param(
        lambda tmp_path: {"deliverables": edited(
            tmp_path, DELIVERABLES, ("\n691883_60_DELIV;Project website;", "\n691883_60_DELIV; ;"))},
        [("projectDeliverables", 5, "title", "a value is required here")],
        id="empty-title",
    ),
    pytest.param(
        lambda tmp_path: {"reports": edited(tmp_path, REPORTS, ("2019-03-27 14:00:00", "27/03/2019"))},
        [("reportSummaries", 4, "contentUpdateDate", "“27/03/2019” is not a date")],
        id="bad-update-date",
    ),
    pytest.param(
        lambda tmp_path: {"publications": DELIVERABLES},
        [("projectPublications", 1, "", "this is a CORDIS deliverables file, not a publications file")],
        id="deliverables-as-publications",
    ),
    pytest.param(
        lambda tmp_path: {"reports": PUBLICATIONS},
        [("reportSummaries", 1, "", "this is a CORDIS publications file, not a report summaries file")],
        id="publications-as-reports",
    ),
    pytest.param(
        lambda tmp_path: {"deliverables": JSON_FILES["reports"]},
        [("projectDeliverables", 1, "", "this is a CORDIS report summaries file, not a deliverables file")],
        id="reports-as-deliverables-json",
    ),
    pytest.param(
        lambda tmp_path: {"deliverables": Path(__file__).parent / "data" / "cordis" / "project.csv"},
        [("projectDeliverables", 1, "", "this is a CORDIS project file, not a deliverables file")],
        id="project-file",
    ),
    pytest.param(
        lambda tmp_path: {"deliverables": PUBLICATIONS, "publications": DELIVERABLES, "reports": REPORTS},
        [("", None, "", "The files seem swapped: projectDeliverables, given as the deliverables file, is a CORDIS "
                        "publications file; projectPublications, given as the publications file, is a CORDIS "
                        "deliverables file.")],
        id="swapped",
    ),
    pytest.param(
        lambda tmp_path: {"deliverables": REPORTS, "publications": DELIVERABLES,
                          "reports": edited(tmp_path, PUBLICATIONS, (";Energies;13;2020;", ";Energies;13;soon;"))},
        [
            ("", None, "", "The files seem swapped: projectDeliverables, given as the deliverables file, is a CORDIS "
                           "report summaries file; projectPublications, given as the publications file, is a CORDIS "
                           "deliverables file; reportSummaries, given as the report summaries file, is a CORDIS "
                           "publications file."),
        ],
        id="swapped-three",
    ),
    pytest.param(
        lambda tmp_path: {"deliverables": PUBLICATIONS, "publications": DELIVERABLES,
                          "reports": edited(tmp_path, REPORTS, ("2019-03-27 14:00:00", "soon"))},
        [
            ("", None, "", "The files seem swapped"),
            ("reportSummaries", 4, "contentUpdateDate", "“soon” is not a date"),
        ],
        id="swapped-and-a-problem-elsewhere",
    ),
    pytest.param(
        lambda tmp_path: {"publications": raw(
            tmp_path, "projectPublications.csv", b"name;email\nAnna;anna@example.org\n")},
        [("projectPublications", 1, "", "this is not a CORDIS publications file: it has none of the columns id, "
                                        "title, projectID …")],
        id="not-cordis",
    ),
    pytest.param(
        lambda tmp_path: {"deliverables": raw(tmp_path, "projectDeliverables.csv", b"")},
        [("projectDeliverables", None, "", "the file is empty")],
        id="empty-file",
    ),
    pytest.param(
        lambda tmp_path: {"reports": raw(tmp_path, "reportSummaries.csv", b"\xef\xbb\xbf\r\n")},
        [("reportSummaries", None, "", "the file is empty")],
        id="only-bom",
    ),
    pytest.param(
        lambda tmp_path: {"deliverables": raw(tmp_path, "projectDeliverables.json", b"[]")},
        [("projectDeliverables", None, "", "the file holds no records")],
        id="json-empty-list",
    ),
    pytest.param(
        lambda tmp_path: {"publications": raw(tmp_path, "projectPublications.csv", PNG)},
        [("projectPublications", None, "", "this is a binary file, not CORDIS CSV or JSON")],
        id="png",
    ),
    pytest.param(
        lambda tmp_path: {"publications": raw(tmp_path, "projectPublications.csv", PUBLICATIONS.read_text(
            encoding="utf-8-sig").replace("Gonzalez, A.", "González, A.").encode("latin-1"))},
        [("projectPublications", None, "", "the file is not UTF-8 text")],
        id="latin-1",
    ),
    pytest.param(
        lambda tmp_path: {"reports": raw(tmp_path, "reportSummaries.json", b'[\n {"id": "419371",\n  "title": }\n]')},
        [("reportSummaries", 3, "", "this is not valid JSON")],
        id="invalid-json",
    ),
    pytest.param(
        lambda tmp_path: {
            "deliverables": edited(tmp_path, DELIVERABLES, ("691883_60_DELIV;", "691883_37_DELIV;")),
            "publications": edited(tmp_path, PUBLICATIONS, (";Energies;13;2020;", ";Energies;13;soon;")),
            "reports": without_column(tmp_path, REPORTS, "title"),
        },
        [
            ("projectDeliverables", 5, "id", "appears twice in this file"),
            ("projectPublications", 2, "publishedYear", "“soon” is not a year"),
            ("reportSummaries", 1, "title", "this column is missing"),
        ],
        id="a-problem-in-each-file",
    ),
]


@pytest.mark.parametrize(("make_files", "expected"), BAD_FILES)
def test_a_bad_file_is_refused_with_where_and_why_and_nothing_is_written(tmp_path, previous_import, make_files,
                                                                          expected):
    with pytest.raises(CordisFileError) as caught:
        run(make_files(tmp_path))
    problems = caught.value.problems
    assert where(problems) == [(file, line, column) for file, line, column, _ in expected]
    for problem, (*_, message) in zip(problems, expected, strict=True):
        assert message in str(problem.message)
    assert snapshot() == previous_import


def test_a_bad_file_is_refused_on_an_empty_database_too(tmp_path):
    with pytest.raises(CordisFileError):
        run({"deliverables": DELIVERABLES,
             "publications": edited(tmp_path, PUBLICATIONS, (";Energies;13;2020;", ";Energies;13;soon;"))})
    assert not CordisResult.objects.exists()


def test_a_bad_value_in_a_row_of_a_project_not_on_the_site_is_not_read(tmp_path):
    publications = edited(tmp_path, PUBLICATIONS, (";Inorganic Chemistry;59;2020;", ";Inorganic Chemistry;59;n.d.;"))
    report = run({"publications": publications})
    assert tallies(report) == {"publications": (4, 0, 0)}


def test_no_file_at_all_is_a_mistake_of_the_caller():
    with pytest.raises(ValueError):
        import_cordis_results({})
    with pytest.raises(ValueError):
        import_cordis_results({"projects": DELIVERABLES})


# 6. One import at a time


def test_an_import_is_refused_while_another_runs():
    with import_lock_held_elsewhere(), pytest.raises(ImportRunning):
        run()
    assert not CordisResult.objects.exists()
    run()
    assert CordisResult.objects.count() == 11


# 7. The management command


def test_the_command_imports_and_prints_the_summary():
    stdout, _ = command("--deliverables", str(DELIVERABLES), "--publications", str(PUBLICATIONS),
                        "--reports", str(REPORTS))
    lines = stdout.splitlines()
    assert lines[0] == "Import complete."
    assert lines[1].split() == ["created", "updated", "unchanged", "skipped"]
    assert table_row(stdout, "deliverables") == ["4", "0", "0", "2"]
    assert table_row(stdout, "publications") == ["4", "0", "0", "2"]
    assert table_row(stdout, "reports") == ["3", "0", "0", "1"]
    assert lines[lines.index("New deliverables (4):") + 1] == "  SmartEnCity: Data Management Plan"
    assert "warnings: 2" in lines
    assert (f"  {DELIVERABLES}, line 5, column url: “www.smartencity.eu” is not a web address (http or https): "
            "the link is left out") in lines
    assert CordisResult.objects.count() == 11


def test_the_command_takes_any_of_the_files_and_a_dry_run():
    stdout, _ = command("--publications", str(JSON_FILES["publications"]), "--dry-run")
    assert stdout.splitlines()[0] == "Dry run: nothing was written."
    assert table_row(stdout, "publications") == ["4", "0", "0", "2"]
    assert "deliverables" not in stdout
    assert not CordisResult.objects.exists()


def test_the_command_reports_each_problem_on_stderr_and_writes_nothing(tmp_path, previous_import):
    publications = edited(tmp_path, PUBLICATIONS, (";Energies;13;2020;", ";Energies;13;soon;"))
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="the files could not be imported"):
        call_command("import_cordis_results", "--publications", str(publications), "--reports", str(DELIVERABLES),
                     stdout=io.StringIO(), stderr=stderr)
    assert stderr.getvalue().splitlines() == [
        "Nothing was imported: 2 problem(s) in the files.",
        f"  {publications}, line 2, column publishedYear: “soon” is not a year",
        f"  {DELIVERABLES}, line 1: this is a CORDIS deliverables file, not a report summaries file",
    ]
    assert snapshot() == previous_import


def test_the_command_wants_a_file_that_exists(tmp_path):
    with pytest.raises(CommandError, match="Give at least one file"):
        command()
    with pytest.raises(CommandError, match="no such file"):
        command("--reports", str(tmp_path / "reportSummaries.csv"))


def test_the_command_refuses_to_import_while_another_import_runs():
    with import_lock_held_elsewhere(), pytest.raises(CommandError, match="Only one import runs at a time"):
        command("--deliverables", str(DELIVERABLES))
    assert not CordisResult.objects.exists()


def test_the_report_names_the_first_fifty_and_counts_the_rest(tmp_path):
    rows = "".join(f"691883_{n}_DELIV;Deliverable {n};Documents, reports;;691883;SmartEnCity;;;;\n" for n in range(60))
    deliverables = raw(tmp_path, "projectDeliverables.csv", (
        "id;title;deliverableType;description;projectID;projectAcronym;url;collection;contentUpdateDate;rcn\n" + rows
    ).encode())
    report = run({"deliverables": deliverables})
    assert len(report.deliverables.created_names) == 50 and report.deliverables.more_created == 10
    CordisResult.objects.all().delete()
    stdout, _ = command("--deliverables", str(deliverables))
    lines = stdout.splitlines()
    assert lines[lines.index("New deliverables (60):") + 50:][:2] == [
        "  SmartEnCity: Deliverable 49", "  … and 10 more",
    ]


def test_the_command_shows_a_tqdm_bar_with_v2_and_none_otherwise():
    _, quiet = command("--deliverables", str(DELIVERABLES), "--dry-run")
    assert quiet == ""
    _, stderr = command("--deliverables", str(DELIVERABLES), "--reports", str(JSON_FILES["reports"]),
                        "--verbosity", "2")
    assert "projectDeliverables.csv: 100%" in stderr and "reportSummaries.json: 100%" in stderr
    assert "saving: 100%" in stderr


def test_the_imported_titles_are_searched_with_their_projects(site_projects):
    from projects.models import Project

    assert not Project.objects.search("replication")
    run({"deliverables": DELIVERABLES})
    assert set(Project.objects.search("replication").values_list("slug", flat=True)) == {"smartencity"}
    # A dry run leaves the index as it was.
    CordisResult.objects.all().delete()
    run({"deliverables": DELIVERABLES}, dry_run=True)
    assert not Project.objects.search("replication")
