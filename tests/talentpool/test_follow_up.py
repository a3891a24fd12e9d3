"""The follow-up survey in the fiscal year after a completed dispatch, and reminders for every step
left waiting (beat tasks, idempotent per day)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent, Notification, Role
from talentpool import services
from talentpool.models import Assignment, DispatchRequest, FollowUpSurvey, Proposal, TalentPoolError
from tests.conftest import OKAYAMA, SHINJO, make_user, org
from tests.portal.factories import sign_in
from tests.talentpool.factories import TalentFactory, make_dispatch_request, make_programme

S = DispatchRequest.Status
pytestmark = pytest.mark.django_db
APRIL = datetime.date(2027, 4, 1)  # the first day of FY2027


def dispatched(
    staff, approver, *, status=S.COMPLETED, end=datetime.date(2027, 2, 26), programme=None, **fields
):
    """A dispatch of 神石高原町 in FY2026, with its assignment."""
    programme = programme or make_programme(year=2026)
    request = make_dispatch_request(
        staff, status=status, talent=TalentFactory(), start_date=end.replace(day=1), end_date=end, **fields
    )
    Assignment.objects.create(
        request=request,
        talent=request.talent,
        programme=programme,
        start_date=request.start_date,
        end_date=request.end_date,
        days=2,
        unit_cost_yen=1,
        cost_yen=2,
        national_yen=1,
        prefecture_yen=1,
        municipality_yen=0,
        approved_by=approver,
    )
    return request


@pytest.fixture
def fy2026(reference_data):
    return make_programme(year=2026)


def test_each_completed_dispatch_of_last_year_gets_one_survey_asked_to_the_municipality(
    fy2026, staff, approver, prefecture_approver
):
    completed = dispatched(staff, prefecture_approver, programme=fy2026, title="完了した派遣")
    dispatched(staff, prefecture_approver, programme=fy2026, status=S.REPORTING, title="報告待ち")
    dispatched(
        staff,
        prefecture_approver,
        programme=fy2026,
        end=datetime.date(2027, 4, 20),
        title="今年度に終わった派遣",
    )

    assert services.ask_follow_up_surveys(day=datetime.date(2027, 3, 31)) == 0  # still FY2026
    assert services.ask_follow_up_surveys(day=APRIL) == 1
    assert services.ask_follow_up_surveys(day=APRIL) == 0
    assert services.ask_follow_up_surveys(day=APRIL + datetime.timedelta(days=1)) == 0

    survey = FollowUpSurvey.objects.get()
    assert survey.assignment.request == completed and survey.fiscal_year == 2027
    told = set(Notification.objects.filter(event="dispatch.follow_up").values_list("recipient", flat=True))
    assert told == {staff.pk, approver.pk}
    assert (
        AuditEvent.objects.filter(verb="dispatch.follow_up_asked", target_id=str(completed.pk)).count() == 1
    )


def test_the_follow_up_tasks_are_in_the_beat_schedule():
    from portal.celery import app

    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {
        "talentpool.tasks.ask_follow_up_surveys",
        "talentpool.tasks.remind_waiting_dispatch_steps",
    } <= scheduled


def test_the_municipality_answers_through_the_form_once_and_the_dashboard_shows_it_until_then(
    client, fy2026, staff, coordinator, prefecture_approver, other_staff
):
    request = dispatched(staff, prefecture_approver, programme=fy2026)
    services.ask_follow_up_surveys(day=APRIL)
    url = reverse("talentpool:dispatch-follow-up", args=[request.pk])
    sign_in(client, staff)
    assert url in client.get(reverse("portal:dashboard")).content.decode()
    assert url in client.get(reverse("talentpool:dispatch-detail", args=[request.pk])).content.decode()
    # Nothing typed is lost on an error, and the message says what is missing.
    page = client.post(url, {"outcome": "", "further_needs": "データ活用の研修"}).content.decode()
    assert "データ活用の研修" in page and "このフィールドは必須です" in page
    response = client.post(
        url, {"lasting": "partly", "outcome": "申請の7割がオンラインに", "further_needs": ""}
    )
    assert response.status_code == 302
    survey = FollowUpSurvey.objects.get()
    assert (survey.lasting, survey.outcome, survey.answered_by) == (
        "partly",
        "申請の7割がオンラインに",
        staff,
    )
    assert AuditEvent.objects.filter(verb="dispatch.follow_up_answered", actor=staff).exists()
    assert url not in client.get(reverse("portal:dashboard")).content.decode()
    assert "申請の7割がオンラインに" in client.get(url).content.decode()
    assert client.post(url, {"lasting": "no", "outcome": "x"}).status_code == 403
    with pytest.raises(TalentPoolError, match="回答済み"):
        services.answer_follow_up_survey(survey=survey, lasting="no", outcome="x", further_needs="", by=staff)
    # The prefecture reads the answer; it does not answer; outsiders do not see it.
    sign_in(client, coordinator)
    assert "申請の7割がオンラインに" in client.get(url).content.decode()
    sign_in(client, other_staff)
    assert client.get(url).status_code == 404


def test_only_the_municipality_answers(client, fy2026, staff, coordinator, prefecture_approver):
    request = dispatched(staff, prefecture_approver, programme=fy2026)
    services.ask_follow_up_surveys(day=APRIL)
    sign_in(client, coordinator)
    url = reverse("talentpool:dispatch-follow-up", args=[request.pk])
    assert "市町村の回答を待っています" in client.get(url).content.decode()
    assert client.post(url, {"lasting": "yes", "outcome": "x"}).status_code == 403
    with pytest.raises(TalentPoolError, match="派遣を受けた団体"):
        services.answer_follow_up_survey(
            survey=FollowUpSurvey.objects.get(), lasting="yes", outcome="x", further_needs="", by=coordinator
        )


def test_an_unanswered_survey_is_chased_after_two_weeks_then_weekly_once_a_day(
    fy2026, staff, approver, prefecture_approver
):
    dispatched(staff, prefecture_approver, programme=fy2026)
    services.ask_follow_up_surveys(day=APRIL)
    asked = timezone.localdate(FollowUpSurvey.objects.get().asked_at)
    Notification.objects.all().delete()
    days = {
        n: services.remind_unanswered_surveys(day=asked + datetime.timedelta(days=n))
        for n in (13, 14, 15, 21)
    }
    assert days == {13: 0, 14: 1, 15: 0, 21: 1}
    assert services.remind_unanswered_surveys(day=asked + datetime.timedelta(days=21)) == 0
    assert Notification.objects.filter(event="dispatch.follow_up", recipient=approver).count() == 2


def waiting(staff, status, days_ago, **fields):
    request = make_dispatch_request(staff, status=status, **fields)
    DispatchRequest.objects.filter(pk=request.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return request


def reminded(request):
    return set(
        Notification.objects.filter(event="dispatch.reminder", target_id=str(request.pk)).values_list(
            "recipient", flat=True
        )
    )


def test_every_waiting_step_reminds_whoever_must_act_once_a_day(
    reference_data, staff, approver, coordinator, prefecture_approver, profiled_talent, other_staff
):
    today = timezone.localdate()
    submitted = waiting(staff, S.SUBMITTED, 3, submitted_by=staff)
    screening = waiting(staff, S.SCREENING, 7)
    returned = waiting(staff, S.RETURNED, 14)
    ranking = waiting(staff, S.MATCHING, 7, title="順位待ち")
    asking = waiting(staff, S.MATCHING, 7, title="回答待ち")
    for rank, request in enumerate((ranking, asking), start=1):
        Proposal.objects.create(
            request=request, talent=profiled_talent.talent_profile, rank=rank, proposed_by=coordinator
        )
    Proposal.objects.filter(request=asking).update(status=Proposal.Status.ASKED)
    pending = waiting(staff, S.PENDING_APPROVAL, 5, submitted_by=coordinator, talent=TalentFactory())
    confirming = waiting(staff, S.REPORTING, 7, report_filed_at=timezone.now(), title="確認待ち")
    unfiled = waiting(staff, S.REPORTING, 7, title="報告書の提出待ち")  # its own reminder (report deadline)
    fresh = waiting(staff, S.SCREENING, 2)
    okayama = make_user("approver@okayama.test", role=Role.PREFECTURE_APPROVER, organisation=org(OKAYAMA))
    lent = waiting(
        other_staff, S.PENDING_APPROVAL, 5, municipality=org(SHINJO), talent=profiled_talent.talent_profile
    )

    assert services.remind_waiting_steps(day=today) == 8
    assert services.remind_waiting_steps(day=today) == 0

    assert reminded(submitted) == {approver.pk}
    assert reminded(screening) == {coordinator.pk}
    assert reminded(returned) == {staff.pk}
    assert reminded(ranking) == {staff.pk}
    assert reminded(asking) == {profiled_talent.pk}
    assert reminded(pending) == {prefecture_approver.pk}
    assert reminded(confirming) == {staff.pk}
    assert reminded(unfiled) == reminded(fresh) == set()
    # A lent talent's request waits for the home prefecture's consent, not the requesting approver.
    assert reminded(lent) == {coordinator.pk, prefecture_approver.pk} and okayama.pk not in reminded(lent)
    # The next day nothing new is overdue; a week later the same steps are chased again.
    assert services.remind_waiting_steps(day=today + datetime.timedelta(days=1)) == 0
    assert services.remind_waiting_steps(day=today + datetime.timedelta(days=7)) == 8


def test_the_follow_up_page_is_flat(
    client, fy2026, staff, prefecture_approver, django_assert_max_num_queries
):
    first = dispatched(staff, prefecture_approver, programme=fy2026)
    services.ask_follow_up_surveys(day=APRIL)
    sign_in(client, staff)
    url = reverse("talentpool:dispatch-follow-up", args=[first.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _n in range(3):
        dispatched(staff, prefecture_approver, programme=fy2026)
    services.ask_follow_up_surveys(day=APRIL + datetime.timedelta(days=1))
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
