"""A talent updates a month's capacity; municipal staff find them by role, level and free days;
staff of another prefecture cannot. Every page passes axe, in Japanese and in English."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from portal.dates import this_month
from portal.models import Role
from talentpool import services
from talentpool.models import ProficiencyLevel, SkillRole, Talent
from tests.conftest import HIROSHIMA, JINSEKI, SHINJO, make_user, org
from tests.e2e.conftest import assert_accessible, shot, untranslated_text, wait_for_url
from tests.e2e.test_screenshots import _names, sign_in
from tests.talentpool.factories import TalentFactory

LABELS = {
    "ja": {
        "role": "ロール",
        "level": "最低の習熟度",
        "from": "空きを調べる期間（開始月）",
        "to": "空きを調べる期間（終了月）",
        "days": "期間中の空き日数（以上）",
        "search": "検索する",
        "month": "月",
        "available": "稼働できる日数",
        "save": "保存する",
        "change": "稼働できる日数を変更",
    },
    "en": {
        "role": "Role",
        "level": "Minimum proficiency",
        "from": "Availability period (first month)",
        "to": "Availability period (last month)",
        "days": "Free days in the period (at least)",
        "search": "Search",
        "month": "Month",
        "available": "Available days",
        "save": "Save",
        "change": "Change available days",
    },
}


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*(必須|任意|Required|Optional)?\s*$"))


def context_for(browser, live, user, language):
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    context.add_cookies([{"name": "django_language", "value": language, "url": live.url}])
    sign_in(context, live, user.email)
    return context


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_talent_updates_capacity_and_staff_find_them(live, browser, language):
    text = LABELS[language]
    month = this_month()
    coordinator = make_user(
        "coord@hiroshima.test", role=Role.PREFECTURE_COORDINATOR, organisation=org(HIROSHIMA), mfa=True
    )
    person = make_user(
        "talent@hiroshima.test", name="Taro Joho", role=Role.TALENT, organisation=org(HIROSHIMA)
    )
    profile = TalentFactory(display_name="Taro Joho", user=person, work_style=Talent.WorkStyle.REMOTE)
    TalentFactory(display_name="Other Person")
    services.set_skill_level(
        talent=profile,
        role=SkillRole.objects.get(code="data_engineer"),
        level=ProficiencyLevel.objects.get(level=3),
        by=coordinator,
    )
    services.set_monthly_capacity(talent=profile, month=month, days=Decimal(2), by=coordinator)

    # The talent raises this month's available days.
    page = context_for(browser, live, person, language).new_page()
    page.goto(f"{live.url}/talent/{profile.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=text["change"]).click()
    assert_accessible(page)
    field(page, text["month"]).fill(month.strftime("%Y-%m"))
    field(page, text["available"]).fill("9")
    with page.expect_navigation():
        page.get_by_role("button", name=text["save"]).click()
    assert_accessible(page)
    shot(page, f"talent-profile-{language}")
    assert profile.capacity.get(month=month).contracted_days == 9

    # Staff of 神石高原町 find them by role, level and free days, and open the profile.
    staff = make_user("staff@jinseki.test", role=Role.MUNICIPAL_STAFF, organisation=org(JINSEKI))
    page = context_for(browser, live, staff, language).new_page()
    page.goto(f"{live.url}/talent/")
    assert_accessible(page)
    field(page, text["role"]).select_option(str(SkillRole.objects.get(code="data_engineer").pk))
    field(page, text["level"]).select_option(str(ProficiencyLevel.objects.get(level=2).pk))
    field(page, text["from"]).fill(month.strftime("%Y-%m"))
    field(page, text["to"]).fill(month.strftime("%Y-%m"))
    field(page, text["days"]).fill("5")
    # htmx refines the search in place (and pushes the URL); without JavaScript the button submits.
    page.get_by_role("button", name=text["search"]).click()
    wait_for_url(page, re.compile(r"role=.*min_free_days=5"))  # the URL holds the filters
    expect(page.locator(".talent-card h2")).to_have_text(["Taro Joho"])
    assert_accessible(page)
    shot(page, f"talent-search-{language}")
    if language == "en":
        assert untranslated_text(page, [*_names(), "Taro Joho", "日本語"]) == []
    page.get_by_role("link", name="Taro Joho").click()
    wait_for_url(page, re.compile(rf"/talent/{profile.pk}/$"))
    assert_accessible(page)

    # Staff of 新庄村 (岡山県) find nobody from 広島県 and cannot open the profile.
    outsider = make_user("staff@shinjo.test", role=Role.MUNICIPAL_STAFF, organisation=org(SHINJO))
    page = context_for(browser, live, outsider, language).new_page()
    page.goto(f"{live.url}/talent/")
    assert page.locator(".talent-card").count() == 0
    assert page.goto(f"{live.url}/talent/{profile.pk}/").status == 404


CREATE = {
    "ja": {
        "manage": "人材プールの管理",
        "add": "人材を登録する",
        "pool": "所属する人材プール",
        "name": "表示名",
        "form": "任用・契約形態",
        "affiliation": "所属区分",
        "save": "保存する",
        "publish": "公開する",
        "published": "プロフィールを公開しました。",
        "search": "人材を探す",
    },
    "en": {
        "manage": "Manage the talent pool",
        "add": "Add talent",
        "pool": "Talent pool",
        "name": "Display name",
        "form": "Employment form",
        "affiliation": "Affiliation",
        "save": "Save",
        "publish": "Publish",
        "published": "The profile was published.",
        "search": "Find talent",
    },
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_coordinator_creates_and_publishes_a_profile(live, browser, language):
    text = CREATE[language]
    coordinator = make_user(
        "coord@hiroshima.test", role=Role.PREFECTURE_COORDINATOR, organisation=org(HIROSHIMA), mfa=True
    )
    page = context_for(browser, live, coordinator, language).new_page()
    page.goto(live.url + "/dashboard/")
    page.get_by_role("link", name=text["manage"]).first.click()
    assert_accessible(page)
    page.get_by_role("link", name=text["add"]).click()
    assert_accessible(page)
    field(page, text["pool"]).select_option(label="広島県" if language == "ja" else "Hiroshima Prefecture")
    field(page, text["name"]).fill("Hanako Touroku")
    field(page, text["form"]).select_option("contract")
    field(page, text["affiliation"]).select_option("vendor")
    with page.expect_navigation():
        page.get_by_role("button", name=text["save"]).click()
    assert_accessible(page)
    shot(page, f"talent-edit-{language}")
    role = SkillRole.objects.get(code="data_engineer")
    page.get_by_label(role.name if language == "ja" else role.name_en).select_option(
        str(ProficiencyLevel.objects.get(level=3).pk)
    )
    with page.expect_navigation():
        page.get_by_role("button", name=text["save"]).click()
    assert Talent.objects.get(display_name="Hanako Touroku").skills.get().level.level == 3
    page.goto(f"{live.url}/talent/{Talent.objects.get(display_name='Hanako Touroku').pk}/edit/")
    with page.expect_navigation():
        page.get_by_role("button", name=text["publish"], exact=True).click()
    assert text["published"] in page.locator("body").inner_text()
    talent = Talent.objects.get(display_name="Hanako Touroku")
    assert talent.status == Talent.Status.PUBLISHED
    page.get_by_role("link", name=text["search"]).first.click()
    assert "Hanako Touroku" in page.locator("#results").inner_text()
