"""One vocabulary through the portal and allauth's pages: "Log in / Log out", sentence case."""

from __future__ import annotations

import re

import pytest

from tests.portal.factories import sign_in


@pytest.mark.parametrize(
    ("path", "english", "japanese"),
    [
        ("/accounts/logout/", "Log out", "ログアウト"),
        ("/accounts/email/", "Email addresses", "メールアドレス"),
        ("/accounts/2fa/", "Two-factor authentication", "二要素認証"),
        ("/accounts/password/change/", "Change password", "パスワード変更"),
    ],
)
def test_allauth_pages_use_the_portals_words_in_both_languages(client, coordinator, path, english, japanese):
    sign_in(client, coordinator)
    client.cookies["django_language"] = "en"
    body = client.get(path).content.decode()
    assert re.search(rf"<title>\s*{english}\s*\|", body)
    assert not any(word in body for word in ("Sign Out", "Sign In", "Email Addresses", "Two-Factor"))
    client.cookies["django_language"] = "ja"
    assert re.search(rf"<title>\s*{japanese}\s*\|", client.get(path).content.decode())


def test_the_sign_in_page_has_one_reset_link_after_the_submit_button(client, db):
    body = client.get("/accounts/login/").content.decode()
    assert body.count('href="/accounts/password/reset/"') == 1
    assert body.index('type="submit"') < body.index('href="/accounts/password/reset/"')
