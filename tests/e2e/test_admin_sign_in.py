"""The Django admin has no door of its own: a site admin reaches it through the portal's sign-in,
password and second factor, in a real browser (security review, point 1)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD, TOTP_SECRET, make_user
from tests.e2e.conftest import assert_accessible, enter_totp, wait_for_url


@pytest.mark.django_db(transaction=True)
def test_the_admin_site_is_reached_only_through_password_and_second_factor(live, browser):
    make_user("admin@portal.test", name="Site Admin", superuser=True, mfa=True)
    page = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo").new_page()
    page.goto(f"{live.url}/admin/")
    wait_for_url(page, re.compile(r"/accounts/login/\?next=%2Fadmin%2F"))
    assert_accessible(page)
    page.locator("input[name=login]").fill("admin@portal.test")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    wait_for_url(page, re.compile(r"/accounts/2fa/authenticate/"))
    probe = page.context.request.get(f"{live.url}/admin/")  # same cookies, password given, no code yet
    assert not probe.url.endswith("/admin/"), f"the admin opened before the second factor: {probe.url}"
    enter_totp(page, TOTP_SECRET, who="admin@portal.test", then=re.compile(r"/admin/$"))
    assert page.get_by_role("heading", level=1).count() >= 1
    assert "/accounts/" not in page.url


@pytest.mark.django_db(transaction=True)
def test_the_admin_login_form_posted_directly_gives_no_session(live, browser):
    make_user("admin@portal.test", name="Site Admin", superuser=True, mfa=True)
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(f"{live.url}/admin/login/")
    wait_for_url(page, re.compile(r"/accounts/login/"))  # the admin's own form is never shown
    response = context.request.post(
        f"{live.url}/admin/login/",
        form={"username": "admin@portal.test", "password": PASSWORD},
        max_redirects=0,
    )
    assert response.status in (302, 403)
    page.goto(f"{live.url}/admin/")
    wait_for_url(page, re.compile(r"/accounts/login/"))
