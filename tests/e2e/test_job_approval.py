"""A job description reaches the person who must approve it, and the answer reaches whoever asked:
staff draft and ask for approval; the approver (another person, signed in with a second factor)
finds it on the dashboard with its age and in the inbox, approves and publishes it; the staff member
is told."""

from __future__ import annotations

import re

import pytest

from portal.models import Notification
from talentpool.models import JobPosting
from tests.conftest import JINSEKI, PASSWORD, TOTP_SECRET, make_approver, make_staff, org
from tests.e2e.conftest import assert_accessible, enter_totp, wait_for_url
from tests.e2e.test_screenshots import sign_in

TITLE = "DX推進アドバイザー（CIO補佐官）"


@pytest.mark.django_db(transaction=True)
def test_a_job_description_goes_from_draft_through_approval_to_published(live, browser):
    staff, approver = make_staff(), make_approver()

    # Staff draft a job description and ask for approval.
    staff_context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    sign_in(staff_context, live, staff.email)
    page = staff_context.new_page()
    page.goto(f"{live.url}/talent/jobs/new/")
    assert_accessible(page)
    page.locator("select[name=organisation]").select_option(str(org(JINSEKI).pk))
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=duties]").fill("DX推進計画の策定と庁内の伴走支援")
    page.locator("textarea[name=conditions]").fill("週1日、リモート可、任期1年")
    page.locator("select[name=appointment]").select_option("part_time")
    with page.expect_navigation():
        page.get_by_role("button", name="保存する").click()
    wait_for_url(page, re.compile(r"/talent/jobs/\d+/$"))
    posting = JobPosting.objects.get(title=TITLE)
    assert posting.status == JobPosting.Status.DRAFT
    assert page.get_by_role("button", name="承認して公開する").count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="承認を依頼する").click()
    assert "求人票の承認を依頼しました。" in page.locator("body").inner_text()
    assert_accessible(page)

    # The approver signs in with password and second factor and finds it waiting on the dashboard.
    approver_page = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo").new_page()
    approver_page.goto(f"{live.url}/accounts/login/?next=/dashboard/")
    approver_page.locator("input[name=login]").fill(approver.email)
    approver_page.locator("input[name=password]").fill(PASSWORD)
    approver_page.locator("input[name=password]").press("Enter")
    wait_for_url(approver_page, re.compile(r"/accounts/2fa/authenticate/"))
    enter_totp(approver_page, TOTP_SECRET, who=approver.email, then=re.compile(r"/dashboard/$"))
    waiting = approver_page.locator("section", has_text="承認待ちの求人票")
    assert TITLE in waiting.inner_text()
    assert re.search(r"\d+分前から", waiting.inner_text()), waiting.inner_text()
    assert_accessible(approver_page)

    # ... and in the inbox, whose link opens the job description.
    approver_page.goto(f"{live.url}/notifications/")
    assert_accessible(approver_page)
    with approver_page.expect_navigation():
        approver_page.get_by_role("link", name=re.compile(f"求人票「{re.escape(TITLE)}」")).click()
    wait_for_url(approver_page, re.compile(rf"/talent/jobs/{posting.pk}/$"))
    assert approver_page.get_by_role("button", name="差し戻す").count() == 1
    with approver_page.expect_navigation():
        approver_page.get_by_role("button", name="承認して公開する").click()
    assert "求人票を承認して公開しました。" in approver_page.locator("body").inner_text()
    assert_accessible(approver_page)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.PUBLISHED

    # The staff member who asked is told.
    assert Notification.objects.filter(recipient=staff, event="job.published").exists()
    page.goto(f"{live.url}/notifications/")
    assert f"求人票「{TITLE}」が承認され、公開されました" in page.locator("body").inner_text()
    assert_accessible(page)
