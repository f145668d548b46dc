"""The exports as Excel workbooks (issue 19): the same rows as the CSV, which a spreadsheet set up for Italian
reads in one column, opened here with openpyxl as a spreadsheet program would."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from tests.test_opendata import portfolio, read_csv  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portfolio")]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_xlsx(response):
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment; filename=") and ".xlsx" in response["Content-Disposition"]
    data = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def as_in_the_csv(value):
    """A cell of the workbook as the CSV writes it: dates in ISO form, numbers as numbers, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # the CSV quotes what a spreadsheet would run; the workbook stores it as text
    return value


def same(workbook_value, csv_value):
    workbook_value = as_in_the_csv(workbook_value)
    if isinstance(workbook_value, int | float):
        return float(csv_value) == workbook_value
    return workbook_value == csv_value


@pytest.mark.parametrize("path", [
    "/en/projects/export", "/it/progetti/export", "/en/projects/export?theme=energy&ordering=-eu",
    "/en/projects/participations", "/en/projects/results", "/en/organisations/export", "/it/organizzazioni/export",
])
def test_the_workbook_holds_the_same_rows_and_columns_as_the_csv(client, path):
    base, _, query = path.partition("?")
    expected = read_csv(client.get(f"{base}.csv?{query}"))
    rows = read_xlsx(client.get(f"{base}.xlsx?{query}"))
    assert len(rows) == len(expected)
    for row, csv_row in zip(rows, expected, strict=True):
        assert list(row) == list(csv_row)
        assert all(same(row[name], csv_row[name]) for name in row), (row, csv_row)


def test_dates_are_dates_numbers_numbers_and_a_formula_stays_text(client):
    rows = {row["id"]: row for row in read_xlsx(client.get("/en/projects/export.xlsx"))}
    smart = rows["smartencity"]
    assert smart["start_date"] == datetime.datetime(2016, 2, 1)
    assert smart["eu_contribution_eur"] == 131961 and smart["cordis_id"] == 691883
    assert rows["hyperlink-evil"]["acronym"] == "=HYPERLINK(evil)"  # a string, not a formula
    assert "hidden" not in rows


def test_the_lists_offer_the_workbook_beside_the_csv(client):
    projects = client.get("/en/projects/?theme=energy").content.decode()
    assert 'href="/en/projects/export.xlsx?theme=energy"' in projects
    assert 'href="/en/projects/participations.xlsx?theme=energy"' in projects
    assert 'href="/en/organisations/export.xlsx' in client.get("/en/organisations/").content.decode()
