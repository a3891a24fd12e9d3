"""Clarification Q&A: a participant (or, at the tender stage, a vendor without an account) asks, the
lead answers, and publishes every answer at once."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import Role, User
from portal.notifications import notify
from portal.workflow import require
from procurement import permissions
from procurement.exceptions import ProcurementError
from procurement.models import Participant, Project, Question
from procurement.services.projects import lead_people, municipal_people


@transaction.atomic
def ask_question(*, participant: Participant, text: str, by: User) -> Question:
    """A joined municipality asks before the deadline; the lead is told, and only the lead sees who asked."""
    require(
        permissions.can_ask_question(by, participant), _("この案件には今は質問できません。"), ProcurementError
    )
    project = Project.objects.select_for_update().get(pk=participant.project_id)  # numbers one at a time
    number = (project.questions.aggregate(last=Max("number"))["last"] or 0) + 1
    question = Question.objects.create(
        project=project, number=number, asked_for=participant.municipality, asked_by=by, text=text.strip()
    )
    record(question, "procurement.question_asked", actor=by, scope=project.lead_body, data={"number": number})
    notify(
        "procurement.question_asked",
        target=question,
        recipients=lead_people(project),
        context={"title": project.title, "number": number},
    )
    return question


# A vendor's public form: at most this many questions per hour from one address and from one IP.
VENDOR_LIMIT_PER_EMAIL = 5
VENDOR_LIMIT_PER_IP = 20
VENDOR_LIMIT_SECONDS = 3600


def _within_limit(key: str, limit: int) -> bool:
    """Count one more attempt under `key` in the shared cache (like the sign-in rate limits)."""
    cache.add(key, 0, VENDOR_LIMIT_SECONDS)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, VENDOR_LIMIT_SECONDS)
        return True


@transaction.atomic
def ask_vendor_question(
    *, project: Project, vendor_name: str, vendor_email: str, text: str, ip: str | None
) -> Question:
    """A vendor asks through the public form while the project is out to tender; the lead is told.
    Limited per address and per IP; the company is shown to the lead only, never when published."""
    require(
        permissions.vendors_may_ask(project),
        _("この案件は現在、事業者からの質問を受け付けていません。"),
        ProcurementError,
    )
    email = vendor_email.strip().lower()
    by_email = _within_limit(
        f"procurement:vendor-q:email:{hashlib.sha256(email.encode()).hexdigest()}", VENDOR_LIMIT_PER_EMAIL
    )
    by_ip = _within_limit(f"procurement:vendor-q:ip:{ip or 'unknown'}", VENDOR_LIMIT_PER_IP)
    require(
        by_email and by_ip,
        _("短い時間に多くの質問が送られました。1時間ほど待ってからもう一度お試しください。"),
        ProcurementError,
    )
    project = Project.objects.select_for_update().get(pk=project.pk)
    number = (project.questions.aggregate(last=Max("number"))["last"] or 0) + 1
    question = Question.objects.create(
        project=project, number=number, vendor_name=vendor_name.strip(), vendor_email=email, text=text.strip()
    )
    record(question, "procurement.vendor_question_asked", scope=project.lead_body, data={"number": number})
    notify(
        "procurement.question_asked",
        target=question,
        recipients=lead_people(project),
        context={"title": project.title, "number": number},
    )
    return question


@transaction.atomic
def answer_question(*, question: Question, answer: str, by: User) -> Question:
    """The lead writes (or rewrites, until published) the answer to one question."""
    require(
        permissions.can_manage_project(by, question.project),
        _("この質問に回答する権限がありません。"),
        ProcurementError,
    )
    question = Question.objects.select_for_update().get(pk=question.pk)
    require(question.published_at is None, _("公表済みの回答は変更できません。"), ProcurementError)
    old = question.answer
    question.answer, question.answered_by, question.answered_at = answer.strip(), by, timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    record(
        question,
        "procurement.question_answered",
        actor=by,
        scope=question.project.lead_body,
        data={"old": old},
    )
    return question


@transaction.atomic
def publish_answers(*, project: Project, by: User) -> int:
    """Publish every answered, unpublished question at once and tell the participants; returns how many."""
    require(
        permissions.can_manage_project(by, project),
        _("この案件を変更する権限がありません。"),
        ProcurementError,
    )
    now = timezone.now()
    count = project.questions.filter(published_at__isnull=True, answered_at__isnull=False).update(
        published_at=now
    )
    require(count > 0, _("公表できる回答がありません。"), ProcurementError)
    record(project, "procurement.answers_published", actor=by, scope=project.lead_body, data={"count": count})
    joined = Participant.objects.joined().filter(project=project).values_list("municipality_id", flat=True)
    people = {
        *municipal_people(joined, Role.MUNICIPAL_STAFF),
        *municipal_people(joined, Role.MUNICIPAL_APPROVER),
        *lead_people(project),
    }
    notify(
        "procurement.answers_published",
        target=project,
        recipients=people,
        context={"title": project.title, "count": count},
    )
    return count
