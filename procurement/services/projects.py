"""Projects: create, edit, plan their stages and move them along through named actions."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import Organisation, Role, User
from portal.notifications import notify
from portal.workflow import require, transition
from procurement import permissions
from procurement.exceptions import ProcurementError
from procurement.models import Participant, Project, StagePlan

EDITABLE = ("title", "category", "description", "method", "contract_model", "questions_close_on")


def lead_people(project: Project) -> list[User]:
    """The people who run the project for its lead body."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=project.lead_body,
            memberships__role__in=permissions.LEAD_ROLES,
        ).distinct()
    )


def municipal_people(municipality_ids, role: str) -> list[User]:
    """Active holders of a municipal role in these municipalities."""
    return list(
        User.objects.filter(
            is_active=True, memberships__organisation_id__in=municipality_ids, memberships__role=role
        ).distinct()
    )


@transaction.atomic
def create_project(*, lead_body: Organisation, by: User, **fields) -> Project:
    """Start a project in 企画 for a lead body the person may lead for."""
    require(
        lead_body in permissions.lead_bodies(by),
        _("この団体の共同調達を作成する権限がありません。"),
        ProcurementError,
    )
    project = Project.objects.create(
        lead_body=lead_body, created_by=by, **{k: fields[k] for k in EDITABLE if k in fields}
    )
    record(project, "procurement.project_created", actor=by, scope=lead_body, data={"title": project.title})
    return project


@transaction.atomic
def update_project(*, project: Project, by: User, changes: dict) -> Project:
    """Change the project's descriptive fields, auditing old and new values."""
    require(
        permissions.can_manage_project(by, project),
        _("この案件を変更する権限がありません。"),
        ProcurementError,
    )
    project = Project.objects.select_for_update().get(pk=project.pk)
    changed = {}
    for name in EDITABLE:
        if name in changes and getattr(project, name) != changes[name]:
            changed[name] = {"old": str(getattr(project, name) or ""), "new": str(changes[name] or "")}
            setattr(project, name, changes[name])
    if changed:
        project.save(update_fields=[*changed, "updated_at"])
        record(project, "procurement.project_changed", actor=by, scope=project.lead_body, data=changed)
    return project


@transaction.atomic
def set_stage_plan(*, project: Project, plan: dict[str, dict], by: User) -> list[StagePlan]:
    """Record each stage's planned dates and visibility (plan: stage -> {starts_on, ends_on, visibility})."""
    require(
        permissions.can_manage_project(by, project),
        _("この案件を変更する権限がありません。"),
        ProcurementError,
    )
    saved = []
    for stage, values in plan.items():
        Project.Status(stage)
        if values.get("starts_on") and values.get("ends_on") and values["ends_on"] < values["starts_on"]:
            raise ProcurementError(
                _("「%(stage)s」の終了予定日が開始予定日より前です。")
                % {"stage": Project.Status(stage).label}
            )
        row, _created = StagePlan.objects.update_or_create(project=project, stage=stage, defaults=values)
        saved.append(row)
    record(
        project,
        "procurement.stages_planned",
        actor=by,
        scope=project.lead_body,
        data={stage: {k: str(v or "") for k, v in values.items()} for stage, values in plan.items()},
    )
    return saved


@transaction.atomic
def change_project_stage(*, project: Project, stage: str, by: User, note: str = "") -> Project:
    """Move the project to the next (or back to the previous) stage. The survey opens only through
    open_survey, which needs the deadline and the eligible municipalities."""
    require(
        permissions.can_manage_project(by, project),
        _("この案件を変更する権限がありません。"),
        ProcurementError,
    )
    if stage == Project.Status.SURVEY and project.status == Project.Status.PLANNING:
        raise ProcurementError(
            _("意向調査は「意向調査を始める」から、回答期限と対象団体を決めて始めてください。")
        )
    project = transition(
        project, to=stage, by=by, verb="procurement.stage_changed", scope=project.lead_body, note=note
    )
    if stage == Project.Status.REQUIREMENTS:
        ask_for_votes(project)
    return project


def ask_for_votes(project: Project, municipality_ids=None) -> None:
    """The joined municipalities' (or these late joiners') staff and approvers vote on the requirement
    items now (by the stage's planned end, when there is one); it sits on their dashboard until they have."""
    plan = StagePlan.objects.filter(project=project, stage=Project.Status.REQUIREMENTS).first()
    ids = municipality_ids or list(
        Participant.objects.joined().filter(project=project).values_list("municipality_id", flat=True)
    )
    notify(
        "procurement.votes_requested",
        target=project,
        recipients={
            *municipal_people(ids, Role.MUNICIPAL_STAFF),
            *municipal_people(ids, Role.MUNICIPAL_APPROVER),
        },
        context={"title": project.title, "deadline": str(plan.ends_on) if plan and plan.ends_on else ""},
    )


@transaction.atomic
def open_survey(
    *,
    project: Project,
    deadline: datetime.date,
    municipalities,
    by: User,
    reminder_days: int = 3,
    note: str = "",
) -> Project:
    """Open the intent survey: invite the eligible municipalities and tell their staff."""
    require(
        permissions.can_manage_project(by, project),
        _("この案件を変更する権限がありません。"),
        ProcurementError,
    )
    municipalities = list(municipalities)
    require(bool(municipalities), _("対象の市区町村を1つ以上選んでください。"), ProcurementError)
    require(
        all(m.is_municipality for m in municipalities),
        _("意向調査の対象は市区町村だけです。"),
        ProcurementError,
    )
    require(deadline >= timezone.localdate(), _("回答期限は今日以降の日付にしてください。"), ProcurementError)
    project = transition(
        project,
        to=Project.Status.SURVEY,
        by=by,
        verb="procurement.survey_opened",
        scope=project.lead_body,
        note=note,
        data={"deadline": str(deadline), "municipalities": [m.lg_code for m in municipalities]},
        changes={
            "survey_deadline": deadline,
            "survey_opened_at": timezone.now(),
            "reminder_days": reminder_days,
        },
        check_permission=True,
    )
    existing = set(project.participants.values_list("municipality_id", flat=True))
    Participant.objects.bulk_create(
        Participant(project=project, municipality=m) for m in municipalities if m.pk not in existing
    )
    invited = project.participants.filter(status=Participant.Status.INVITED).select_related(
        "project", "municipality"
    )
    staff_by_municipality: dict[int, list[User]] = {}
    for user in User.objects.filter(
        is_active=True, memberships__role=Role.MUNICIPAL_STAFF, memberships__organisation__in=municipalities
    ).prefetch_related("memberships"):
        for membership in user.memberships.all():
            if membership.role == Role.MUNICIPAL_STAFF:
                staff_by_municipality.setdefault(membership.organisation_id, []).append(user)
    for participant in invited:
        notify(
            "procurement.survey_opened",
            target=participant,
            recipients=staff_by_municipality.get(participant.municipality_id, []),
            context={
                "title": project.title,
                "deadline": str(deadline),
                "lead": project.lead_body.name,
                "municipality": participant.municipality.name,
            },
        )
    return project
