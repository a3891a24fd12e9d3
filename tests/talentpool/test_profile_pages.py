"""Coordinators create, edit and publish profiles; a talent edits their own, within limits."""

import pytest

from portal.models import AuditEvent
from talentpool.models import ProficiencyLevel, SkillLevelChange, SupportTheme, Talent
from tests.conftest import HIROSHIMA, org
from tests.portal.factories import sign_in
from tests.talentpool.factories import TalentFactory

BASE = {
    "display_name": "登録 花子",
    "employment_form": "contract",
    "affiliation": "vendor",
    "work_style": "both",
}


def test_a_coordinator_creates_a_draft_then_publishes_it(client, coordinator):
    sign_in(client, coordinator)
    response = client.post(
        "/talent/new/",
        {**BASE, "pool": org(HIROSHIMA).pk, "themes": [SupportTheme.objects.get(code="security").pk]},
    )
    talent = Talent.objects.get(display_name="登録 花子")
    assert response.url == f"/talent/{talent.pk}/edit/"
    assert talent.status == Talent.Status.DRAFT
    assert list(talent.themes.values_list("code", flat=True)) == ["security"]
    client.post(f"/talent/{talent.pk}/status/", {"status": "published", "note": "面談済み"})
    talent.refresh_from_db()
    assert talent.status == Talent.Status.PUBLISHED
    assert AuditEvent.objects.filter(verb="talent.status_changed", note="面談済み").exists()


def test_a_missing_name_is_reported_and_the_rest_is_kept(client, coordinator):
    sign_in(client, coordinator)
    response = client.post(
        "/talent/new/", {**BASE, "display_name": "", "pool": org(HIROSHIMA).pk, "languages": "日本語、英語"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "このフィールドは必須です。" in body
    assert 'value="日本語、英語"' in body
    assert not Talent.objects.exists()


def test_a_coordinator_cannot_create_in_another_pool(client, other_coordinator):
    sign_in(client, other_coordinator)
    client.post("/talent/new/", {**BASE, "pool": org(HIROSHIMA).pk})
    assert not Talent.objects.exists()


def test_editing_saves_fields_and_skills_with_history(client, coordinator):
    talent = TalentFactory()
    sign_in(client, coordinator)
    # The choices are the levels' primary keys, which differ once reference data has been reloaded.
    level = {row.level: str(row.pk) for row in ProficiencyLevel.objects.all()}
    response = client.post(
        f"/talent/{talent.pk}/edit/",
        {**BASE, "skill_data_engineer": level[3], "skill_mic_engineer": level[2]},
    )
    assert response.status_code == 302
    talent.refresh_from_db()
    assert talent.display_name == "登録 花子"
    assert {s.role.code: s.level.level for s in talent.skills.all()} == {
        "data_engineer": 3,
        "mic_engineer": 2,
    }
    assert SkillLevelChange.objects.filter(talent=talent).count() == 2
    assert "登録" in talent.search_text
    assert AuditEvent.objects.filter(verb="talent.updated").exists()


def test_a_talent_edits_their_profile_but_not_how_they_are_employed(client, talent):
    profile = TalentFactory(user=talent, employment_form=Talent.EmploymentForm.FIXED_TERM)
    sign_in(client, talent)
    page = client.get(f"/talent/{profile.pk}/edit/").content.decode()
    assert 'name="employment_form"' not in page
    assert 'name="status"' not in page
    client.post(
        f"/talent/{profile.pk}/edit/",
        {"display_name": "自分 更新", "work_style": "remote", "employment_form": "side_job"},
    )
    profile.refresh_from_db()
    assert profile.display_name == "自分 更新"
    assert profile.employment_form == Talent.EmploymentForm.FIXED_TERM
    assert client.post(f"/talent/{profile.pk}/status/", {"status": "retired"}).status_code == 403


@pytest.mark.parametrize("move", ["retired", "draft"])
def test_status_choices_are_the_allowed_moves(client, coordinator, move):
    talent = TalentFactory()
    sign_in(client, coordinator)
    page = client.get(f"/talent/{talent.pk}/edit/").content.decode()
    assert f'value="{move}"' in page
    assert 'value="published"' not in page.split('name="status"')[1].split("</select>")[0]


def test_the_career_record_lists_trainings_and_skill_history(client, coordinator, staff):
    from talentpool import services
    from talentpool.models import ProficiencyLevel, SkillRole

    talent = TalentFactory()
    role = SkillRole.objects.get(code="cyber_security_engineer")
    for level in (1, 2):
        services.set_skill_level(
            talent=talent, role=role, level=ProficiencyLevel.objects.get(level=level), by=coordinator
        )
    sign_in(client, coordinator)
    client.post(f"/talent/{talent.pk}/career/", {"name": "CYDER コースB", "completed_on": "2026-10-02"})
    assert talent.trainings.get().name == "CYDER コースB"
    page = client.get(f"/talent/{talent.pk}/career/").content.decode()
    assert "CYDER コースB" in page
    assert "令和8年（2026年）10月2日" in page
    assert page.count("サイバーセキュリティエンジニア") == 2
    sign_in(client, staff)
    assert client.get(f"/talent/{talent.pk}/career/").status_code == 200
    assert (
        client.post(f"/talent/{talent.pk}/career/", {"name": "x", "completed_on": "2026-10-02"}).status_code
        == 403
    )
    assert talent.trainings.count() == 1
