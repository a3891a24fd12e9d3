import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from portal.models import AuditEvent, Notification, Role
from talentpool import services
from talentpool.models import (
    CapacityMonth,
    ProficiencyLevel,
    SkillLevelChange,
    SkillRole,
    SupportTheme,
    Talent,
    TalentPoolError,
)
from talentpool.search import fold
from tests.conftest import HIROSHIMA, OKAYAMA, make_user, org
from tests.portal.factories import sign_in
from tests.talentpool.factories import TalentFactory


@pytest.fixture
def pool(db, reference_data):
    """A published and a draft profile in 広島県, a published one in 岡山県 and a shared one there."""
    return {
        "published": TalentFactory(display_name="公開 人材"),
        "draft": TalentFactory(display_name="下書き 人材", status=Talent.Status.DRAFT),
        "okayama": TalentFactory(display_name="岡山 人材", prefecture=org(OKAYAMA)),
        "shared": TalentFactory(
            display_name="共有 人材", prefecture=org(OKAYAMA), shared_across_prefectures=True
        ),
    }


def names(user):
    return set(Talent.objects.visible_to(user).values_list("display_name", flat=True))


def test_municipal_staff_see_published_profiles_of_their_prefecture_and_shared_ones(pool, staff, other_staff):
    assert names(staff) == {"公開 人材", "共有 人材"}
    assert names(other_staff) == {"岡山 人材", "共有 人材"}


def test_coordinators_see_their_whole_pool_only(pool, coordinator, other_coordinator):
    assert names(coordinator) == {"公開 人材", "下書き 人材", "共有 人材"}
    assert names(other_coordinator) == {"岡山 人材", "共有 人材"}


def test_a_talent_sees_their_own_draft(pool, talent):
    pool["draft"].user = talent
    pool["draft"].save()
    assert "下書き 人材" in names(talent)


def test_council_members_and_anonymous_see_no_profiles(pool, council_member, client):
    assert names(council_member) == set()
    from django.contrib.auth.models import AnonymousUser

    assert not Talent.objects.visible_to(AnonymousUser()).exists()


def test_publication_moves_are_checked_and_audited(pool, coordinator, other_coordinator):
    draft = pool["draft"]
    with pytest.raises(TalentPoolError):
        services.change_talent_status(talent=draft, status=Talent.Status.PUBLISHED, by=other_coordinator)
    services.change_talent_status(
        talent=draft, status=Talent.Status.PUBLISHED, by=coordinator, note="審査済み"
    )
    draft.refresh_from_db()
    assert draft.status == Talent.Status.PUBLISHED
    assert AuditEvent.objects.get(verb="talent.status_changed").note == "審査済み"
    services.change_talent_status(talent=draft, status=Talent.Status.RETIRED, by=coordinator, note="任期満了")
    with pytest.raises(TalentPoolError):
        services.change_talent_status(talent=draft, status=Talent.Status.PUBLISHED, by=coordinator)


def test_coordinators_create_profiles_only_in_their_pool(reference_data, coordinator):
    talent = services.create_talent(
        prefecture=org(HIROSHIMA),
        by=coordinator,
        display_name="新規 人材",
        employment_form=Talent.EmploymentForm.CONTRACT,
        affiliation=Talent.Affiliation.VENDOR,
    )
    assert talent.status == Talent.Status.DRAFT
    with pytest.raises(TalentPoolError):
        services.create_talent(
            prefecture=org(OKAYAMA),
            by=coordinator,
            display_name="x",
            employment_form=Talent.EmploymentForm.CONTRACT,
            affiliation=Talent.Affiliation.VENDOR,
        )


def test_skill_levels_keep_their_history(pool, coordinator):
    talent, role = pool["published"], SkillRole.objects.get(code="data_engineer")
    level2, level3 = ProficiencyLevel.objects.get(level=2), ProficiencyLevel.objects.get(level=3)
    services.set_skill_level(talent=talent, role=role, level=level2, by=coordinator)
    services.set_skill_level(talent=talent, role=role, level=level2, by=coordinator)  # no change, no history
    services.set_skill_level(talent=talent, role=role, level=level3, by=coordinator)
    assert talent.skills.get(role=role).level == level3
    history = list(SkillLevelChange.objects.filter(talent=talent).values_list("level__level", flat=True))
    assert history == [3, 2]


def test_a_talent_edits_their_own_capacity_but_not_anothers(pool, reference_data):
    own = make_user("me@talent.test", role=Role.TALENT, organisation=org(HIROSHIMA))
    pool["published"].user = own
    pool["published"].save()
    services.set_monthly_capacity(
        talent=pool["published"],
        month=datetime.date(2026, 5, 20),
        days=Decimal(8),
        by=own,
        note="5月は休暇あり",
    )
    assert CapacityMonth.objects.get().month == datetime.date(2026, 5, 1)
    with pytest.raises(TalentPoolError):
        services.set_monthly_capacity(
            talent=pool["draft"], month=datetime.date(2026, 5, 1), days=Decimal(8), by=own
        )


def test_capacity_never_drops_below_booked_days(pool, coordinator):
    talent = pool["published"]
    services.set_monthly_capacity(
        talent=talent, month=datetime.date(2026, 6, 1), days=Decimal(10), by=coordinator
    )
    services.book_capacity(
        talent=talent, month=datetime.date(2026, 6, 1), days=Decimal(6), source="dispatch:1", by=coordinator
    )
    with pytest.raises(TalentPoolError, match="6"):
        services.set_monthly_capacity(
            talent=talent, month=datetime.date(2026, 6, 1), days=Decimal(5), by=coordinator
        )


def test_fiscal_year_capacity_runs_april_to_march_with_free_days(pool, coordinator):
    talent = pool["published"]
    services.set_monthly_capacity(
        talent=talent, month=datetime.date(2026, 4, 1), days=Decimal(10), by=coordinator
    )
    services.set_monthly_capacity(
        talent=talent, month=datetime.date(2027, 3, 1), days=Decimal(4), by=coordinator
    )
    services.book_capacity(
        talent=talent, month=datetime.date(2026, 4, 1), days=Decimal(3), source="d:1", by=coordinator
    )
    months = services.fiscal_year_capacity(talent, 2026)
    assert [m["month"] for m in (months[0], months[-1])] == [
        datetime.date(2026, 4, 1),
        datetime.date(2027, 3, 1),
    ]
    assert (months[0]["contracted"], months[0]["booked"], months[0]["free"]) == (10, 3, 7)
    assert months[-1]["free"] == 4
    assert len(months) == 12


def test_the_database_refuses_a_month_that_is_not_a_first_day(pool):
    with pytest.raises(IntegrityError), transaction.atomic():
        CapacityMonth.objects.create(
            talent=pool["published"], month=datetime.date(2026, 4, 2), contracted_days=5
        )


def test_factory_profiles_carry_the_search_text_the_services_write(reference_data):
    theme = SupportTheme.objects.first()
    talent = TalentFactory(display_name="検索 一郎", introduction="ＲＰＡの導入", themes=[theme])
    talent.refresh_from_db()
    assert "rpa" in talent.search_text.lower() and fold(theme.name) in talent.search_text


def test_a_talent_who_owns_a_profile_edits_it_but_not_its_publication(client, profiled_talent):
    profile = profiled_talent.talent_profile
    assert profile.status == Talent.Status.PUBLISHED
    sign_in(client, profiled_talent)
    for page in ("edit", "capacity"):
        assert client.get(f"/talent/{profile.pk}/{page}/").status_code == 200
    assert client.post(f"/talent/{profile.pk}/status/", {"status": "draft"}).status_code == 403


def test_a_prefecture_approver_reads_the_pool_but_does_not_manage_it(
    client, prefecture_approver, reference_data
):
    profile = TalentFactory(status=Talent.Status.DRAFT)
    sign_in(client, prefecture_approver)
    assert client.get(f"/talent/{profile.pk}/").status_code == 200
    assert client.get(f"/talent/{profile.pk}/edit/").status_code == 403


def test_the_talent_hears_when_their_profile_is_published_or_retired(profiled_talent, coordinator):
    profile = profiled_talent.talent_profile
    services.change_talent_status(talent=profile, status=Talent.Status.DRAFT, by=coordinator)
    assert not Notification.objects.exists()
    services.change_talent_status(talent=profile, status=Talent.Status.PUBLISHED, by=coordinator)
    with pytest.raises(TalentPoolError, match="理由"):
        services.change_talent_status(talent=profile, status=Talent.Status.RETIRED, by=coordinator)
    services.change_talent_status(
        talent=profile, status=Talent.Status.RETIRED, by=coordinator, note="任期満了"
    )
    events = list(
        Notification.objects.filter(recipient=profiled_talent).order_by("pk").values_list("event", flat=True)
    )
    assert events == ["talent.published", "talent.retired"]


def test_the_edit_page_offers_named_publication_actions(client, pool, coordinator):
    sign_in(client, coordinator)
    draft = pool["draft"]
    assert "公開する" in client.get(f"/talent/{draft.pk}/edit/").content.decode()
    response = client.post(f"/talent/{draft.pk}/status/", {"status": "published"}, follow=True)
    page = response.content.decode()
    assert "プロフィールを公開しました。" in page and "公開を停止する" in page
