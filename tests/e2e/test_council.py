"""The secretariat creates a meeting with an agenda and a material and asks for its publication; a
colleague approves it from their dashboard, and a member of the public reads it without signing in;
a members-only material stays hidden. A speaker corrects their remark, the secretariat asks for the
minutes' publication, a colleague approves, the public reads them. Municipal staff answer an
opinion request from their dashboard. Every page passes axe."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from council import services
from council.models import Audience, Body, Meeting
from council.pdf import minimal_pdf
from tests.conftest import make_council_member, make_secretariat, make_staff
from tests.council.factories import JST, add_material, colleague, make_meeting, seat
from tests.e2e.conftest import assert_accessible, shot, wait_for_url
from tests.e2e.test_screenshots import sign_in


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*(必須|任意)?\s*$"))


@pytest.mark.django_db(transaction=True)
def test_secretariat_publishes_a_meeting_and_the_public_reads_it(live, browser, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    secretariat = make_secretariat()
    body = Body.objects.create(
        name="国・地方デジタル共通基盤推進連絡協議会", council=secretariat.role_memberships[0].organisation
    )
    pdf = tmp_path / "shiryo1.pdf"
    pdf.write_bytes(minimal_pdf(["Material 1"]))

    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    sign_in(context, live, secretariat.email)
    page = context.new_page()
    page.goto(f"{live.url}/council/bodies/{body.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="会議を作成").click()
    assert_accessible(page)
    field(page, "開始日時").fill("2026-12-24T10:00")
    field(page, "終了日時").fill("2026-12-24T11:30")
    page.get_by_label("オンライン開催").check()
    with page.expect_navigation():
        page.get_by_role("button", name="会議を作成").click()
    wait_for_url(page, re.compile(r"/council/meetings/\d+/$"))
    meeting_url = page.url
    assert_accessible(page)

    for title, parent in (("開会", None), ("議事", None), ("基本方針について", "議事"), ("閉会", None)):
        page.get_by_role("link", name="議事次第に項目を追加").click()
        field(page, "項目").fill(title)
        if parent:
            field(page, "親の項目").select_option(label=parent)
        with page.expect_navigation():
            page.get_by_role("button", name="議事次第に項目を追加").click()
    assert_accessible(page)

    page.get_by_role("link", name="資料を登録").click()
    assert_accessible(page)
    field(page, "番号").fill("1")
    field(page, "資料名").fill("国・地方デジタル共通基盤の整備・運用に関する基本方針（抜粋）")
    field(page, "議事次第の項目").select_option(label="基本方針について")
    field(page, "ファイル").set_input_files(str(pdf))
    with page.expect_navigation():
        page.get_by_role("button", name="資料を登録").click()
    wait_for_url(page, meeting_url)
    with page.expect_navigation():
        page.get_by_role("button", name="公開の承認を依頼する").click()
    expect(page.locator(".notice--success")).to_contain_text("公開の承認を依頼しました")
    expect(page.get_by_role("button", name="承認して公開する")).to_have_count(0)
    assert_accessible(page)
    shot(page, "council-meeting-secretariat")

    # A colleague in the secretariat approves it from their dashboard.
    approver = colleague()
    approving = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    sign_in(approving, live, approver.email)
    approval = approving.new_page()
    approval.goto(f"{live.url}/dashboard/")
    expect(approval.locator("main")).to_contain_text("公開の承認待ち")
    assert_accessible(approval)
    approval.get_by_role("link", name=re.compile("第1回）の開催案内")).click()
    wait_for_url(approval, meeting_url)
    with approval.expect_navigation():
        approval.get_by_role("button", name="承認して公開する").click()
    expect(approval.locator(".notice--success")).to_contain_text("承認して開催を案内しました")
    assert_accessible(approval)
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.ANNOUNCED
    add_material(meeting, secretariat, number="2", audience=Audience.MEMBERS, title="構成員限りの検討案")

    public = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo").new_page()
    public.goto(f"{live.url}/")
    public.get_by_role("link", name="連絡協議会").first.click()
    assert_accessible(public)
    public.get_by_role("link", name="国・地方デジタル共通基盤推進連絡協議会").click()
    assert_accessible(public)
    public.get_by_role("link", name="第1回").click()
    wait_for_url(public, meeting_url)
    assert_accessible(public)
    shot(public, "council-meeting-public")
    expect(public.locator("#agenda-title + ol")).to_contain_text("(1) 基本方針について")
    link = public.get_by_role("link", name=re.compile("資料1 国・地方デジタル共通基盤"))
    expect(link).to_be_visible()
    expect(public.locator("#materials")).to_contain_text("[PDF 1KB]")
    response = public.request.get(live.url + link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF-")
    expect(public.get_by_role("button", name="承認して公開する")).to_have_count(0)
    expect(public.locator("main")).not_to_contain_text("構成員限りの検討案")


@pytest.mark.django_db(transaction=True)
def test_a_speaker_corrects_a_remark_and_the_secretariat_publishes_the_minutes(live, browser):
    secretariat, member = make_secretariat(), make_council_member()
    body = Body.objects.create(
        name="国・地方デジタル共通基盤推進連絡協議会", council=secretariat.role_memberships[0].organisation
    )
    chair = seat(body, member, name="青木 誠")
    meeting = make_meeting(
        body,
        secretariat,
        status=Meeting.Status.ANNOUNCED,
        starts_at=datetime.datetime(2024, 9, 24, 10, 0, tzinfo=JST),
    )
    meeting = services.change_meeting_status(meeting=meeting, status=Meeting.Status.HELD, by=secretariat)
    services.add_remark(meeting=meeting, by=secretariat, speaker_name="事務局", text="資料1を説明した。")
    services.add_remark(
        meeting=meeting, by=secretariat, speaker=chair, speaker_name="青木座長", text="共通化を進めたい。"
    )
    services.add_follow_up(
        meeting=meeting, by=secretariat, title="次回までに費用を試算する", owner=body.council
    )
    services.change_minutes_status(
        minutes=meeting.minutes,
        status="confirming",
        by=secretariat,
        confirm_by=timezone.now() + datetime.timedelta(days=7),
    )

    page = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    sign_in(page, live, member.email)
    page = page.new_page()
    page.goto(f"{live.url}/dashboard/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("議事録の発言内容を確認する")).click()
    assert_accessible(page)
    page.get_by_label(re.compile("青木座長 の発言")).fill("共通化を着実に進めたい。")
    with page.expect_navigation():
        page.get_by_role("button", name="発言内容を確認する").click()
    expect(page.locator(".notice--success")).to_contain_text("発言内容を確認しました")

    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    sign_in(context, live, secretariat.email)
    page = context.new_page()
    page.goto(f"{live.url}/council/meetings/{meeting.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="議事録").click()
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("修正あり")
    with page.expect_navigation():
        page.get_by_role("button", name="公開の承認を依頼する").click()
    expect(page.locator(".notice--success")).to_contain_text("公開の承認を依頼しました")

    approving = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    sign_in(approving, live, colleague().email)
    approval = approving.new_page()
    approval.goto(f"{live.url}/dashboard/")
    approval.get_by_role("link", name=re.compile("第1回）の議事録")).click()
    assert_accessible(approval)
    with approval.expect_navigation():
        approval.get_by_role("button", name="承認して公開する").click()
    expect(approval.locator(".notice--success")).to_contain_text("承認して議事録を公開しました")

    public = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo").new_page()
    public.goto(f"{live.url}/council/meetings/{meeting.pk}/minutes/")
    assert_accessible(public)
    shot(public, "council-minutes-public")
    expect(public.locator("main")).to_contain_text("共通化を着実に進めたい。")
    expect(public.locator("main")).not_to_contain_text("共通化を進めたい。")


@pytest.mark.django_db(transaction=True)
def test_municipal_staff_answer_an_opinion_request_from_their_dashboard(live, browser):
    secretariat, staff = make_secretariat(), make_staff()
    body = Body.objects.create(
        name="国・地方デジタル共通基盤推進連絡協議会", council=secretariat.role_memberships[0].organisation
    )
    opinion_request = services.create_opinion_request(
        body=body,
        by=secretariat,
        title="共通化候補（案）に関する意見照会",
        question="導入状況と課題をお寄せください。",
        respondents="local_governments",
        deadline=timezone.now() + datetime.timedelta(days=14),
    )
    services.change_opinion_request_status(opinion_request=opinion_request, status="open", by=secretariat)

    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    sign_in(context, live, staff.email)
    page = context.new_page()
    page.goto(f"{live.url}/dashboard/")
    page.get_by_role("link", name="共通化候補（案）に関する意見照会").click()
    assert_accessible(page)
    field(page, "意見").fill("電子申請は導入済みです。")
    with page.expect_navigation():
        page.get_by_role("button", name="意見を提出する").click()
    expect(page.locator(".notice--success")).to_contain_text("意見を提出しました")
    assert_accessible(page)
    expect(page.locator("main table")).to_contain_text("神石高原町")
