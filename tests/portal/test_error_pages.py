"""The portal's own error pages, in the site layout and both languages; DEBUG is off unless asked for."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.portal.factories import sign_in

LAYOUT = 'class="skip-link"'
LEAKS = ("Traceback", "django.", "settings.py", "SECRET_KEY", "a bug in a view")


def test_debug_is_off_unless_a_developer_asks_for_it():
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup(); "
    code += "from django.conf import settings; print(settings.DEBUG)"
    for debug, expected in ((None, "False"), ("1", "True")):
        if debug:
            environment["DEBUG"] = debug
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=environment,
            cwd=settings.BASE_DIR,
            timeout=120,
            check=True,
        )
        assert result.stdout.strip().splitlines()[-1] == expected


@pytest.mark.parametrize(
    ("language", "heading"), [("ja", "ページが見つかりません"), ("en", "Page not found")]
)
def test_an_unknown_address_gets_the_portals_404(client, db, language, heading):
    client.cookies["django_language"] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert heading in body and LAYOUT in body
    assert not any(leak in body for leak in LEAKS)


@pytest.mark.parametrize(
    ("language", "heading"),
    [("ja", "このページを表示する権限がありません"), ("en", "You do not have permission to see this page")],
)
def test_a_forbidden_page_gets_the_portals_403(client, staff, language, heading):
    sign_in(client, staff)
    client.cookies["django_language"] = language
    response = client.get("/members/")
    assert response.status_code == 403
    assert heading in response.content.decode() and LAYOUT in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"), [("ja", "システムエラーが発生しました"), ("en", "A server error occurred")]
)
def test_a_failing_view_gets_the_portals_500_without_a_trace(client, db, settings, language, heading):
    settings.ROOT_URLCONF = "tests.portal.crash_urls"
    client.raise_request_exception = False
    client.cookies["django_language"] = language
    response = client.get("/crash/")
    assert response.status_code == 500
    body = response.content.decode()
    assert heading in body and LAYOUT in body
    assert not any(leak in body for leak in LEAKS)


def test_a_form_posted_without_its_csrf_token_gets_the_portals_page(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"login": "a@example.jp", "password": "x"})
    assert response.status_code == 403
    assert "送信を確認できませんでした" in response.content.decode()
    assert LAYOUT in response.content.decode()


@pytest.mark.parametrize("path", ["/organisations/%00/", "/frameworks/%00/", "/talent/?q=%00", "/?x=a%00b"])
def test_a_nul_character_anywhere_in_the_address_is_a_400(client, db, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "リクエストを処理できませんでした" in response.content.decode()


def test_an_oversized_body_is_refused_before_it_is_read(client, coordinator):
    sign_in(client, coordinator)
    response = client.generic(
        "POST",
        "/population/import/",
        b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
    )
    assert response.status_code == 413
    assert "送信されたファイルが大きすぎます" in response.content.decode()
