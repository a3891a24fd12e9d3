"""Vendors' public question form at the tender stage: no account, before the question deadline,
rate-limited per address and per IP, answered by the lead and published without the company's name."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from portal.dates import today
from portal.models import AuditEvent
from procurement.models import Project, Question
from procurement.services import projects, questions
from tests.portal.factories import sign_in
from tests.procurement.factories import make_project, open_survey, set_visibility

GOOD = {
    "vendor_name": "株式会社入札テスト",
    "vendor_email": "Sales@Example.co.jp",
    "text": "既存データの移行は範囲に含まれますか",
}


@pytest.fixture
def tender(coordinator):
    project = open_survey(make_project(coordinator, title="入札中の案件"), coordinator)
    for stage in Project.ORDER[2:6]:
        project = projects.change_project_stage(project=project, stage=stage, by=coordinator)
    assert project.status == Project.Status.TENDER
    set_visibility(project, "public")
    Project.objects.filter(pk=project.pk).update(questions_close_on=today() + datetime.timedelta(days=3))
    project.refresh_from_db()
    return project


def _send(client, project, **changes):
    return client.post(reverse("procurement:vendor-question-create", args=[project.pk]), {**GOOD, **changes})


def test_a_vendor_asks_without_an_account_and_the_lead_sees_the_company(client, tender, coordinator):
    response = _send(client, tender)
    assert response.status_code == 302
    question = Question.objects.get(project=tender)
    assert (question.vendor_name, question.vendor_email) == ("株式会社入札テスト", "sales@example.co.jp")
    assert question.asked_for is None and question.asked_by is None and question.from_vendor
    assert AuditEvent.objects.filter(verb="procurement.vendor_question_asked").count() == 1
    sign_in(client, coordinator)
    html = client.get(reverse("procurement:question-list", args=[tender.pk])).content.decode()
    assert "株式会社入札テスト" in html and "sales@example.co.jp" in html


def test_published_answers_keep_the_vendor_anonymous(tender, coordinator):
    question = questions.ask_vendor_question(project=tender, ip="192.0.2.1", **GOOD)
    questions.answer_question(question=question, answer="含まれます。", by=coordinator)
    questions.publish_answers(project=tender, by=coordinator)
    html = Client().get(reverse("procurement:question-list", args=[tender.pk])).content.decode()
    assert "既存データの移行は範囲に含まれますか" in html and "含まれます。" in html
    assert "株式会社入札テスト" not in html and "example.co.jp" not in html


def test_errors_are_in_japanese_and_keep_what_was_typed(client, tender):
    response = _send(client, tender, vendor_email="")
    assert response.status_code == 200
    html = response.content.decode()
    assert "連絡先メールアドレスを入力してください。" in html
    assert "株式会社入札テスト" in html and "既存データの移行は範囲に含まれますか" in html
    response = _send(client, tender, vendor_email="not-an-address")
    assert "メールアドレスの形式で入力してください" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize("change", ["deadline_passed", "not_tender"])
def test_no_questions_outside_the_tender_window(client, tender, coordinator, change):
    if change == "deadline_passed":
        Project.objects.filter(pk=tender.pk).update(questions_close_on=today() - datetime.timedelta(days=1))
    else:
        projects.change_project_stage(project=tender, stage=Project.Status.AWARD, by=coordinator)
        set_visibility(tender, "public", stage=Project.Status.AWARD)
    page = client.get(reverse("procurement:vendor-question-form", args=[tender.pk])).content.decode()
    assert (
        "この案件は現在、事業者からの質問を受け付けていません。" in page and 'name="vendor_email"' not in page
    )
    response = _send(client, tender)
    assert response.status_code == 200 and "株式会社入札テスト" in response.content.decode()
    assert not Question.objects.exists()


def test_rate_limited_per_address(client, tender):
    for _ in range(questions.VENDOR_LIMIT_PER_EMAIL):
        assert _send(client, tender).status_code == 302
    response = _send(client, tender, vendor_email="SALES@example.co.jp")
    assert "1時間ほど待ってから" in response.content.decode()
    assert Question.objects.count() == questions.VENDOR_LIMIT_PER_EMAIL
    assert _send(client, tender, vendor_email="other@example.co.jp").status_code == 302


def test_rate_limited_per_ip(client, tender, monkeypatch):
    monkeypatch.setattr(questions, "VENDOR_LIMIT_PER_IP", 2)
    for i in range(2):
        assert _send(client, tender, vendor_email=f"v{i}@example.co.jp").status_code == 302
    response = _send(client, tender, vendor_email="v9@example.co.jp")
    assert "1時間ほど待ってから" in response.content.decode()
    assert Question.objects.count() == 2


def test_csrf_is_kept(tender):
    strict = Client(enforce_csrf_checks=True)
    assert _send(strict, tender).status_code == 403
    assert not Question.objects.exists()


def test_a_project_that_is_not_public_has_no_form(client, tender):
    set_visibility(tender, "participants")
    assert client.get(reverse("procurement:vendor-question-form", args=[tender.pk])).status_code == 404
    assert _send(client, tender).status_code == 404
