"""A site admin invites a prefecture coordinator, who registers, enrols TOTP and reaches the dashboard."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from portal.models import Membership, Role
from tests.conftest import PASSWORD, TOTP_SECRET, make_user
from tests.e2e.conftest import assert_accessible, enter_totp, shot, untranslated_text, wait_for_url


def sign_in_with_totp(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    assert_accessible(page)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    wait_for_url(page, re.compile(r"/accounts/2fa/authenticate/"))
    assert_accessible(page)
    enter_totp(page, TOTP_SECRET, who=email, then=re.compile(r"/dashboard/"))


def field(page, label: str):
    """The form control labelled `label` (the label also carries a 必須/任意 tag)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*(必須|任意|Required|Optional)?\s*$"))


def choose_english(page) -> None:
    page.get_by_label("言語").select_option("en")
    with page.expect_navigation():
        page.get_by_role("button", name="切替").first.click()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_invited_coordinator_registers_enrols_totp_and_reaches_dashboard(live, browser, language):
    base = live.url
    make_user("admin@portal.test", name="Site Admin", superuser=True, mfa=True)
    admin_page = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo").new_page()
    if language == "en":
        admin_page.goto(base)
        choose_english(admin_page)
    sign_in_with_totp(admin_page, base, "admin@portal.test")
    assert_accessible(admin_page)

    # The admin invites a coordinator for 広島県 from the members page, using the keyboard-reachable form.
    labels = {
        "ja": (
            "利用者と役割",
            "招待する",
            "団体",
            "役割",
            "氏名",
            "メールアドレス",
            "案内メールの言語",
            "招待メールを送信",
        ),
        "en": (
            "Users and roles",
            "Invite",
            "Organisation",
            "Role",
            "Name",
            "Email address",
            "Email language",
            "Send invitation",
        ),
    }[language]
    nav, invite, org_label, role_label, name_label, email_label, lang_label, send = labels
    admin_page.get_by_role("link", name=nav).first.click()
    assert_accessible(admin_page)
    admin_page.get_by_role("link", name=invite, exact=True).click()
    assert_accessible(admin_page)
    field(admin_page, org_label).select_option(label="広島県" if language == "ja" else "Hiroshima Prefecture")
    field(admin_page, role_label).select_option(Role.PREFECTURE_COORDINATOR)
    field(admin_page, name_label).fill("Hana Hiroshima")
    field(admin_page, email_label).fill("hana@hiroshima.test")
    field(admin_page, lang_label).select_option(language)
    admin_page.get_by_role("button", name=send).click()
    wait_for_url(admin_page, re.compile(r"/members/"))
    assert_accessible(admin_page)
    shot(admin_page, f"members-{language}")
    assert "hana@hiroshima.test" in admin_page.locator("main").inner_text()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/invitations/accept/\S+/", mail.outbox[0].body).group(0)

    # The invitee opens the link in their own browser, sets a password and enrols TOTP.
    page = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo").new_page()
    if language == "en":
        page.goto(base)
        choose_english(page)
    page.goto(link)
    assert_accessible(page)
    shot(page, f"invitation-accept-{language}")
    password_labels = {
        "ja": ("パスワード", "パスワード（確認）", "登録する"),
        "en": ("Password", "Password (again)", "Register"),
    }[language]
    field(page, password_labels[0]).fill("Kousei-2026-pass!")
    field(page, password_labels[1]).fill("Kousei-2026-pass!")
    page.get_by_role("button", name=password_labels[2]).click()
    wait_for_url(page, re.compile(r"/accounts/2fa/totp/activate/"))
    assert_accessible(page)
    shot(page, f"totp-activate-{language}")
    if language == "en":
        assert untranslated_text(page, ["Hana Hiroshima", "広島県", "日本語", "地域DX推進ポータル"]) == []
    secret = page.locator("#authenticator_secret").input_value()
    enter_totp(page, secret, who="hana@hiroshima.test", then=lambda url: "/totp/activate/" not in url)
    page.goto(f"{base}/dashboard/")
    assert_accessible(page)
    shot(page, f"dashboard-coordinator-{language}")
    heading = {"ja": "ダッシュボード", "en": "Dashboard"}[language]
    assert page.get_by_role("heading", level=1).inner_text() == heading
    main = page.locator("main").inner_text()
    assert "広島県" in main
    if language == "en":
        assert untranslated_text(page, ["Hana Hiroshima", "広島県", "日本語", "地域DX推進ポータル"]) == []
    assert Membership.objects.filter(
        user__email="hana@hiroshima.test", role=Role.PREFECTURE_COORDINATOR
    ).exists()
