"""The intent survey: staff answer, another person confirms, the lead sees the result; reminders,
late joining and withdrawal; every waiting step notifies and sits on the dashboard."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from portal.dates import today
from portal.models import AuditEvent, Notification, Role
from procurement.exceptions import ProcurementError
from procurement.models import Participant, Project
from procurement.services import projects, surveys
from procurement.tasks import send_survey_reminders
from tests.conftest import JINSEKI, KURE, make_user, org
from tests.portal.factories import MembershipFactory, sign_in
from tests.procurement.factories import ANSWER, join, make_project, open_survey, participant


@pytest.fixture
def survey(coordinator, staff, approver):
    return open_survey(make_project(coordinator), coordinator)


def told(user, event: str) -> int:
    return Notification.objects.filter(recipient=user, event=event).count()


def test_opening_the_survey_tells_each_invited_municipalitys_staff(
    coordinator, staff, other_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        open_survey(make_project(coordinator), coordinator)
    assert told(staff, "procurement.survey_opened") == 1
    assert told(other_staff, "procurement.survey_opened") == 0
    (message,) = [m for m in mail.outbox if staff.email in m.to]
    assert "意向調査" in message.subject and "回答期限" in message.body and "神石高原町" in message.body


def test_staff_answer_and_another_person_confirms_and_the_lead_is_told(survey, staff, approver, coordinator):
    answered = surveys.submit_answer(participant=participant(survey), answer=ANSWER, by=staff)
    assert answered.status == Participant.Status.ANSWERED and answered.answered_by == staff
    assert told(approver, "procurement.answer_submitted") == 1
    confirmed = surveys.decide_participant(participant=answered, to=Participant.Status.CONFIRMED, by=approver)
    assert confirmed.is_joined and confirmed.confirmed_by == approver
    assert told(coordinator, "procurement.answer_confirmed") == 1
    verbs = list(AuditEvent.objects.for_target(confirmed).values_list("verb", flat=True))
    assert verbs == ["procurement.answer_confirmed", "procurement.answer_submitted"]


def test_whoever_answered_cannot_confirm_their_own_answer(survey):
    both = make_user("both@jinseki.test", role=Role.MUNICIPAL_STAFF, organisation=org(JINSEKI), mfa=True)
    MembershipFactory(user=both, organisation=org(JINSEKI), role=Role.MUNICIPAL_APPROVER)
    answered = surveys.submit_answer(participant=participant(survey), answer=ANSWER, by=both)
    assert answered.actions_for(both) == [a for a in answered.actions_for(both) if a.to != "confirmed"]
    with pytest.raises(ProcurementError):
        surveys.decide_participant(participant=answered, to=Participant.Status.CONFIRMED, by=both)


def test_staff_cannot_confirm_and_approvers_do_not_answer(survey, staff, approver):
    with pytest.raises(ProcurementError):
        surveys.submit_answer(participant=participant(survey), answer=ANSWER, by=approver)
    answered = surveys.submit_answer(participant=participant(survey), answer=ANSWER, by=staff)
    with pytest.raises(ProcurementError):
        surveys.decide_participant(participant=answered, to=Participant.Status.CONFIRMED, by=staff)


def test_a_returned_answer_needs_a_reason_and_goes_back_to_the_staff(survey, staff, approver):
    answered = surveys.submit_answer(participant=participant(survey), answer=ANSWER, by=staff)
    with pytest.raises(ProcurementError, match="理由"):
        surveys.decide_participant(participant=answered, to=Participant.Status.INVITED, by=approver)
    returned = surveys.decide_participant(
        participant=answered, to=Participant.Status.INVITED, by=approver, note="件数を再確認"
    )
    assert returned.status == Participant.Status.INVITED
    assert told(staff, "procurement.answer_returned") == 1


def test_no_answer_after_the_deadline(survey, staff):
    Project.objects.filter(pk=survey.pk).update(survey_deadline=today() - datetime.timedelta(days=1))
    with pytest.raises(ProcurementError, match="期限"):
        surveys.submit_answer(participant=participant(survey), answer=ANSWER, by=staff)


def test_reminders_go_once_to_whoever_is_waiting_when_the_deadline_is_near(survey, staff, approver):
    surveys.submit_answer(participant=participant(survey, KURE), answer=ANSWER, by=make_kure_staff())
    assert (
        surveys.remind_survey_participants() == 0
    )  # the deadline is 14 days away; reminders start 3 days before
    near = today() + datetime.timedelta(days=12)
    assert surveys.remind_survey_participants(on=near) == 2
    assert surveys.remind_survey_participants(on=near) == 0
    assert told(staff, "procurement.survey_reminder") == 1
    assert told(approver, "procurement.survey_reminder") == 0  # 神石高原町 has not answered yet: staff's turn


def test_the_scheduled_task_reminds_a_survey_closing_within_its_reminder_days(coordinator, staff, approver):
    soon = open_survey(make_project(coordinator), coordinator, days=2)
    assert send_survey_reminders.delay().get() == 2
    assert send_survey_reminders.delay().get() == 0
    assert told(staff, "procurement.survey_reminder") == 1
    assert soon.participants.filter(reminded_at__isnull=True).count() == 0


def make_kure_staff():
    return make_user("staff@kure.test", role=Role.MUNICIPAL_STAFF, organisation=org(KURE))


def test_the_reminder_task_is_in_the_beat_schedule():
    from portal.celery import app

    assert (
        app.conf.beat_schedule["procurement-survey-reminders"]["task"]
        == "procurement.tasks.send_survey_reminders"
    )


def test_a_late_joiner_asks_after_the_survey_and_the_coordinator_decides(
    survey, coordinator, staff, approver
):
    declined = surveys.submit_answer(
        participant=participant(survey), answer={**ANSWER, "intent": "decline"}, by=staff
    )
    declined = surveys.decide_participant(participant=declined, to=Participant.Status.CONFIRMED, by=approver)
    with pytest.raises(ProcurementError):
        surveys.decide_participant(participant=declined, to=Participant.Status.LATE_REQUESTED, by=approver)
    projects.change_project_stage(project=survey, stage=Project.Status.REQUIREMENTS, by=coordinator)
    asked = surveys.decide_participant(
        participant=participant(survey), to=Participant.Status.LATE_REQUESTED, by=approver
    )
    assert told(coordinator, "procurement.late_join_requested") == 1
    with pytest.raises(ProcurementError):
        surveys.decide_participant(participant=asked, to=Participant.Status.CONFIRMED, by=approver)
    joined = surveys.decide_participant(
        participant=participant(survey), to=Participant.Status.CONFIRMED, by=coordinator
    )
    assert joined.is_joined and joined.joined_late
    assert told(approver, "procurement.late_join_decided") == 1


def test_withdrawal_needs_a_reason_and_tells_the_lead(survey, coordinator, staff, approver):
    joined = join(survey, JINSEKI, staff=staff, approver=approver)
    with pytest.raises(ProcurementError):
        surveys.decide_participant(participant=joined, to=Participant.Status.WITHDRAWN, by=approver)
    gone = surveys.decide_participant(
        participant=joined, to=Participant.Status.WITHDRAWN, by=approver, note="予算が認められなかった"
    )
    assert gone.withdrawn_on == today() and not gone.is_joined
    assert told(coordinator, "procurement.participant_withdrawn") == 1


def test_each_waiting_step_is_on_the_dashboard_of_whoever_must_act(
    client, survey, staff, approver, other_staff
):
    sign_in(client, staff)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "回答待ちの意向調査" in page and survey.title in page and "前から" in page
    surveys.submit_answer(participant=participant(survey), answer=ANSWER, by=staff)
    sign_in(client, approver)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "確認待ちの意向調査の回答" in page and survey.title in page
    sign_in(client, other_staff)
    assert survey.title not in client.get(reverse("portal:dashboard")).content.decode()


def test_the_journey_through_the_pages_and_an_outsider_is_refused(
    client, survey, staff, approver, coordinator, other_staff
):
    answer = participant(survey)
    sign_in(client, other_staff)
    assert client.get(reverse("procurement:participant-answer", args=[answer.pk])).status_code == 404
    sign_in(client, staff)
    url = reverse("procurement:participant-answer", args=[answer.pk])
    assert "参加の意向" in client.post(url, {"expected_accounts": "-3"}).content.decode()
    response = client.post(
        url,
        {
            "intent": "join",
            "expected_accounts": "30",
            "expected_transactions": "500",
            "budget_secured": "true",
        },
    )
    assert response.status_code == 302
    sign_in(client, approver)
    detail = client.get(reverse("procurement:project-detail", args=[survey.pk])).content.decode()
    assert "回答を確定する" in detail
    status = reverse("procurement:participant-status", args=[answer.pk])
    assert client.post(status, {"status": "confirmed"}).status_code == 302
    sign_in(client, coordinator)
    detail = client.get(reverse("procurement:project-detail", args=[survey.pk])).content.decode()
    assert "意向調査の結果" in detail and "回答確定" in detail and "参加 1" in detail


def test_municipal_staff_see_only_their_own_answer_not_their_neighbours(client, survey, staff):
    kure = participant(survey, KURE)
    surveys.submit_answer(participant=kure, answer={**ANSWER, "budget_secured": False}, by=make_kure_staff())
    sign_in(client, staff)
    assert client.get(reverse("procurement:participant-answer", args=[kure.pk])).status_code == 404
    page = client.get(reverse("procurement:project-detail", args=[survey.pk])).content.decode()
    assert "呉市" not in page and "意向調査の結果" not in page
