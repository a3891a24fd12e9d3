"""Finding the way: the sign-in keyboard order, the second-factor page, a talent's own profile one
click from the menu, form error summaries, the menu button on a phone, and the portal's own error
pages (403, 404, 500) in the site layout in both languages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal.models import Role
from talentpool.models import Talent
from tests.conftest import HIROSHIMA, PASSWORD, TOTP_SECRET, make_user, org
from tests.e2e.conftest import assert_accessible, enter_totp, shot, wait_for_url
from tests.e2e.test_every_page import watch
from tests.e2e.test_screenshots import sign_in
from tests.talentpool.factories import TalentFactory


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.name || document.activeElement.id || ''")


@pytest.mark.django_db(transaction=True)
def test_sign_in_tabs_email_password_submit_and_the_code_page_has_one_primary_button(live, browser):
    make_user("coord@hiroshima.test", role=Role.PREFECTURE_COORDINATOR, organisation=org(HIROSHIMA), mfa=True)
    page = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo").new_page()
    page.goto(live.url + "/accounts/login/")
    assert page.locator("header").get_by_role("link", name="ログイン").count() == 0
    assert page.get_by_role("link", name=re.compile("パスワード")).count() == 1
    page.locator("input[name=login]").focus()
    order = []
    for _ in range(3):
        page.keyboard.press("Tab")
        order.append(
            page.evaluate("() => document.activeElement.name || document.activeElement.textContent.trim()")
        )
    assert order == ["password", "remember", "ログイン"], order
    page.locator("input[name=login]").fill("coord@hiroshima.test")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    wait_for_url(page, re.compile(r"/accounts/2fa/authenticate/"))
    code = page.locator("input[name=code]")
    assert code.get_attribute("inputmode") == "numeric"
    assert code.get_attribute("autocomplete") == "one-time-code"
    assert page.locator("main .button--primary").count() == 1
    assert page.locator("header").get_by_role("link", name="ログイン").count() == 0
    assert_accessible(page)
    enter_totp(page, TOTP_SECRET, who="coord@hiroshima.test", then=re.compile(r"/dashboard/"))


@pytest.mark.django_db(transaction=True)
def test_a_talent_reaches_their_own_profile_from_the_menu_in_one_click(live, browser):
    user = make_user("talent@hiroshima.test", name="人材 太郎", role=Role.TALENT, organisation=org(HIROSHIMA))
    profile = TalentFactory(user=user, display_name="じんざい たろう", prefecture=org(HIROSHIMA))
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    sign_in(context, live, user.email)
    page = context.new_page()
    page.goto(live.url + "/dashboard/")
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="マイプロフィール").click()
    wait_for_url(page, re.compile(rf"/talent/{profile.pk}/$"))
    main = page.locator("main").inner_text()
    assert "じんざい たろう" in main and "人材 太郎" in main and user.email in main
    assert page.locator(".global-nav [aria-current=page]").inner_text() == "マイプロフィール"
    assert_accessible(page)
    assert Talent.objects.get(user=user).pk == profile.pk


@pytest.mark.django_db(transaction=True)
def test_a_form_with_errors_shows_a_focused_summary_linked_to_its_fields_and_keeps_what_was_typed(
    live, browser
):
    coordinator = make_user(
        "coord@hiroshima.test", role=Role.PREFECTURE_COORDINATOR, organisation=org(HIROSHIMA), mfa=True
    )
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    sign_in(context, live, coordinator.email)
    page = context.new_page()
    page.goto(live.url + "/invitations/new/")
    page.locator("input[name=full_name]").fill("安芸 新人")
    page.locator("input[name=email]").fill("not-an-address")
    # The server's errors, not the browser's own checks, are what this test is about.
    page.evaluate("document.querySelector('main form').noValidate = true")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.title().startswith("エラー：")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')")
    assert page.locator("input[name=full_name]").input_value() == "安芸 新人"
    summary.get_by_role("link").filter(has_text="メール").click()
    assert focused(page) == "email"
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_the_phone_menu_opens_without_javascript(live, browser):
    context = browser.new_context(
        locale="ja-JP",
        timezone_id="Asia/Tokyo",
        viewport={"width": 390, "height": 844},
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(live.url + "/contact/")
    link = page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="団体一覧")
    assert not link.is_visible()
    page.get_by_text("メニュー", exact=True).click()
    assert link.is_visible()
    shot(page, "phone-menu-ja")
    with page.expect_navigation(url=re.compile(r"/organisations/$")):
        link.click()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_403_404_and_500_pages_are_in_the_site_layout_and_pass_axe(live, browser, settings, language):
    settings.ROOT_URLCONF = "tests.portal.crash_urls"
    staff = make_user("staff@jinseki.test", role=Role.MUNICIPAL_STAFF, organisation=org("345458"))
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    context.add_cookies([{"name": "django_language", "value": language, "url": live.url}])
    sign_in(context, live, staff.email)
    page = context.new_page()
    headings = {
        "ja": {
            403: "このページを表示する権限がありません",
            404: "ページが見つかりません",
            500: "システムエラーが発生しました",
        },
        "en": {403: "permission", 404: "Page not found", 500: "error"},
    }[language]
    for path, status in (("/audit/", 403), ("/no-such-page/", 404), ("/crash/", 500)):
        response = page.goto(live.url + path)
        assert response.status == status, path
        assert page.locator("html").get_attribute("lang") == language
        assert headings[status].lower() in page.locator("h1").inner_text().lower(), path
        assert page.locator("header.site-header").count() == 1 and page.locator("footer").count() == 1
        assert page.get_by_role("link", name=re.compile("ホームへ戻る|home", re.I)).count() >= 1
        assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_the_header_fits_on_one_line_at_1280_px_in_both_languages(live, browser):
    coordinator = make_user(
        "coord@hiroshima.test",
        name="広島 花子",
        role=Role.PREFECTURE_COORDINATOR,
        organisation=org(HIROSHIMA),
    )
    coordinator.memberships.create(organisation=org("345458"), role=Role.MUNICIPAL_STAFF)
    context = browser.new_context(
        locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1280, "height": 800}
    )
    sign_in(context, live, coordinator.email)
    page = context.new_page()
    for language in ("ja", "en"):
        context.add_cookies([{"name": "django_language", "value": language, "url": live.url}])
        page.goto(live.url + "/dashboard/")
        logo = page.locator(".site-header__logo").bounding_box()
        tools = page.locator(".site-header__tools").bounding_box()
        assert tools["height"] < 56 and logo["height"] < 56, (language, logo, tools)
        assert tools["x"] > logo["x"] + logo["width"], (language, logo, tools)


@pytest.mark.django_db(transaction=True)
def test_live_search_refines_the_list_in_place_after_typing_stops(live, browser):
    page = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo").new_page()
    failures = watch(page)
    page.goto(live.url + "/organisations/")
    requests = []
    page.on("request", lambda request: "/organisations/?" in request.url and requests.append(request.url))
    page.locator("#id_q").press_sequentially("神石高原", delay=50)
    expect(page.locator("#results tbody th")).to_have_text(["神石高原町"])
    wait_for_url(page, re.compile(r"q=%E7%A5%9E%E7%9F%B3%E9%AB%98%E5%8E%9F"))
    assert len(requests) == 1, requests  # one request once typing stopped, not one per character
    assert failures == []
