"""The intent survey in Chromium: the coordinator opens it, 神石高原町's staff answer from their
dashboard, its approver confirms, and the coordinator sees the confirmed answer; later the coordinator
publishes the specification v1 then v2 with a change note, and the staff download their own 負担金
sheet. Every page passes axe."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest

from portal.dates import today
from portal.models import Role
from procurement.models import Participant, Project
from procurement.services import costs, projects
from tests.conftest import HIROSHIMA, JINSEKI, make_user, org
from tests.e2e.conftest import assert_accessible, shot, wait_for_url
from tests.e2e.test_screenshots import sign_in
from tests.procurement.factories import PDF, make_project, set_populations

RULE = {"total_amount": 1_000_000, "unit": 1000, "equal_weight": 20, "population_weight": 80,
        "volume_weight": 0, "population_exponent": 1, "volume_measure": "accounts"}  # fmt: skip


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*(必須|任意)?\s*$"))


def open_as(browser, live, user):
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    context.add_cookies([{"name": "django_language", "value": "ja", "url": live.url}])
    sign_in(context, live, user.email)
    return context, context.new_page()


@pytest.mark.django_db(transaction=True)
def test_coordinator_opens_survey_staff_answer_approver_confirms_coordinator_sees_result(live, browser):
    coordinator = make_user(
        "coord@hiroshima.test", role=Role.PREFECTURE_COORDINATOR, organisation=org(HIROSHIMA), mfa=True
    )
    staff = make_user(
        "staff@jinseki.test", name="神石 職員", role=Role.MUNICIPAL_STAFF, organisation=org(JINSEKI)
    )
    approver = make_user(
        "approver@jinseki.test",
        name="神石 課長",
        role=Role.MUNICIPAL_APPROVER,
        organisation=org(JINSEKI),
        mfa=True,
    )
    project = make_project(coordinator, title="電子申請システムの共同調達")
    detail = f"{live.url}/procurement/{project.pk}/"

    # The coordinator opens the survey for every municipality of the prefecture (the default).
    context, page = open_as(browser, live, coordinator)
    page.goto(detail)
    assert_accessible(page)
    page.get_by_role("link", name="意向調査を始める").click()
    wait_for_url(page, re.compile(r"/survey/$"))
    assert_accessible(page)
    field(page, "回答期限").fill((today() + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="意向調査を始める").click()
    wait_for_url(page, detail)
    assert_accessible(page)
    shot(page, "procurement-survey-opened")
    context.close()

    # 神石高原町's staff find it on their dashboard and answer.
    context, page = open_as(browser, live, staff)
    page.goto(f"{live.url}/dashboard/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("電子申請システムの共同調達")).click()
    wait_for_url(page, detail)
    assert_accessible(page)
    page.get_by_role("link", name="意向調査に回答する").click()
    wait_for_url(page, re.compile(r"/procurement/answers/\d+/$"))
    assert_accessible(page)
    page.get_by_label("参加する").check()
    field(page, "見込みアカウント数").fill("40")
    field(page, "見込み年間処理件数").fill("1200")
    field(page, "来年度予算の確保").select_option("true")
    page.get_by_role("button", name="回答を提出する").click()
    wait_for_url(page, detail)
    assert_accessible(page)
    context.close()

    # Its approver confirms the answer.
    context, page = open_as(browser, live, approver)
    page.goto(f"{live.url}/dashboard/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("電子申請システムの共同調達")).click()
    wait_for_url(page, detail)
    page.get_by_role("button", name="回答を確定する").click()
    wait_for_url(page, detail)
    assert page.get_by_text("回答を確定しました。").is_visible()
    assert_accessible(page)
    context.close()

    # The coordinator sees the confirmed answer among the results.
    context, page = open_as(browser, live, coordinator)
    page.goto(detail)
    row = page.get_by_role("row", name=re.compile("神石高原町"))
    assert "回答確定" in row.inner_text() and "参加する" in row.inner_text()
    assert_accessible(page)
    shot(page, "procurement-survey-results")
    assert Participant.objects.get(project=project, municipality__lg_code=JINSEKI).is_joined

    # Later: the cost rule is set, and the coordinator publishes the specification v1, then v2.
    set_populations(coordinator, {JINSEKI: 8_000})
    costs.set_cost_rule(project=project, by=coordinator, values=RULE)
    for stage in Project.ORDER[2:5]:
        project = projects.change_project_stage(project=project, stage=stage, by=coordinator)
    page.goto(detail)
    page.get_by_role("link", name="RFI資料・仕様書").click()
    wait_for_url(page, re.compile(r"/documents/$"))
    assert_accessible(page)
    page.get_by_label("種類").select_option("specification")
    field(page, "文書名").fill("電子申請システム仕様書")
    page.get_by_label(re.compile("^ファイル")).set_input_files(
        files=[{"name": "shiyousho.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="登録する", exact=True).click()
    assert page.get_by_text("文書を登録しました。").is_visible()
    page.get_by_text("新しい版を登録する").first.click()
    page.get_by_label(re.compile("^変更の内容")).fill("第3章（外部連携）を追加")
    page.get_by_label(re.compile("^新しい版のファイル")).set_input_files(
        files=[{"name": "shiyousho-v2.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="新しい版を登録する").click()
    assert page.get_by_text("第2版を登録しました。").is_visible()
    assert page.get_by_role("cell", name="第3章（外部連携）を追加").is_visible()
    assert_accessible(page)
    context.close()

    # 神石高原町's staff open their own 負担金 sheet and download it for the budget request.
    context, page = open_as(browser, live, staff)
    page.goto(detail)
    page.get_by_role("link", name="神石高原町の算定書").click()
    wait_for_url(page, re.compile(rf"/costs/sheet/{JINSEKI}/$"))
    assert page.get_by_text("1,000,000円", exact=True).is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excelでダウンロード").click()
    assert download.value.suggested_filename == f"futankin-{project.pk}-{JINSEKI}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}["負担金（円）"] == 1_000_000
    context.close()
