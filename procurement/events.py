"""How joint procurement plugs into the portal: audit verbs, notification events, dashboard
sections, menu entries, the beat schedule and the receiver of portal's population_applied signal
(imported from ProcurementConfig.ready())."""

from __future__ import annotations

from celery.schedules import crontab
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from portal.celery import app as celery_app
from portal.dates import today
from portal.labels import choice_label
from portal.models import Role
from portal.navigation import NavItem
from portal.navigation import register as register_nav
from portal.registry import (
    Category,
    Event,
    population_applied,
    register_category,
    register_dashboard,
    register_event,
    register_verb,
)
from procurement import permissions

for verb, label in {
    "procurement.project_created": gettext_lazy("共同調達案件を作成"),
    "procurement.project_changed": gettext_lazy("共同調達案件を変更"),
    "procurement.stages_planned": gettext_lazy("段階の予定と公開範囲を変更"),
    "procurement.stage_changed": gettext_lazy("共同調達案件の段階を変更"),
    "procurement.survey_opened": gettext_lazy("意向調査を開始"),
    "procurement.answer_submitted": gettext_lazy("意向調査に回答"),
    "procurement.answer_confirmed": gettext_lazy("意向調査の回答を確定"),
    "procurement.answer_returned": gettext_lazy("意向調査の回答を差戻し"),
    "procurement.participant_withdrawn": gettext_lazy("共同調達から脱退"),
    "procurement.late_join_requested": gettext_lazy("途中参加を申出"),
    "procurement.late_join_refused": gettext_lazy("途中参加を見送り"),
    "procurement.cost_rule_set": gettext_lazy("負担金の按分ルールを設定"),
    "procurement.requirement_added": gettext_lazy("要件を追加"),
    "procurement.requirement_voted": gettext_lazy("要件に評価を回答"),
    "procurement.requirement_decided": gettext_lazy("要件の採否を決定"),
    "procurement.document_added": gettext_lazy("調達文書を登録"),
    "procurement.document_versioned": gettext_lazy("調達文書の新しい版を登録"),
    "procurement.document_shared": gettext_lazy("仕様書を他の都道府県と共有"),
    "procurement.document_unshared": gettext_lazy("仕様書の共有を取りやめ"),
    "procurement.question_asked": gettext_lazy("質問を受付"),
    "procurement.vendor_question_asked": gettext_lazy("事業者からの質問を受付"),
    "procurement.question_answered": gettext_lazy("質問に回答"),
    "procurement.answers_published": gettext_lazy("質問への回答を公表"),
    "procurement.award_recorded": gettext_lazy("落札・選定の結果を記録"),
    # The registry's verb kept its name when the registry moved here from the talent pool.
    "vendor.saved": pgettext_lazy("audit", "ベンダー・シビックテックの情報を保存"),
    "procurement.contract_recorded": gettext_lazy("契約を記録"),
    "procurement.meeting_recorded": gettext_lazy("参加団体の会議を記録"),
    "procurement.system_use_declared": gettext_lazy("システムの利用を登録"),
    "procurement.system_use_ended": gettext_lazy("システムの利用終了を登録"),
    "procurement.share_confirmation_requested": gettext_lazy("負担金の確認を依頼"),
    "procurement.share_recomputed": gettext_lazy("負担金の再計算で確認を再依頼"),
    "procurement.share_confirmed": gettext_lazy("負担金を確認"),
    "procurement.consolidation_submitted": gettext_lazy("要件の取りまとめの承認を依頼"),
    "procurement.consolidation_published": gettext_lazy("要件の取りまとめを承認・公表"),
    "procurement.consolidation_returned": gettext_lazy("要件の取りまとめを差戻し"),
}.items():
    register_verb(verb, label)

register_category(Category("procurement", gettext_lazy("共同調達")))


def _question_may_receive(user, question) -> bool:
    return permissions.can_manage_project(user, question.project)


def _published_may_receive(user, project) -> bool:
    from procurement.models import Project

    return Project.objects.visible_to(user).filter(pk=project.pk).exists()


register_event(
    Event(
        "procurement.question_asked",
        "procurement",
        may_receive=_question_may_receive,
        url=lambda question: reverse("procurement:question-list", args=[question.project_id]),
    )
)
register_event(
    Event(
        "procurement.answers_published",
        "procurement",
        may_receive=_published_may_receive,
        url=lambda project: reverse("procurement:question-list", args=[project.pk]),
    )
)


def _project_reader_may_receive(user, project) -> bool:
    from procurement.models import Project

    return Project.objects.visible_to(user).filter(pk=project.pk).exists()


register_event(
    Event(
        "procurement.votes_requested",
        "procurement",
        may_receive=_project_reader_may_receive,
        url=lambda project: reverse("procurement:requirement-list", args=[project.pk]),
    )
)


register_event(
    Event(
        "procurement.votes_reminder",
        "procurement",
        may_receive=_project_reader_may_receive,
        url=lambda project: reverse("procurement:requirement-list", args=[project.pk]),
    )
)


def _share_url(confirmation) -> str:
    participant = confirmation.participant
    return reverse("procurement:share-sheet", args=[participant.project_id, participant.municipality.lg_code])


for key in ("procurement.share_confirmation_requested", "procurement.share_reminder"):
    register_event(
        Event(
            key,
            "procurement",
            may_receive=lambda user, confirmation: permissions.is_participant_member(
                user, confirmation.participant
            ),
            url=_share_url,
        )
    )


def _matrix_url(consolidation) -> str:
    return reverse("procurement:requirement-matrix", args=[consolidation.project_id])


register_event(
    Event(
        "procurement.consolidation_submitted",
        "procurement",
        may_receive=lambda user, consolidation: permissions.can_see_results(user, consolidation.project),
        url=_matrix_url,
    )
)
register_event(
    Event(
        "procurement.consolidation_returned",
        "procurement",
        may_receive=lambda user, consolidation: permissions.can_manage_project(user, consolidation.project),
        url=_matrix_url,
    )
)
register_event(
    Event(
        "procurement.consolidation_published",
        "procurement",
        may_receive=lambda user, consolidation: _project_reader_may_receive(user, consolidation.project),
        url=lambda consolidation: reverse("procurement:specification", args=[consolidation.project_id]),
    )
)


def _document_may_receive(user, document) -> bool:
    from procurement.models import Document

    return Document.objects.visible_to(user).filter(pk=document.pk).exists()


register_event(
    Event(
        "procurement.document_published",
        "procurement",
        may_receive=_document_may_receive,
        url=lambda document: reverse("procurement:document-list", args=[document.project_id]),
    )
)


def _participant_url(participant) -> str:
    return reverse("procurement:project-detail", args=[participant.project_id])


def _lead_may_receive(user, participant) -> bool:
    return permissions.can_manage_project(user, participant.project)


def _municipality_may_receive(user, participant) -> bool:
    return permissions.is_participant_member(user, participant)


for key, may_receive in {
    "procurement.survey_opened": _municipality_may_receive,
    "procurement.survey_reminder": _municipality_may_receive,
    "procurement.answer_submitted": _municipality_may_receive,
    "procurement.answer_returned": _municipality_may_receive,
    "procurement.late_join_decided": _municipality_may_receive,
    "procurement.answer_confirmed": _lead_may_receive,
    "procurement.late_join_requested": _lead_may_receive,
    "procurement.participant_withdrawn": _lead_may_receive,
}.items():
    register_event(Event(key, "procurement", may_receive=may_receive, url=_participant_url))


def _item(participant, meta: str) -> dict:
    return {
        "label": _("%(title)s（%(municipality)s）")
        % {"title": participant.project.title, "municipality": participant.municipality.display_name},
        "url": reverse("procurement:project-detail", args=[participant.project_id]),
        "meta": meta,
        "since": participant.waiting_since,
    }


def _deadline(participant) -> str:
    deadline = participant.project.survey_deadline
    if not deadline:
        return ""
    return _("回答期限 %(date)s（あと%(days)d日）") % {
        "date": deadline.isoformat(),
        "days": (deadline - today()).days,
    }


@register_dashboard
def procurement_sections(request) -> list[dict]:
    """Survey answers waiting for this person: to answer, to confirm, or a late joiner to decide."""
    from procurement.models import Participant, Project

    user = request.user
    sections = []
    waiting = Participant.objects.filter(project__status=Project.Status.SURVEY)
    if user.scope_ids(Role.MUNICIPAL_STAFF):
        rows = waiting.waiting_for(user, Participant.Status.INVITED, Role.MUNICIPAL_STAFF)[:10]
        sections.append(
            {
                "title": _("回答待ちの意向調査"),
                "items": [_item(p, _deadline(p)) for p in rows],
                "empty": _("回答待ちの意向調査はありません。"),
                "more_url": reverse("procurement:project-list"),
            }
        )
    if user.scope_ids(Role.MUNICIPAL_APPROVER):
        rows = waiting.waiting_for(user, Participant.Status.ANSWERED, Role.MUNICIPAL_APPROVER)[:10]
        sections.append(
            {
                "title": _("確認待ちの意向調査の回答"),
                "items": [_item(p, _deadline(p)) for p in rows],
                "empty": _("確認待ちの回答はありません。"),
            }
        )
    lead_ids = user.scope_ids(*permissions.LEAD_ROLES)
    if lead_ids:
        rows = (
            Participant.objects.filter(
                status=Participant.Status.LATE_REQUESTED, project__lead_body_id__in=lead_ids
            )
            .select_related("project", "municipality")
            .order_by("waiting_since", "pk")[:10]
        )
        sections.append(
            {
                "title": _("承認待ちの途中参加"),
                "items": [_item(p, choice_label(p.project, "status")) for p in rows],
                "empty": _("承認待ちの途中参加はありません。"),
            }
        )
    if lead_ids:
        from procurement.models import Question

        questions = (
            Question.objects.unanswered()
            .filter(project__lead_body_id__in=lead_ids)
            .select_related("project")
            .order_by("asked_at", "pk")[:10]
        )
        sections.append(
            {
                "title": _("回答待ちの質問"),
                "items": [
                    {
                        "label": _("%(title)s 質問%(number)d")
                        % {"title": q.project.title, "number": q.number},
                        "url": reverse("procurement:question-list", args=[q.project_id]),
                        "meta": "",
                        "since": q.asked_at,
                    }
                    for q in questions
                ],
                "empty": _("回答待ちの質問はありません。"),
            }
        )
    sections += _requirement_sections(user, lead_ids)
    sections += _approval_sections(user)
    return sections


def _until(deadline) -> str:
    if not deadline:
        return ""
    return _("期限 %(date)s（あと%(days)d日）") % {
        "date": deadline.isoformat(),
        "days": (deadline - today()).days,
    }


def _requirement_sections(user, lead_ids) -> list[dict]:
    """Requirement items to vote on (a joined municipality's staff and approver) and to decide on
    (the lead)."""
    from procurement.models import Participant, Requirement

    sections = []
    municipal_ids = user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER)
    if municipal_ids:
        rows = Participant.objects.with_votes_due(municipal_ids)[:10]
        sections.append(
            {
                "title": _("評価待ちの要件"),
                "items": [
                    {
                        "label": _("%(title)s（%(municipality)s）: 未評価 %(count)d件")
                        % {
                            "title": p.project.title,
                            "municipality": p.municipality.display_name,
                            "count": p.due,
                        },
                        "url": reverse("procurement:requirement-list", args=[p.project_id]),
                        "meta": _until(p.deadline),
                        "since": p.since,
                    }
                    for p in rows
                ],
                "empty": _("評価待ちの要件はありません。"),
            }
        )
    if lead_ids:
        rows = Requirement.objects.undecided_by_project(lead_ids)[:10]
        sections.append(
            {
                "title": _("採否が未定の要件"),
                "items": [
                    {
                        "label": _("%(title)s: 未定 %(count)d件")
                        % {"title": r["project__title"], "count": r["count"]},
                        "url": reverse("procurement:requirement-matrix", args=[r["project_id"]]),
                        "meta": "",
                        "since": r["since"],
                    }
                    for r in rows
                ],
                "empty": _("採否が未定の要件はありません。"),
            }
        )
    return sections


def _approval_sections(user) -> list[dict]:
    """負担金 sheets to confirm (a joined municipality's approver) and consolidations of requirements to
    approve (the lead's coordinators and the prefecture's approver, never the person who asked)."""
    from procurement.models import Consolidation, ShareConfirmation

    sections = []
    approver_ids = user.scope_ids(Role.MUNICIPAL_APPROVER)
    if approver_ids:
        rows = ShareConfirmation.objects.waiting_for(approver_ids)[:10]
        sections.append(
            {
                "title": _("確認待ちの負担金"),
                "items": [
                    {
                        "label": _("%(title)s（%(municipality)s）: %(amount)s円")
                        % {
                            "title": c.participant.project.title,
                            "municipality": c.participant.municipality.display_name,
                            "amount": f"{c.amount:,}",
                        },
                        "url": _share_url(c),
                        "meta": _until(c.deadline),
                        "since": c.waiting_since,
                    }
                    for c in rows
                ],
                "empty": _("確認待ちの負担金はありません。"),
            }
        )
    body_ids = user.scope_ids(*permissions.LEAD_ROLES, Role.PREFECTURE_APPROVER)
    if body_ids:
        rows = (
            Consolidation.objects.filter(
                status=Consolidation.Status.SUBMITTED, project__lead_body_id__in=body_ids
            )
            .exclude(submitted_by=user)
            .select_related("project", "submitted_by")
            .order_by("submitted_at", "pk")[:10]
        )
        sections.append(
            {
                "title": _("承認待ちの要件の取りまとめ"),
                "items": [
                    {
                        "label": c.project.title,
                        "url": _matrix_url(c),
                        "meta": _("依頼: %(name)s") % {"name": c.submitted_by.full_name},
                        "since": c.submitted_at,
                    }
                    for c in rows
                ],
                "empty": _("承認待ちの要件の取りまとめはありません。"),
            }
        )
    return sections


register_nav(NavItem(gettext_lazy("共同調達"), "procurement:project-list", lambda user: True))


def _population_applied(sender, population_import, organisation_ids, by, **kwargs) -> None:
    """A new population changes 人口割 shares: ask the approvers again (in a task, so a nationwide
    import does not wait for every project; sent after the import committed)."""
    if not organisation_ids:
        return
    from procurement.tasks import reconfirm_shares_after_population

    reconfirm_shares_after_population.delay(population_import.pk, sorted(organisation_ids), by.pk)


population_applied.connect(_population_applied, dispatch_uid="procurement.population_applied")


def _register_demo() -> None:
    from portal.demo import register_demo
    from procurement.demo import seed_catalogue

    register_demo(seed_catalogue)


_register_demo()

# CELERY_TIMEZONE is Asia/Tokyo: 07:30 JST, before the morning digest.
celery_app.conf.beat_schedule["procurement-survey-reminders"] = {
    "task": "procurement.tasks.send_survey_reminders",
    "schedule": crontab(hour=7, minute=30),
}
celery_app.conf.beat_schedule["procurement-vote-reminders"] = {
    "task": "procurement.tasks.send_vote_reminders",
    "schedule": crontab(hour=7, minute=35),
}
celery_app.conf.beat_schedule["procurement-share-reminders"] = {
    "task": "procurement.tasks.send_share_reminders",
    "schedule": crontab(hour=7, minute=40),
}
