"""The menu marks exactly one current item; the footer pages exist in both languages."""

from __future__ import annotations

import re

import pytest

from tests.portal.factories import sign_in


def current_items(body: str) -> list[str]:
    return re.findall(r'class="global-nav__link" href="[^"]*" aria-current="page">([^<]+)<', body)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/talent/", "人材を探す"),
        ("/talent/jobs/", "求人票"),
        ("/talent/jobs/new/", "求人票"),
        ("/procurement/vendors/", "ベンダー・シビックテック"),
        ("/dashboard/", "ダッシュボード"),
        ("/", "ホーム"),
    ],
)
def test_exactly_one_menu_item_is_current(client, staff, path, expected):
    sign_in(client, staff)
    assert current_items(client.get(path).content.decode()) == [expected]


def test_the_pool_page_marks_only_the_pool(client, coordinator):
    sign_in(client, coordinator)
    assert current_items(client.get("/talent/pool/").content.decode()) == ["人材プールの管理"]


@pytest.mark.parametrize(
    ("path", "japanese", "english"),
    [
        ("/privacy/", "プライバシーポリシー", "Privacy policy"),
        ("/accessibility/", "JIS X 8341-3:2016", "JIS X 8341-3:2016"),
        ("/terms/", "利用規約", "Terms of use"),
        ("/contact/", "contact@pref.example.jp", "contact@pref.example.jp"),
    ],
)
def test_footer_pages_exist_in_both_languages_and_are_linked(client, db, settings, path, japanese, english):
    settings.CONTACT_EMAIL = "contact@pref.example.jp"
    home = client.get("/").content.decode()
    assert f'href="{path}"' in home
    client.cookies["django_language"] = "ja"
    assert japanese in client.get(path).content.decode()
    client.cookies["django_language"] = "en"
    body = client.get(path).content.decode()
    assert english in body and '<html lang="en">' in body


@pytest.mark.parametrize(
    ("lg_code", "english"),
    [("345458", "Jinsekikogen Town"), ("340006", "Hiroshima Prefecture"), ("342025", "Kure City")],
)
def test_local_governments_have_a_romanised_name_in_english(client, reference_data, lg_code, english):
    client.cookies["django_language"] = "en"
    assert (
        f'<h1 class="page-title">{english}</h1>' in client.get(f"/organisations/{lg_code}/").content.decode()
    )


def test_a_failed_sign_in_shows_the_error_summary_and_keeps_the_email(client, staff):
    response = client.post("/accounts/login/", {"login": staff.email, "password": "wrong-password"})
    body = response.content.decode()
    assert re.search(r"<title>エラー：", body)
    assert 'class="error-summary"' in body and 'role="alert"' in body
    assert f'value="{staff.email}"' in body


def test_every_field_error_links_to_its_field(client, coordinator):
    sign_in(client, coordinator)
    body = client.post("/invitations/new/", {"full_name": "", "email": "x"}).content.decode()
    assert '<a href="#id_full_name">' in body and '<a href="#id_email">' in body
    assert 'id="id_full_name"' in body and 'id="id_email"' in body


def quick_links(body: str) -> list[str]:
    return re.findall(r'class="quick-links__link" href="[^"]*">([^<]+)<', body)


def test_each_role_finds_what_it_starts_most_often_on_its_dashboard(client, staff, coordinator, secretariat):
    sign_in(client, staff)
    assert quick_links(client.get("/dashboard/").content.decode())[:2] == ["人材を探す", "求人票を作成する"]
    sign_in(client, coordinator)
    assert quick_links(client.get("/dashboard/").content.decode())[:3] == [
        "人材プールを管理する",
        "利用者を招待する",
        "人口を取り込む",
    ]
    sign_in(client, secretariat)
    assert quick_links(client.get("/dashboard/").content.decode())[0] == "協議会の利用者と役割"


def test_a_talent_has_my_profile_in_the_menu_and_on_the_dashboard(client, talent):
    from tests.talentpool.factories import TalentFactory

    profile = TalentFactory(user=talent)
    sign_in(client, talent)
    body = client.get("/dashboard/").content.decode()
    assert f'class="global-nav__link" href="/talent/{profile.pk}/">マイプロフィール<' in body
    assert f'class="quick-links__link" href="/talent/{profile.pk}/">マイプロフィール<' in body
    assert f'href="/talent/{profile.pk}/capacity/">稼働できる日数を登録する<' in body
