"""A coordinator adds a passkey (a virtual authenticator in Chromium) and later signs in with it."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator

from portal.models import Role
from tests.conftest import HIROSHIMA, PASSWORD, make_user, org
from tests.e2e.conftest import assert_accessible, wait_for_url
from tests.e2e.test_invitation_journey import sign_in_with_totp


def virtual_authenticator(context, page) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


@pytest.mark.django_db(transaction=True)
def test_coordinator_adds_a_passkey_and_signs_in_with_it(live, browser):
    user = make_user(
        "coord@hiroshima.test", role=Role.PREFECTURE_COORDINATOR, organisation=org(HIROSHIMA), mfa=True
    )
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    page = context.new_page()
    virtual_authenticator(context, page)
    sign_in_with_totp(page, live.url, user.email)

    page.goto(f"{live.url}/accounts/2fa/webauthn/add/")
    if "/reauthenticate" in page.url:
        assert_accessible(page)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("input[name=password]").press("Enter")
        wait_for_url(page, re.compile(r"/accounts/2fa/webauthn/add/"))
    assert_accessible(page)
    page.locator("input[name=name]").fill("庁舎PC")
    page.locator("input[name=passwordless]").check()
    page.locator("#mfa_webauthn_add").click()
    wait_for_url(page, lambda url: "/webauthn/add/" not in url)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).count() == 1

    with page.expect_navigation():
        page.get_by_role("button", name="ログアウト").first.click()
    if "/accounts/logout/" in page.url:  # allauth asks to confirm
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
    page.goto(f"{live.url}/accounts/login/")
    assert_accessible(page)
    page.locator("#passkey_login").click()
    wait_for_url(page, re.compile(r"/dashboard/"))
    assert "広島県" in page.locator("header").inner_text()
