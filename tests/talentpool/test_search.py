"""The talent search: filters, Japanese text matching, scoping, and flat query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.dates import this_month
from talentpool import services
from talentpool.models import ProficiencyLevel, SkillRole, Talent
from tests.portal.factories import sign_in
from tests.talentpool.factories import TalentFactory

THIS_MONTH = this_month()


def found(client, **params) -> set[str]:
    response = client.get("/talent/", params)
    assert response.status_code == 200
    return {t.display_name for t in response.context["page"]}


@pytest.fixture
def people(coordinator, reference_data):
    engineer = TalentFactory(
        display_name="情報 太郎",
        name_kana="じょうほう たろう",
        introduction="電子申請とＲＰＡの導入を支援します。",
        work_style=Talent.WorkStyle.REMOTE,
    )
    designer = TalentFactory(
        display_name="デザイン 花子",
        name_kana="でざいん はなこ",
        introduction="窓口の改善。",
        work_style=Talent.WorkStyle.ON_SITE,
    )
    services.set_skill_level(
        talent=engineer,
        role=SkillRole.objects.get(code="data_engineer"),
        level=ProficiencyLevel.objects.get(level=3),
        by=coordinator,
    )
    services.set_skill_level(
        talent=designer,
        role=SkillRole.objects.get(code="data_engineer"),
        level=ProficiencyLevel.objects.get(level=1),
        by=coordinator,
    )
    for talent, days in ((engineer, 8), (designer, 8)):
        services.set_monthly_capacity(talent=talent, month=THIS_MONTH, days=Decimal(days), by=coordinator)
    services.book_capacity(talent=designer, month=THIS_MONTH, days=Decimal(6), source="d:1", by=coordinator)
    for talent in (engineer, designer):
        talent.refresh_search_text()
    return engineer, designer


def test_two_character_words_are_found(client, staff, people):
    sign_in(client, staff)
    assert found(client, q="申請") == {"情報 太郎"}
    assert found(client, q="窓口") == {"デザイン 花子"}


def test_width_and_kana_variants_are_folded(client, staff, people):
    sign_in(client, staff)
    assert found(client, q="rpa") == {"情報 太郎"}  # stored as full-width ＲＰＡ
    assert found(client, q="ジョウホウ") == {"情報 太郎"}  # kana stored in hiragana
    assert found(client, q="ﾃﾞｻﾞｲﾝ") == {"デザイン 花子"}  # half-width katakana


def test_role_minimum_level_remote_and_free_days(client, staff, people):
    sign_in(client, staff)
    role = SkillRole.objects.get(code="data_engineer").pk
    assert found(client, role=role) == {"情報 太郎", "デザイン 花子"}
    assert found(client, role=role, min_level=ProficiencyLevel.objects.get(level=2).pk) == {"情報 太郎"}
    assert found(client, remote="on") == {"情報 太郎"}
    month = THIS_MONTH.strftime("%Y-%m")
    assert found(client, free_from=month, free_to=month, min_free_days=5) == {"情報 太郎"}


def test_staff_of_another_prefecture_do_not_find_them(client, other_staff, people):
    sign_in(client, other_staff)
    assert found(client) == set()
    assert client.get(f"/talent/{people[0].pk}/").status_code == 404


def test_council_members_cannot_search(client, council_member, people):
    sign_in(client, council_member)
    assert client.get("/talent/").status_code == 403


def test_sorting_by_free_days(client, staff, people):
    sign_in(client, staff)
    response = client.get("/talent/", {"sort": "-free"})
    assert [t.display_name for t in response.context["page"]] == ["情報 太郎", "デザイン 花子"]


def test_search_and_profile_queries_do_not_grow(
    client, staff, people, coordinator, django_assert_max_num_queries
):
    sign_in(client, staff)
    # Counts are read at once: each request resets the connection's query log.
    with CaptureQueriesContext(connection) as captured:
        client.get("/talent/")
    search_baseline = len(captured)
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/talent/{people[0].pk}/")
    profile_baseline = len(captured)
    role = SkillRole.objects.get(code="backend_engineer")
    level = ProficiencyLevel.objects.get(level=2)
    for i in range(15):
        talent = TalentFactory(display_name=f"追加 {i}")
        services.set_skill_level(talent=talent, role=role, level=level, by=coordinator)
        services.set_monthly_capacity(talent=talent, month=THIS_MONTH, days=Decimal(4), by=coordinator)
        services.set_skill_level(
            talent=people[0], role=SkillRole.objects.all()[i], level=level, by=coordinator
        )
    with django_assert_max_num_queries(search_baseline):
        client.get("/talent/")
    with django_assert_max_num_queries(profile_baseline):
        client.get(f"/talent/{people[0].pk}/")


def test_a_talent_changes_their_capacity_and_bad_input_keeps_what_was_typed(client, people, talent):
    profile = people[0]
    profile.user = talent
    profile.save()
    sign_in(client, talent)
    response = client.post(
        f"/talent/{profile.pk}/capacity/", {"month": "2026-13", "days": "4", "note": "研修"}
    )
    assert response.status_code == 200
    assert "月は「2026-05」の形で入力してください。" in response.content.decode()
    assert 'value="研修"' in response.content.decode()
    response = client.post(
        f"/talent/{profile.pk}/capacity/", {"month": "2026-12", "days": "4", "note": "研修"}
    )
    assert response.status_code == 302
    assert profile.capacity.get(month=datetime.date(2026, 12, 1)).contracted_days == 4


def test_nobody_else_edits_a_talents_capacity(client, people, staff, other_coordinator):
    for user, status in ((staff, 403), (other_coordinator, 404)):
        sign_in(client, user)
        assert client.get(f"/talent/{people[0].pk}/capacity/").status_code == status


def test_a_minimum_level_without_a_role_applies_to_any_role(client, staff, people):
    sign_in(client, staff)
    level_2 = ProficiencyLevel.objects.get(level=2).pk
    assert found(client, min_level=level_2) == {"情報 太郎"}
    assert "いずれかのロールで" in client.get("/talent/").content.decode()


def test_roles_are_grouped_by_standard_and_talent_type(client, staff, people):
    sign_in(client, staff)
    body = client.get("/talent/").content.decode()
    assert body.count("<optgroup") >= 2
    assert '<optgroup label="DSS-P：' in body and '<optgroup label="総務省：' in body


def test_a_reversed_period_is_swapped_and_said(client, staff, people):
    sign_in(client, staff)
    first, last = THIS_MONTH, THIS_MONTH.replace(year=THIS_MONTH.year + 1)
    response = client.get("/talent/", {"free_from": f"{last:%Y-%m}", "free_to": f"{first:%Y-%m}"})
    assert response.context["period"] == (first, last)
    assert f"入れ替えて{first:%Y-%m}〜{last:%Y-%m}で調べました" in response.content.decode()


def test_saving_a_month_of_another_fiscal_year_says_where_it_went(client, people, talent):
    profile = people[0]
    profile.user = talent
    profile.save()
    sign_in(client, talent)
    later = THIS_MONTH.replace(year=THIS_MONTH.year + 2)
    response = client.post(
        f"/talent/{profile.pk}/capacity/", {"month": f"{later:%Y-%m}", "days": "4"}, follow=True
    )
    assert f"{later:%Y-%m}の稼働できる日数を保存しました。" in response.content.decode()
    assert "今年度の表には表示されません" in response.content.decode()


def test_the_count_stops_at_the_cap_and_says_so_with_previous_and_next(client, staff, monkeypatch):
    """A search matching more profiles than the cap counts no further (the total of a common word
    costs as much as the search) and pages on with previous and next."""
    from portal.paging import CappedPaginator

    for _i in range(45):
        TalentFactory()
    sign_in(client, staff)
    monkeypatch.setattr(CappedPaginator, "CAP", 30)
    page = client.get("/talent/").content.decode()
    assert "30人以上が見つかりました" in page and "2ページ目" not in page and 'rel="next"' in page
    second = client.get("/talent/", {"page": 2}).content.decode()
    assert "2ページ目" in second and 'rel="prev"' in second
    monkeypatch.setattr(CappedPaginator, "CAP", 100)
    assert "45人が見つかりました" in client.get("/talent/").content.decode()
