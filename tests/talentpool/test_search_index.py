"""Keyword search through the gram index, search texts that follow renamed roles, and the cached
cards and filter form showing every change at once."""

from decimal import Decimal

import pytest
from django.db import connection

from portal.textsearch import grams
from talentpool import services
from talentpool.models import ProficiencyLevel, SkillRole, SupportTheme, Talent
from tests.portal.factories import sign_in
from tests.talentpool import test_search
from tests.talentpool.factories import TalentFactory
from tests.talentpool.test_search import THIS_MONTH, found

people = test_search.people  # the search tests' two profiles


def sql_grams(text: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT portal_grams(%s)", [text])
        return set(cursor.fetchone()[0])


@pytest.mark.django_db
def test_the_database_and_python_agree_on_grams():
    # The function works on text already folded; spaces never make a gram.
    assert sql_grams("情報 システム") == {"情報", "シス", "ステ", "テム"}
    assert sql_grams("ab") == {"ab"}
    assert sql_grams("a") == set()
    assert grams("情報") == ["情報"]
    assert grams("しすてむ") == ["しす", "すて", "てむ"]
    assert grams("情") == []  # one character: LIKE alone


def test_pairs_of_a_word_found_apart_do_not_match(client, staff, people):
    sign_in(client, staff)
    TalentFactory(display_name="報告 情子", introduction="報情のみ")  # 情 and 報 but never 情報 together
    assert found(client, q="情報") == {"情報 太郎"}
    assert found(client, q="情") == {"情報 太郎", "報告 情子"}


def test_a_two_character_word_is_answered_by_the_index(people):
    sql, params = Talent.objects.filter(
        search_grams__contains=grams("申請"), search_text__contains="申請"
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "talent_search_grams" in plan


def test_a_renamed_role_is_found_under_its_new_name(
    client, staff, people, django_capture_on_commit_callbacks
):
    sign_in(client, staff)
    role = SkillRole.objects.get(code="data_engineer")
    with django_capture_on_commit_callbacks(execute=True):
        role.name = "データ基盤エンジニア（改称）"
        role.save()
    assert found(client, q="データ基盤") == {"情報 太郎", "デザイン 花子"}
    assert "データ基盤エンジニア（改称）" in client.get("/talent/").content.decode()


def test_a_renamed_theme_is_found_under_its_new_name(
    client, staff, people, django_capture_on_commit_callbacks
):
    sign_in(client, staff)
    engineer = people[0]
    theme = SupportTheme.objects.first()
    engineer.themes.add(theme)
    engineer.refresh_search_text()
    with django_capture_on_commit_callbacks(execute=True):
        theme.name = "まったく新しいテーマ名"
        theme.save()
    assert found(client, q="まったく新しい") == {"情報 太郎"}


def test_cached_cards_show_a_new_level_and_new_capacity_at_once(client, staff, people, coordinator):
    sign_in(client, staff)
    engineer = people[0]
    role = SkillRole.objects.get(code="data_engineer")
    before = client.get("/talent/").content.decode()
    assert f"{role} · {ProficiencyLevel.objects.get(level=3)}" in before
    services.set_skill_level(
        talent=engineer, role=role, level=ProficiencyLevel.objects.get(level=4), by=coordinator
    )
    services.set_monthly_capacity(talent=engineer, month=THIS_MONTH, days=Decimal(11), by=coordinator)
    after = client.get("/talent/").content.decode()
    assert f"{role} · {ProficiencyLevel.objects.get(level=4)}" in after
    assert "11日" in after


def test_the_cached_filter_form_keeps_what_was_chosen(client, staff, people):
    sign_in(client, staff)
    client.get("/talent/")
    page = client.get("/talent/", {"q": "窓口", "min_free_days": "-3"}).content.decode()
    assert 'value="窓口"' in page
    assert 'value="-3"' in page
    assert "field--error" in page  # the bad number is reported, not silently dropped
