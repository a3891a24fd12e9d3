"""Dispatch: programme settings, the request's workflow, matching, and approval that books capacity."""

import datetime
from decimal import Decimal

import pytest

from portal.models import AuditEvent, Notification
from talentpool import services
from talentpool.models import (
    Assignment,
    CapacityBooking,
    DispatchProgramme,
    DispatchRequest,
    ProficiencyLevel,
    Proposal,
    SkillRole,
    TalentPoolError,
)
from tests.conftest import OKAYAMA, org
from tests.talentpool.factories import TalentFactory, make_dispatch_request, make_programme

S = DispatchRequest.Status
pytestmark = pytest.mark.django_db


def move(request, status, by, note=""):
    return services.change_dispatch_status(request=request, status=status, by=by, note=note)


def with_capacity(talent, request, days, by):
    for month in request.months():
        services.set_monthly_capacity(talent=talent, month=month, days=Decimal(days), by=by)


@pytest.fixture
def programme(reference_data):
    return make_programme()


@pytest.fixture
def owned_profile(profiled_talent):
    return profiled_talent.talent_profile


# -- programme settings ------------------------------------------------------------------------------


def test_the_coordinator_edits_and_another_person_the_approver_confirms(coordinator, prefecture_approver):
    programme = make_programme(confirmed=False)
    programme.unit_cost_yen = 35_000
    services.save_programme(programme=programme, by=coordinator)
    services.change_programme_status(programme=programme, status="submitted", by=coordinator)
    assert Notification.objects.filter(event="programme.submitted", recipient=prefecture_approver).exists()
    with pytest.raises(TalentPoolError):
        services.change_programme_status(programme=programme, status="confirmed", by=coordinator)
    confirmed = services.change_programme_status(
        programme=programme, status="confirmed", by=prefecture_approver
    )
    assert confirmed.status == DispatchProgramme.Status.CONFIRMED
    assert AuditEvent.objects.filter(verb="programme.status_changed", actor=prefecture_approver).exists()


def test_programme_shares_must_sum_to_100_and_only_the_prefectures_coordinator_edits(
    coordinator, other_coordinator
):
    programme = make_programme(confirmed=False)
    programme.share_municipality = 30
    with pytest.raises(Exception, match="100"):
        services.save_programme(programme=programme, by=coordinator)
    programme.share_municipality = 25
    with pytest.raises(TalentPoolError):
        services.save_programme(programme=programme, by=other_coordinator)


def test_a_confirmed_programme_is_not_edited_until_revised(coordinator):
    programme = make_programme()
    with pytest.raises(TalentPoolError, match="編集中"):
        services.save_programme(programme=programme, by=coordinator)
    with pytest.raises(TalentPoolError, match="理由"):
        services.change_programme_status(programme=programme, status="draft", by=coordinator)


# -- the request's journey --------------------------------------------------------------------------


def test_the_whole_journey_through_every_named_step(
    programme, staff, approver, coordinator, prefecture_approver, owned_profile, profiled_talent
):
    request = make_dispatch_request(staff, nominated_talent=owned_profile)
    with_capacity(owned_profile, request, 5, coordinator)

    request = move(request, S.SUBMITTED, staff)
    assert Notification.objects.filter(event="dispatch.your_turn", recipient=approver).exists()
    request = move(request, S.SCREENING, approver)
    assert request.sent_at is not None
    assert Notification.objects.filter(event="dispatch.your_turn", recipient=coordinator).exists()
    request = move(request, S.RETURNED, coordinator, "目標を具体的に")
    assert Notification.objects.filter(event="dispatch.your_turn", recipient=staff).exists()
    request = move(request, S.SCREENING, staff)
    request = move(request, S.MATCHING, coordinator)

    ranked = services.rank_candidates(request)
    assert ranked[0].talent == owned_profile and "市町村の希望" in ranked[0].reasons[0]
    services.propose_candidates(request=request, talents=[owned_profile], by=coordinator)
    assert Notification.objects.filter(event="dispatch.proposal", recipient=profiled_talent).exists()
    proposal = Proposal.objects.get(request=request)
    services.respond_to_proposal(proposal=proposal, accept=True, by=profiled_talent)
    request.refresh_from_db()
    assert request.status == S.PENDING_APPROVAL and request.talent == owned_profile
    assert Notification.objects.filter(event="dispatch.your_turn", recipient=prefecture_approver).exists()

    request = move(request, S.APPROVED, prefecture_approver)
    assert request.status == S.APPROVED
    assignment = Assignment.objects.get(request=request)
    assert assignment.days == 4 and assignment.cost_yen == 160_000
    assert (assignment.national_yen, assignment.prefecture_yen, assignment.municipality_yen) == (
        80_000,
        40_000,
        40_000,
    )
    assert CapacityBooking.objects.filter(assignment=assignment).count() == 2

    day = request.start_date
    assert services.move_assignments_on_their_dates(day=day) == {"started": 1, "ended": 0}
    assert services.move_assignments_on_their_dates(day=day) == {"started": 0, "ended": 0}
    after = request.end_date + datetime.timedelta(days=1)
    assert services.move_assignments_on_their_dates(day=after) == {"started": 0, "ended": 1}
    request.refresh_from_db()
    assert request.status == S.REPORTING
    services.file_completion_report(request=request, report="計画を作成した。", by=profiled_talent)
    request = move(request, S.COMPLETED, staff)
    assert request.status == S.COMPLETED

    steps = list(
        AuditEvent.objects.filter(verb="dispatch.status_changed", target_id=str(request.pk))
        .order_by("pk")
        .values_list("data__to", "actor__email")
    )
    assert [to for to, _actor in steps] == [
        "submitted",
        "screening",
        "returned",
        "screening",
        "matching",
        "pending_approval",
        "approved",
        "active",
        "reporting",
        "completed",
    ]
    assert steps[1][1] == approver.email and steps[6][1] == prefecture_approver.email


def test_whoever_sends_a_request_may_not_ok_it(programme, approver):
    request = make_dispatch_request(approver)
    request = move(request, S.SUBMITTED, approver)
    with pytest.raises(TalentPoolError, match="承認"):
        move(request, S.SCREENING, approver)
    assert DispatchRequest.objects.get(pk=request.pk).status == S.SUBMITTED


@pytest.mark.parametrize(
    ("status", "to", "actor"),
    [
        (S.DRAFT, S.APPROVED, "prefecture_approver"),
        (S.SCREENING, S.MATCHING, "other_coordinator"),
        (S.SCREENING, S.MATCHING, "staff"),
        (S.PENDING_APPROVAL, S.APPROVED, "coordinator"),
        (S.SUBMITTED, S.SCREENING, "staff"),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(programme, cast, status, to, actor):
    request = make_dispatch_request(cast["staff"], status=status, submitted_by=cast["staff"])
    with pytest.raises(TalentPoolError):
        move(request, to, cast[actor])
    assert DispatchRequest.objects.get(pk=request.pk).status == status
    assert not Assignment.objects.exists()


def test_returning_needs_a_reason(programme, staff, coordinator):
    request = make_dispatch_request(staff, status=S.SCREENING)
    with pytest.raises(TalentPoolError, match="理由"):
        move(request, S.RETURNED, coordinator)


def test_no_submission_without_confirmed_settings_or_outside_the_window(reference_data, staff):
    request = make_dispatch_request(staff)
    with pytest.raises(TalentPoolError, match="確定していない"):
        move(request, S.SUBMITTED, staff)
    programme = make_programme(
        window_opens=datetime.date(2000, 1, 1), window_closes=datetime.date(2000, 1, 2)
    )
    with pytest.raises(TalentPoolError, match="受付期間外"):
        move(request, S.SUBMITTED, staff)
    programme.window_closes = datetime.date(2100, 1, 1)
    programme.max_days_per_case = Decimal(3)
    programme.save()
    with pytest.raises(TalentPoolError, match="1件あたりの上限日数を超えています（上限3日、この依頼は4日）"):
        move(request, S.SUBMITTED, staff)


def test_another_prefectures_coordinator_and_municipality_do_not_see_the_request(
    programme, staff, other_coordinator, other_staff, coordinator
):
    draft = make_dispatch_request(staff)
    sent = make_dispatch_request(staff, status=S.SCREENING)
    for outsider in (other_coordinator, other_staff):
        assert not DispatchRequest.objects.visible_to(outsider).exists()
    # The municipality's drafts stay its own until its approver has sent them.
    assert list(DispatchRequest.objects.visible_to(coordinator)) == [sent]
    assert set(DispatchRequest.objects.visible_to(staff)) == {draft, sent}


# -- matching ----------------------------------------------------------------------------------------


def test_candidates_are_ranked_with_their_reasons(programme, staff, coordinator):
    request = make_dispatch_request(staff, status=S.MATCHING)
    role = SkillRole.objects.order_by("pk").first()
    request.roles_needed.create(role=role, level=ProficiencyLevel.objects.get(level=2))
    strong, weak, busy = TalentFactory(), TalentFactory(), TalentFactory()
    for talent, level in ((strong, 3), (weak, 1), (busy, 4)):
        services.set_skill_level(
            talent=talent, role=role, level=ProficiencyLevel.objects.get(level=level), by=coordinator
        )
    with_capacity(strong, request, 6, coordinator)
    with_capacity(weak, request, 6, coordinator)
    with_capacity(busy, request, 1, coordinator)
    okayama = TalentFactory(prefecture=org(OKAYAMA))
    ranked = services.rank_candidates(request)
    assert ranked[0].talent == strong and ranked[0].fits
    assert ranked[0].reasons[:2] == [f"{role.name} 3 ≥ 2 ✓", "空き 6日/月 ✓"]
    assert {c.talent for c in ranked[1:]} >= {weak, busy}
    assert okayama not in {c.talent for c in ranked}


def test_the_top_candidate_is_asked_first_and_a_decline_asks_the_next(
    programme, staff, coordinator, owned_profile, profiled_talent
):
    request = make_dispatch_request(staff, status=S.MATCHING)
    other = TalentFactory()
    first, second = services.propose_candidates(
        request=request, talents=[other, owned_profile], by=coordinator
    )
    assert (first.status, second.status) == (Proposal.Status.WAITING, Proposal.Status.WAITING)
    assert Notification.objects.filter(event="dispatch.your_turn", recipient=staff).exists()
    assert list(DispatchRequest.objects.awaiting(staff)) == [request]
    with pytest.raises(TalentPoolError, match="依頼した団体"):
        services.rank_proposals(request=request, order=[second.pk, first.pk], by=coordinator)
    with pytest.raises(TalentPoolError, match="重ならない順位"):
        services.rank_proposals(request=request, order=[second.pk], by=staff)
    # The municipality puts the talent it knows first; that talent is asked.
    services.rank_proposals(request=request, order=[second.pk, first.pk], by=staff)
    first, second = Proposal.objects.filter(request=request).order_by("rank")
    assert (first.talent, first.status, second.status) == (
        owned_profile,
        Proposal.Status.ASKED,
        Proposal.Status.WAITING,
    )
    assert list(DispatchRequest.objects.awaiting(staff)) == []
    with pytest.raises(TalentPoolError, match="いまは"):
        services.rank_proposals(request=request, order=[second.pk, first.pk], by=staff)
    with pytest.raises(TalentPoolError, match="理由"):
        services.respond_to_proposal(proposal=first, accept=False, by=profiled_talent)
    services.respond_to_proposal(proposal=first, accept=False, by=profiled_talent, reason="日程が合わない")
    second.refresh_from_db()
    assert second.status == Proposal.Status.ASKED
    assert DispatchRequest.objects.get(pk=request.pk).status == S.MATCHING


def test_a_talent_cannot_answer_someone_elses_proposal(
    programme, staff, coordinator, profiled_talent, talent
):
    request = make_dispatch_request(staff, status=S.MATCHING)
    services.propose_candidates(request=request, talents=[profiled_talent.talent_profile], by=coordinator)
    proposal = Proposal.objects.get(request=request)
    for stranger in (talent, coordinator, staff):
        with pytest.raises(TalentPoolError, match="ご本人"):
            services.respond_to_proposal(proposal=proposal, accept=True, by=stranger)
    assert DispatchRequest.objects.get(pk=request.pk).status == S.MATCHING


def test_at_most_three_candidates_are_proposed(programme, staff, coordinator):
    request = make_dispatch_request(staff, status=S.MATCHING)
    with pytest.raises(TalentPoolError, match="1〜3人"):
        services.propose_candidates(
            request=request, talents=[TalentFactory() for _ in range(4)], by=coordinator
        )


# -- approval: quotas and capacity ------------------------------------------------------------------


def pending(staff, coordinator, talent, **fields):
    return make_dispatch_request(
        staff, status=S.PENDING_APPROVAL, talent=talent, submitted_by=coordinator, **fields
    )


def test_approval_waitlists_when_the_talent_has_no_room_and_books_nothing(
    programme, staff, coordinator, prefecture_approver
):
    talent = TalentFactory()
    request = pending(staff, coordinator, talent)
    with_capacity(talent, request, 1, coordinator)
    request = move(request, S.APPROVED, prefecture_approver)
    assert request.status == S.WAITLISTED
    assert "人材の空きが足りません" in request.waitlist_reason
    assert not CapacityBooking.objects.filter(talent=talent).exists()
    assert not Assignment.objects.exists()


def test_approval_waitlists_when_the_budget_is_spent(staff, coordinator, prefecture_approver, reference_data):
    make_programme(budget_days=Decimal(3))
    talent = TalentFactory()
    request = pending(staff, coordinator, talent)
    with_capacity(talent, request, 5, coordinator)
    request = move(request, S.APPROVED, prefecture_approver)
    assert request.status == S.WAITLISTED
    assert (
        "年間予算（日数）の残りが足りません（予算3日、承認済み0日、この依頼4日）" in request.waitlist_reason
    )


def test_the_same_talent_municipality_and_theme_once_per_year(
    programme, staff, coordinator, prefecture_approver
):
    talent = TalentFactory()
    first = pending(staff, coordinator, talent)
    with_capacity(talent, first, 10, coordinator)
    move(first, S.APPROVED, prefecture_approver)
    second = pending(staff, coordinator, talent)
    with pytest.raises(TalentPoolError, match="年度内に1回まで"):
        move(second, S.APPROVED, prefecture_approver)
    assert DispatchRequest.objects.get(pk=second.pk).status == S.PENDING_APPROVAL


def test_whoever_sent_it_for_approval_may_not_approve_it(programme, staff, coordinator, prefecture_approver):
    talent = TalentFactory()
    request = pending(staff, coordinator, talent)
    request.submitted_by = prefecture_approver
    request.save()
    with pytest.raises(TalentPoolError):
        move(request, S.APPROVED, prefecture_approver)


def test_cancelling_frees_the_months_not_yet_begun(programme, staff, coordinator, prefecture_approver):
    talent = TalentFactory()
    request = pending(staff, coordinator, talent)
    with_capacity(talent, request, 4, coordinator)
    request = move(request, S.APPROVED, prefecture_approver)
    assert CapacityBooking.objects.filter(talent=talent).count() == 2
    move(request, S.CANCELLED, coordinator, "町の事情")
    assert not CapacityBooking.objects.filter(talent=talent).exists()


def test_overdue_reports_are_reminded_once(programme, staff, coordinator, prefecture_approver, owned_profile):
    request = pending(staff, coordinator, owned_profile)
    with_capacity(owned_profile, request, 4, coordinator)
    move(request, S.APPROVED, prefecture_approver)
    services.move_assignments_on_their_dates(day=request.start_date)
    services.move_assignments_on_their_dates(day=request.end_date + datetime.timedelta(days=1))
    late = request.end_date + datetime.timedelta(days=8)
    assert services.remind_overdue_reports(day=request.end_date + datetime.timedelta(days=7)) == 0
    assert services.remind_overdue_reports(day=late) == 1
    assert services.remind_overdue_reports(day=late) == 0
    assert Notification.objects.filter(event="dispatch.report_overdue", recipient=coordinator).exists()


def test_the_cost_summary_adds_up_per_municipality(programme, staff, coordinator, prefecture_approver):
    talent = TalentFactory()
    request = pending(staff, coordinator, talent)
    with_capacity(talent, request, 4, coordinator)
    move(request, S.APPROVED, prefecture_approver)
    (row,) = services.cost_summary(prefecture_id=programme.prefecture_id, year=programme.fiscal_year)
    assert row["cost"] == row["national"] + row["prefecture"] + row["municipality"] == 160_000


def test_the_beat_tasks_are_scheduled_and_move_each_dispatch_once(
    programme, staff, coordinator, prefecture_approver, monkeypatch
):
    from portal.celery import app
    from talentpool import tasks

    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {
        "talentpool.tasks.move_dispatches_on_their_dates",
        "talentpool.tasks.remind_overdue_dispatch_reports",
    } <= scheduled
    talent = TalentFactory()
    request = pending(staff, coordinator, talent)
    with_capacity(talent, request, 4, coordinator)
    move(request, S.APPROVED, prefecture_approver)
    monkeypatch.setattr("talentpool.services.work.today", lambda: request.start_date)
    assert tasks.move_dispatches_on_their_dates.delay().get() == {"started": 1, "ended": 0}
    assert tasks.move_dispatches_on_their_dates.delay().get() == {"started": 0, "ended": 0}
    assert DispatchRequest.objects.get(pk=request.pk).status == S.ACTIVE
    assert tasks.remind_overdue_dispatch_reports.delay().get() == 0


def running(staff, coordinator, prefecture_approver, talent):
    request = pending(staff, coordinator, talent)
    with_capacity(talent, request, 4, coordinator)
    move(request, S.APPROVED, prefecture_approver)
    services.move_assignments_on_their_dates(day=request.start_date)
    return DispatchRequest.objects.get(pk=request.pk)


def test_the_talent_logs_work_and_reports_monthly_and_the_municipality_confirms_and_rates(
    programme, staff, coordinator, prefecture_approver, owned_profile, profiled_talent, monkeypatch
):
    from talentpool.models import Activity, MonthlyReport

    request = running(staff, coordinator, prefecture_approver, owned_profile)
    monkeypatch.setattr("talentpool.services.work.today", lambda: request.end_date)
    services.log_activity(
        request=request,
        date=request.start_date,
        hours=Decimal(3),
        mode="remote",
        description="現状の聞き取り",
        by=profiled_talent,
    )
    with pytest.raises(TalentPoolError, match="期間内"):
        services.log_activity(
            request=request,
            date=request.end_date + datetime.timedelta(days=1),
            hours=Decimal(1),
            mode="remote",
            description="x",
            by=profiled_talent,
        )
    with pytest.raises(TalentPoolError, match="ご本人"):
        services.log_activity(
            request=request,
            date=request.start_date,
            hours=Decimal(1),
            mode="remote",
            description="x",
            by=staff,
        )
    report = services.file_monthly_report(
        request=request, month=request.start_date, summary="計画の骨子", by=profiled_talent
    )
    with pytest.raises(TalentPoolError, match="すでに提出"):
        services.file_monthly_report(
            request=request, month=request.start_date, summary="again", by=profiled_talent
        )
    with pytest.raises(TalentPoolError):
        services.confirm_monthly_report(report=report, by=coordinator)
    services.confirm_monthly_report(report=report, by=staff)
    assert MonthlyReport.objects.get().confirmed_by == staff and Activity.objects.count() == 1

    with pytest.raises(TalentPoolError, match="完了した派遣"):
        services.rate_dispatch(request=request, rating=5, comment="", by=staff)
    services.move_assignments_on_their_dates(day=request.end_date + datetime.timedelta(days=1))
    services.file_completion_report(request=request, report="計画を作成した。", by=profiled_talent)
    move(request, S.COMPLETED, staff)
    services.rate_dispatch(request=request, rating=5, comment="助かりました", by=staff)
    with pytest.raises(TalentPoolError, match="すでに評価"):
        services.rate_dispatch(request=request, rating=4, comment="", by=staff)
    assert DispatchRequest.objects.get(pk=request.pk).rating == 5


def test_a_notification_names_the_status_in_the_readers_language(programme, staff, approver):
    from django.utils import translation

    from portal.notifications import render_title

    request = make_dispatch_request(staff)
    move(request, S.SUBMITTED, staff)
    notification = Notification.objects.get(event="dispatch.your_turn", recipient=approver)
    assert "庁内決裁待ち" in render_title(notification)
    with translation.override("en"):
        assert "Awaiting internal approval" in render_title(notification)


def test_saving_a_form_loaded_before_a_move_does_not_undo_the_move(programme, staff):
    stale = make_dispatch_request(staff)
    # While the form was open, the request was sent and returned for revision.
    DispatchRequest.objects.filter(pk=stale.pk).update(status=S.RETURNED)
    stale.title = "修正した件名"
    services.save_dispatch_request(request=stale, roles=[], by=staff)
    saved = DispatchRequest.objects.get(pk=stale.pk)
    assert (saved.status, saved.title) == (S.RETURNED, "修正した件名")
    DispatchRequest.objects.filter(pk=stale.pk).update(status=S.SCREENING)
    with pytest.raises(TalentPoolError):
        services.save_dispatch_request(request=stale, roles=[], by=staff)
