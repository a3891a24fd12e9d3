"""A session acts with privileged roles only after it passed a second factor itself, whatever door it
came in by; sessions expire; nothing signed-in is cached (security review, points 1 and 7)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings

from portal import second_factor
from portal.middleware import SessionPolicyMiddleware
from tests.conftest import PASSWORD, TOTP_SECRET
from tests.portal.factories import sign_in
from tests.second_factor import fresh_totp_code, sign_in_with_second_factor

PRIVILEGED_PAGES = ["/admin/", "/dashboard/", "/audit/", "/members/"]


def test_the_admin_login_form_never_signs_anyone_in(client, admin_user):
    response = client.post("/admin/login/", {"username": admin_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    final_url, _status = client.get("/admin/", follow=True).redirect_chain[-1]
    assert final_url.startswith("/accounts/login/")


def test_the_admin_login_page_sends_people_to_the_portals_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2F"


def test_wrong_passwords_through_the_admin_door_are_throttled_like_any_sign_in(client, admin_user):
    for _attempt in range(12):
        client.post("/admin/login/", {"username": admin_user.email, "password": "wrong"})
        client.post("/accounts/login/", {"login": admin_user.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": admin_user.email, "password": PASSWORD})
    assert response.status_code == 200  # refused while throttled, even with the right password
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", PRIVILEGED_PAGES)
def test_a_password_only_session_of_an_admin_reaches_no_privileged_page(client, admin_user, path):
    sign_in(client, admin_user, second_factor=False)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/2fa/reauthenticate/")


def test_a_password_only_session_cannot_remove_the_second_factor(client, coordinator):
    sign_in(client, coordinator, second_factor=False)
    for path in ("/accounts/2fa/totp/deactivate/", "/accounts/2fa/", "/accounts/password/change/"):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/2fa/reauthenticate/" in response.url, path


def test_giving_the_code_again_opens_the_privileged_pages(client, admin_user):
    sign_in(client, admin_user, second_factor=False)
    response = client.post(
        "/accounts/2fa/reauthenticate/?next=/members/",
        {"code": fresh_totp_code(TOTP_SECRET, who=admin_user.email)},
    )
    assert response.status_code == 302
    for path in PRIVILEGED_PAGES:
        assert client.get(path).status_code == 200, path


def test_a_real_sign_in_with_the_code_reaches_the_admin_site(client, admin_user):
    sign_in_with_second_factor(client, admin_user.email, PASSWORD, TOTP_SECRET)
    assert client.get("/admin/").status_code == 200


def test_a_staff_member_without_privileged_roles_needs_no_second_factor(client, staff):
    sign_in(client, staff, second_factor=False)
    assert client.get("/dashboard/").status_code == 200


def test_granting_roles_asks_for_the_code_again_when_it_was_given_long_ago(client, coordinator):
    sign_in(client, coordinator)
    session = client.session
    session[second_factor.SESSION_KEY]["at"] = time.time() - settings.SECOND_FACTOR_FRESH_SECONDS - 60
    session.save()
    assert client.get("/members/").status_code == 200  # reading is fine
    response = client.get("/invitations/new/")
    assert response.url.startswith("/accounts/2fa/reauthenticate/?next=%2Finvitations%2Fnew%2F")
    client.post(response.url, {"code": fresh_totp_code(TOTP_SECRET, who=coordinator.email)})
    assert client.get("/invitations/new/").status_code == 200


def test_signed_in_pages_are_never_cached_and_public_ones_may_be(client, staff):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    sign_in(client, staff)
    for path in ("/", "/dashboard/", "/talent/"):
        cache_control = client.get(path)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, path


def test_idle_sessions_end_after_thirty_minutes(client, staff):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    sign_in(client, staff)
    client.get("/dashboard/")
    assert client.session.get_expiry_age() <= 30 * 60
    assert (
        client.cookies["sessionid"]["max-age"] in ("", None)
        or int(client.cookies["sessionid"]["max-age"]) <= 1800
    )


def test_a_privileged_session_ends_after_a_working_day_however_active(client, coordinator):
    sign_in(client, coordinator)
    session = client.session
    session[SessionPolicyMiddleware.STARTED] = int(time.time()) - settings.SESSION_PRIVILEGED_MAX_AGE - 1
    session.save()
    response = client.get("/members/")
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_a_staff_session_is_not_cut_at_the_working_day(client, staff):
    sign_in(client, staff)
    session = client.session
    session[SessionPolicyMiddleware.STARTED] = int(time.time()) - settings.SESSION_PRIVILEGED_MAX_AGE - 1
    session.save()
    assert client.get("/dashboard/").status_code == 200
