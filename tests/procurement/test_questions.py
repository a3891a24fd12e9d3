"""Clarification Q&A: participants ask until the deadline, the lead answers, and the answers are
published to everyone at once without the asking municipality's name."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from portal.dates import today
from portal.models import Notification
from procurement.exceptions import ProcurementError
from procurement.models import Project, Question, Visibility
from procurement.services import projects, questions
from tests.conftest import JINSEKI, KURE
from tests.portal.factories import sign_in
from tests.procurement.factories import join, make_project, open_survey, participant, set_visibility


@pytest.fixture
def project(coordinator, staff, approver):
    project = open_survey(make_project(coordinator), coordinator)
    join(project, JINSEKI, staff=staff, approver=approver)
    project = projects.change_project_stage(
        project=project, stage=Project.Status.REQUIREMENTS, by=coordinator
    )
    return projects.update_project(
        project=project, by=coordinator, changes={"questions_close_on": today() + datetime.timedelta(days=5)}
    )


def test_a_participant_asks_and_the_lead_is_told(project, staff, coordinator):
    question = questions.ask_question(participant=participant(project), text="移行費用は含みますか", by=staff)
    assert question.number == 1 and question.asked_for.lg_code == JINSEKI
    assert Notification.objects.filter(recipient=coordinator, event="procurement.question_asked").count() == 1


def test_no_questions_after_the_deadline_or_from_a_municipality_that_has_not_joined(
    project, staff, coordinator
):
    with pytest.raises(ProcurementError):
        questions.ask_question(participant=participant(project, KURE), text="?", by=staff)
    Project.objects.filter(pk=project.pk).update(questions_close_on=today() - datetime.timedelta(days=1))
    with pytest.raises(ProcurementError):
        questions.ask_question(participant=participant(project), text="?", by=staff)


def test_answers_are_published_at_once_without_the_askers_name(
    client, project, staff, approver, coordinator, other_staff
):
    question = questions.ask_question(participant=participant(project), text="移行費用は含みますか", by=staff)
    questions.answer_question(question=question, answer="契約金額に含まれます", by=coordinator)
    url = reverse("procurement:question-list", args=[project.pk])
    sign_in(client, staff)
    page = client.get(url).content.decode()
    assert "移行費用は含みますか" in page and "契約金額に含まれます" not in page
    with pytest.raises(ProcurementError):
        questions.publish_answers(project=project, by=staff)
    assert questions.publish_answers(project=project, by=coordinator) == 1
    assert Notification.objects.filter(recipient=approver, event="procurement.answers_published").exists()
    with pytest.raises(ProcurementError):
        questions.answer_question(
            question=Question.objects.get(pk=question.pk), answer="変更", by=coordinator
        )
    set_visibility(project, Visibility.LOCAL_GOVERNMENTS)
    sign_in(client, other_staff)
    page = client.get(url).content.decode()
    assert "移行費用は含みますか" in page and "契約金額に含まれます" in page and "神石高原町" not in page


def test_the_pages_ask_answer_and_publish(client, project, staff, coordinator, other_staff):
    sign_in(client, other_staff)
    assert client.get(reverse("procurement:question-list", args=[project.pk])).status_code == 404
    sign_in(client, staff)
    client.post(reverse("procurement:question-create", args=[project.pk]), {"text": "研修は含みますか"})
    question = Question.objects.get(project=project)
    sign_in(client, coordinator)
    page = client.get(reverse("procurement:question-list", args=[project.pk])).content.decode()
    assert "神石高原町" in page  # the lead sees who asked
    client.post(
        reverse("procurement:question-answer", args=[question.pk]), {f"q{question.pk}-answer": "含みます"}
    )
    response = client.post(reverse("procurement:question-publish", args=[project.pk]), follow=True)
    assert "1件の回答を公表しました" in response.content.decode()
    assert Question.objects.published().get().answer == "含みます"
