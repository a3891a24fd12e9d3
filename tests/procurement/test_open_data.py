"""The open-data index: completed public joint procurements with the fields of デジタル庁's dashboard,
each linking a valid OCDS package, as a page, JSON and CSV anyone may fetch."""

from __future__ import annotations

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procurement.models import Document, Project, Visibility
from tests.conftest import KURE
from tests.procurement.factories import make_completed, make_project, set_visibility
from tests.procurement.test_awards_and_ocds import validate_package


def test_only_completed_public_projects_are_listed(client, awarded, coordinator):
    page = reverse("procurement:open-data")
    assert "電子申請システムの共同調達" not in client.get(page).content.decode()  # not public yet
    set_visibility(make_project(coordinator, title="入札中の案件"), Visibility.PUBLIC)  # not completed
    set_visibility(awarded, Visibility.PUBLIC)
    html = client.get(page).content.decode()
    assert "電子申請システムの共同調達" in html and "入札中の案件" not in html
    assert list(Project.objects.open_data()) == [awarded]


def test_each_row_has_the_dashboard_fields_and_links_a_valid_ocds_package(client, awarded, coordinator):
    set_visibility(awarded, Visibility.PUBLIC)
    html = client.get(reverse("procurement:open-data")).content.decode()
    for text in ("広島県", "呉市（200,000人）", "神石高原町（8,000人）", "2団体・計208,000人", "3,000,000",
                 "1,200,000", "公募型プロポーザル", "不可"):  # fmt: skip
        assert text in html, text
    data = client.get(reverse("procurement:open-data-json")).json()
    (row,) = data["projects"]
    assert row["participants"][0] == {"lg_code": KURE, "name": "呉市", "population": 200_000}
    assert (row["initial_cost_jpy"], row["annual_cost_jpy"], row["total_population"]) == (
        3_000_000,
        1_200_000,
        208_000,
    )
    assert (row["method"], row["specification_shareable"], row["population_reference_date"]) == (
        "proposal", False, "2026-01-01"
    )  # fmt: skip
    package = client.get(row["ocds"]).json()  # anonymous, like anyone fetching it
    assert validate_package(package) == [] and len(package["releases"][0]["contracts"]) == 2
    Document.objects.create(
        project=awarded,
        kind=Document.Kind.SPECIFICATION,
        title="仕様書",
        shareable=True,
        created_by=coordinator,
    )
    assert client.get(reverse("procurement:open-data-json")).json()["projects"][0]["specification_shareable"]


def test_the_csv_has_one_line_per_project_and_quotes_formula_like_titles(
    client, coordinator, staff, approver
):
    make_completed(coordinator, staff, approver, title="=HYPERLINK(1)")
    make_completed(coordinator, staff, approver, title="非公開の案件", public=False)
    response = client.get(reverse("procurement:open-data-csv"))
    header, *lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[0] == "案件名" and "OCDSデータ" in header
    assert len(lines) == 1 and lines[0][0] == "'=HYPERLINK(1)" and lines[0][-1].endswith("/ocds.json")


def test_the_index_queries_do_not_grow(client, coordinator, staff, approver, django_assert_max_num_queries):
    make_completed(coordinator, staff, approver, title="案件0")
    url = reverse("procurement:open-data")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(1, 5):
        make_completed(coordinator, staff, approver, title=f"案件{i}")
    with django_assert_max_num_queries(len(few)):
        assert "案件4" in client.get(url).content.decode()
    with django_assert_max_num_queries(len(few)):
        assert len(client.get(reverse("procurement:open-data-json")).json()["projects"]) == 5
