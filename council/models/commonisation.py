"""共通化: candidates for commonisation move 候補 → 効果検証 → 実現可能性調査 → 推進方針案 → 同意 → 推進,
or leave the pipeline for a prefecture's joint procurement or are 見送り; each step keeps its decision
and the meeting where it was taken. A candidate routed to joint procurement names the procurement
projects that realise it by their id only: the council learns of them through
procurement.services.links, never through procurement's models."""

from __future__ import annotations

from django.db import models
from django.db.models import Max, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from council.models.audience import (
    Audience,
    AudienceFields,
    CouncilError,
    reach_of,
    reason_required,
    released_to,
)
from council.models.bodies import Body
from council.models.meetings import Meeting
from portal.labels import choice_label
from portal.models import Organisation
from portal.workflow import Action, Workflow

MANAGE = "council.permissions.can_manage_candidate"


class CandidateQuerySet(models.QuerySet):
    def visible_to(self, user, now=None):
        """Candidates this person may read: the secretariat all of its council's; others those
        released to their audience (members-only ones to the council's members)."""
        from portal.models import Role

        if user is not None and user.is_authenticated and user.is_superuser:
            return self
        reach = reach_of(user, council_id=-1)
        shown = released_to(reach, now)
        if user is None or not user.is_authenticated:
            return self.filter(shown)
        members_of = user.scope_ids(Role.COUNCIL_MEMBER)
        shown |= Q(body__council_id__in=members_of) & released_to([*reach, Audience.MEMBERS], now)
        own = Q(body__council_id__in=user.scope_ids(Role.COUNCIL_SECRETARIAT))
        return self.filter(shown | own)

    def for_list_page(self):
        """With the proposer and the time of the latest step, in the pipeline's order."""
        return (
            self.select_related("body", "proposer")
            .annotate(last_step_at=Max("steps__decided_at"))
            .order_by("-updated_at", "-pk")
        )

    def in_progress(self):
        return self.exclude(status__in=Candidate.FINISHED)


def _forward_moves(order: list, exits: set) -> dict:
    """Each stage before the last moves on to the next one, or out of the pipeline."""
    return {stage: {order[i + 1], *exits} for i, stage in enumerate(order[:-1])}


def _forward_actions(order: list) -> tuple[Action, ...]:
    """「…に進める」 to the next stage, with the decision that was taken (required)."""
    return tuple(
        Action(
            stage,
            order[i + 1],
            format_lazy(_("「{stage}」に進める"), stage=order[i + 1].label),
            MANAGE,
            needs_reason=True,
            primary=True,
            done_message=format_lazy(_("「{stage}」に進めました。"), stage=order[i + 1].label),
        )
        for i, stage in enumerate(order[:-1])
    )


class Candidate(Workflow, AudienceFields):
    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("候補")
        EFFECT = "effect", _("効果検証")
        FEASIBILITY = "feasibility", _("実現可能性調査")
        POLICY = "policy", _("推進方針案")
        CONSENTED = "consented", _("同意")
        PROMOTING = "promoting", _("推進")
        JOINT_PROCUREMENT = "joint_procurement", _("都道府県の共同調達へ")
        DROPPED = "dropped", _("見送り")

    PIPELINE = [
        Status.CANDIDATE,
        Status.EFFECT,
        Status.FEASIBILITY,
        Status.POLICY,
        Status.CONSENTED,
        Status.PROMOTING,
    ]
    EXITS = {Status.JOINT_PROCUREMENT, Status.DROPPED}
    FINISHED = (Status.PROMOTING, Status.JOINT_PROCUREMENT, Status.DROPPED)
    # Forward one step, or out of the pipeline before 推進; a 推進方針案 may be sent back for more
    # study, and a candidate that was 見送り may be taken up again.
    MOVES = {
        **_forward_moves(PIPELINE, EXITS),
        Status.POLICY: {Status.CONSENTED, Status.FEASIBILITY, *EXITS},
        Status.DROPPED: {Status.CANDIDATE},
    }
    ACTIONS = (
        *_forward_actions(PIPELINE),
        Action(
            Status.POLICY,
            Status.FEASIBILITY,
            _("実現可能性調査に差し戻す"),
            MANAGE,
            needs_reason=True,
            done_message=_("共通化候補を実現可能性調査に差し戻しました。"),
        ),
        Action(
            None,
            Status.JOINT_PROCUREMENT,
            _("都道府県の共同調達へ回す"),
            MANAGE,
            needs_reason=True,
            done_message=_("共通化候補を都道府県の共同調達へ回しました。"),
        ),
        Action(
            None,
            Status.DROPPED,
            _("見送る"),
            MANAGE,
            needs_reason=True,
            done_message=_("共通化候補を見送りました。"),
        ),
        Action(
            Status.DROPPED,
            Status.CANDIDATE,
            _("候補として再検討する"),
            MANAGE,
            needs_reason=True,
            done_message=_("共通化候補を再検討することにしました。"),
        ),
    )
    move_error = CouncilError
    refused_move_message = _("この共通化候補は「%(from)s」から「%(to)s」に変更できません。")

    body = models.ForeignKey(
        Body, verbose_name=_("会議体"), on_delete=models.PROTECT, related_name="candidates"
    )
    title = models.CharField(_("候補名"), max_length=200)
    description = models.TextField(_("概要"), max_length=20000)
    proposer = models.ForeignKey(
        Organisation,
        verbose_name=_("提案団体"),
        on_delete=models.PROTECT,
        related_name="council_candidates",
    )
    status = models.CharField(_("段階"), max_length=20, choices=Status.choices, default=Status.CANDIDATE)
    created_by = models.ForeignKey(
        "portal.User", verbose_name=_("登録者"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("共通化候補")
        verbose_name_plural = _("共通化候補")
        ordering = ["body", "pk"]
        constraints = [reason_required("council_candidate_reason_if_not_public")]

    def __str__(self) -> str:
        return self.title

    @property
    def stage_index(self) -> int | None:
        """Where it stands in the pipeline (None once it left it)."""
        return self.PIPELINE.index(self.status) if self.status in self.PIPELINE else None


class CandidateStep(models.Model):
    """One decision on a candidate: the move, what was decided and the meeting where it was."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("共通化候補"), on_delete=models.CASCADE, related_name="steps"
    )
    from_status = models.CharField(_("変更前"), max_length=20, choices=Candidate.Status.choices, blank=True)
    to_status = models.CharField(_("変更後"), max_length=20, choices=Candidate.Status.choices)
    decision = models.TextField(_("決定内容"), max_length=2000)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("決定した会議"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidate_steps",
    )
    decided_by = models.ForeignKey(
        "portal.User", verbose_name=_("記録者"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("共通化候補の経過")
        verbose_name_plural = _("共通化候補の経過")
        ordering = ["candidate", "decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.candidate}: {choice_label(self, 'to_status')}"


class CandidateProject(models.Model):
    """A procurement project that realises a candidate routed to joint procurement (by id)."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("共通化候補"), on_delete=models.CASCADE, related_name="project_links"
    )
    project_id = models.PositiveIntegerField(_("共同調達案件"))
    linked_by = models.ForeignKey(
        "portal.User", verbose_name=_("登録者"), on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("共通化候補の共同調達案件")
        verbose_name_plural = _("共通化候補の共同調達案件")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "project_id"], name="council_candidate_project_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → #{self.project_id}"
