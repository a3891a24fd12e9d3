"""The intent survey in Chromium: the coordinator opens it, 神石高原町's staff answer from their
dashboard, its approver confirms, and the coordinator sees the confirmed answer. Every page passes axe."""

from __future__ import annotations

import datetime
import re

import pytest

from portal.dates import today
from portal.models import Role
from procurement.models import Participant
from tests.conftest import HIROSHIMA, JINSEKI, make_user, org
from tests.e2e.conftest import assert_accessible, shot, wait_for_url
from tests.e2e.test_screenshots import sign_in
from tests.procurement.factories import make_project


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
    context.close()
    assert Participant.objects.get(project=project, municipality__lg_code=JINSEKI).is_joined
