"""The public searches the demo council from its front page: a 2-character word inside a demo PDF is
found and highlighted, the filters narrow it, and the page fits a phone and passes axe in both
languages; the secretariat finds the members-only submission the public never sees."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.demo import seed_demo
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.test_screenshots import sign_in

PHONE = {"width": 390, "height": 844}


def fits(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url}: {width[0]} px wide at {width[1]} px"


@pytest.mark.django_db(transaction=True)
def test_the_public_finds_a_word_inside_a_demo_pdf_and_the_secretariat_finds_more(live, browser):
    seed_demo()  # committed: the extraction queued by each upload has run (Celery is eager here)
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live.url}/council/")
    page.get_by_label("会議・資料・議事録を検索").fill("情報")
    page.get_by_role("button", name="検索する").click()
    results = page.locator(".search-results")
    expect(results.locator("mark").first).to_have_text("情報")
    expect(results).to_contain_text("情報システムの共通化")
    expect(results).not_to_contain_text("情報担当")  # the members-only submission
    fits(page)
    assert_accessible(page)
    shot(page, "council-search-ja")

    page.get_by_label("種類").select_option(label="議事録")
    page.get_by_role("button", name="検索する").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("検索結果 0件")
    expect(page.get_by_label("キーワード")).to_have_value("情報")  # what was typed is kept

    context.add_cookies([{"name": "django_language", "value": "en", "url": live.url}])
    page.goto(f"{live.url}/council/search/?q=申請")
    expect(page.locator(".search-results mark").first).to_have_text("申請")
    fits(page)
    assert_accessible(page)
    context.close()

    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", viewport=PHONE)
    sign_in(context, live, "secretariat@demo.dx-portal.jp")
    page = context.new_page()
    page.goto(f"{live.url}/council/search/?q=情報")
    expect(page.locator(".search-results")).to_contain_text("情報担当")
    page.locator(".search-results a", has_text="構成員提出資料").click()
    expect(page.locator(".material", has_text="構成員提出資料")).to_contain_text("検索用テキスト：完了")
    assert_accessible(page)
    context.close()
