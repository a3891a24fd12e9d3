"""The dispatch journey in Chromium across six people: staff drafts from a profile's
「この人材に依頼する」 and sends it; the municipal approver OKs it; the coordinator returns it once with
a reason; staff resubmits; the coordinator proposes two candidates and staff rank them; the talent
accepts; the prefecture approver approves, seeing the talent's load; after its dates the talent files
the report and staff confirm and rate it. Each learns of their turn from the inbox and finds it on
the dashboard; every page passes axe; the audit trail names every step's actor."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from portal.models import AuditEvent
from talentpool import services
from talentpool.models import DispatchRequest
from tests.conftest import (
    make_approver,
    make_coordinator,
    make_prefecture_approver,
    make_profiled_talent,
    make_staff,
)
from tests.e2e.conftest import assert_accessible, describe, wait_for_url
from tests.e2e.test_screenshots import sign_in
from tests.talentpool.factories import TalentFactory, make_programme

TITLE = "窓口DXの進め方の相談"


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*(必須|任意)?\s*$"))


def page_for(browser, live, user):
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    sign_in(context, live, user.email)
    return context.new_page()


def from_the_dashboard(page, live) -> None:
    """The person finds in their inbox that the request waits for them (the newest notice names it),
    then opens their dashboard, finds the request among what awaits them, and opens it."""
    page.goto(f"{live.url}/notifications/")
    assert_accessible(page)
    newest = page.locator(".inbox-item a").first
    assert TITLE in newest.inner_text(), describe(page)
    page.goto(f"{live.url}/dashboard/")
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    wait_for_url(page, re.compile(r"/talent/dispatch/\d+/$"))
    assert_accessible(page)


def act(page, button: str, note: str = "") -> None:
    if note:
        page.get_by_label(re.compile("^理由")).fill(note)
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()
    assert page.locator(".notice--error").count() == 0, describe(page)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_request_travels_from_a_profile_to_approval(live, browser):
    staff, approver, coordinator = make_staff(), make_approver(), make_coordinator()
    prefecture_approver, person = make_prefecture_approver(), make_profiled_talent()
    profile = person.talent_profile
    programme = make_programme()
    other = TalentFactory(display_name="候補 次郎")
    year = programme.fiscal_year
    for month in (datetime.date(year + 1, 1, 1), datetime.date(year + 1, 2, 1)):
        services.set_monthly_capacity(talent=profile, month=month, days=Decimal(4), by=coordinator)

    # Staff start from the profile's 「この人材に依頼する」, save a draft and send it to their approver.
    page = page_for(browser, live, staff)
    page.goto(f"{live.url}/talent/{profile.pk}/")
    page.get_by_role("link", name="この人材に依頼する").click()
    wait_for_url(page, re.compile(r"/talent/dispatch/new/\?talent="))
    assert_accessible(page)
    field(page, "件名").fill(TITLE)
    field(page, "テーマ").select_option(index=1)
    field(page, "団体の現状と課題").fill("情報担当は1人。窓口の申請は紙が中心。")
    field(page, "支援で目指すこと").fill("書かない窓口の計画を作る。")
    field(page, "希望開始日").fill(f"{year + 1}-01-01")
    field(page, "希望終了日").fill(f"{year + 1}-02-28")
    field(page, "1か月あたりの日数").fill("2")
    with page.expect_navigation():
        page.get_by_role("button", name="下書きを保存する").click()
    assert_accessible(page)
    act(page, "庁内決裁に回す")

    page = page_for(browser, live, approver)
    from_the_dashboard(page, live)
    act(page, "決裁して県に送る")

    page = page_for(browser, live, coordinator)
    from_the_dashboard(page, live)
    act(page, "差し戻す", "成果の測り方を書き足してください。")

    page = page_for(browser, live, staff)
    from_the_dashboard(page, live)
    assert "成果の測り方を書き足してください。" in page.content()
    act(page, "修正して再提出する")

    page = page_for(browser, live, coordinator)
    from_the_dashboard(page, live)
    act(page, "受け付けて人材を選ぶ")
    assert "市町村の希望" in page.locator("#candidates-title + .table-wrap").inner_text()
    field(page, "第1候補").select_option(str(other.pk))
    field(page, "第2候補").select_option(str(profile.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="候補を提案する").click()
    assert_accessible(page)

    # Staff rank the two candidates, putting the talent they asked for first.
    page = page_for(browser, live, staff)
    from_the_dashboard(page, live)
    field(page, profile.display_name).select_option("1")
    field(page, other.display_name).select_option("2")
    with page.expect_navigation():
        page.get_by_role("button", name="この順位で依頼する").click()
    assert page.locator(".notice--error").count() == 0, describe(page)
    assert_accessible(page)

    page = page_for(browser, live, person)
    from_the_dashboard(page, live)
    with page.expect_navigation():
        page.get_by_role("button", name="受諾する").click()
    assert_accessible(page)

    page = page_for(browser, live, prefecture_approver)
    from_the_dashboard(page, live)
    load = page.locator("#load-title").locator("..").inner_text()
    assert "50%" in load
    act(page, "承認する")
    assert "承認済み" in page.locator(".facts").first.inner_text()

    request = DispatchRequest.objects.get(title=TITLE)
    assert request.status == DispatchRequest.Status.APPROVED and request.talent == profile

    # The nightly task starts and ends the dispatch on its dates; the talent files the report.
    services.move_assignments_on_their_dates(day=request.start_date)
    services.move_assignments_on_their_dates(day=request.end_date + datetime.timedelta(days=1))
    page = page_for(browser, live, person)
    from_the_dashboard(page, live)
    field(page, "実施報告（実施内容と成果）").fill("窓口の業務を棚卸しし、書かない窓口の計画案を作った。")
    with page.expect_navigation():
        page.get_by_role("button", name="提出する", exact=True).click()
    assert_accessible(page)

    # Staff confirm the report, which completes the dispatch, and rate it.
    page = page_for(browser, live, staff)
    from_the_dashboard(page, live)
    act(page, "実施報告を確認して完了する")
    page.locator("input[name=rating][value='4']").check()
    field(page, "コメント").fill("計画づくりが進みました。")
    with page.expect_navigation():
        page.get_by_role("button", name="評価を登録する").click()
    assert_accessible(page)
    request.refresh_from_db()
    assert request.status == DispatchRequest.Status.COMPLETED and request.rating == 4
    actors = list(
        AuditEvent.objects.filter(verb="dispatch.status_changed", target_id=str(request.pk))
        .order_by("pk")
        .values_list("actor__email", flat=True)
    )
    assert actors == [
        staff.email,
        approver.email,
        coordinator.email,
        staff.email,
        coordinator.email,
        person.email,
        prefecture_approver.email,
        None,
        None,
        staff.email,
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_queue_and_the_load_heat_map_pass_axe(live, browser, language):
    from tests.e2e.conftest import untranslated_text
    from tests.e2e.test_screenshots import _names

    coordinator = make_coordinator()
    staff = make_staff()
    talent = make_profiled_talent().talent_profile
    programme = make_programme()
    services.set_monthly_capacity(
        talent=talent, month=datetime.date(programme.fiscal_year, 12, 1), days=Decimal(5), by=coordinator
    )
    from tests.talentpool.factories import make_dispatch_request

    make_dispatch_request(staff, status=DispatchRequest.Status.WAITLISTED, waitlist_reason="空きなし")
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    context.add_cookies([{"name": "django_language", "value": language, "url": live.url}])
    sign_in(context, live, coordinator.email)
    page = context.new_page()
    for path in ("/talent/dispatch/", "/talent/dispatch/load/", "/talent/programmes/"):
        assert page.goto(live.url + path).status == 200
        assert_accessible(page)
        if language == "en":
            data = [*_names(), "日本語", "窓口DXの進め方の相談", "空きなし"]
            assert untranslated_text(page, data) == [], path
