"""Requirement items the lead drafts, and each joined municipality's vote on each (must / want /
not needed, with a comment). Who voted what is kept on the vote and in the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.labels import choice_label
from portal.models import Role
from portal.workflow import Action, Workflow
from procurement.exceptions import ProcurementError
from procurement.models.projects import Project
from procurement.models.surveys import Participant

if TYPE_CHECKING:
    from portal.models import User


class RequirementQuerySet(models.QuerySet):
    def undecided_by_project(self, lead_ids):
        """Per project of these lead bodies in a deciding stage: how many items await adopt / merge /
        drop, and since when (the oldest one's creation), oldest first."""
        return (
            self.filter(
                status=Requirement.Status.PROPOSED,
                project__lead_body_id__in=lead_ids,
                project__status__in=DECIDING_STAGES,
            )
            .values("project_id", "project__title")
            .annotate(count=models.Count("pk"), since=models.Min("created_at"))
            .order_by("since", "project_id")
        )

    def for_matrix(self, *, municipalities: bool = False):
        """With every vote (its choice, comment and voter's name; with `municipalities`, also its
        participant's municipality), who decided it and where it was merged to, in section and number
        order. The matrix leaves the municipality out: its columns already hold them, and loading
        four objects per cell was most of the page's time."""
        votes = Vote.objects.select_related("voted_by").only(
            "requirement", "participant", "choice", "comment", "voted_by__full_name", "voted_by__email"
        )
        if municipalities:
            votes = Vote.objects.select_related("participant__municipality", "voted_by")
        return (
            self.select_related("merged_into", "decided_by")
            .prefetch_related(models.Prefetch("votes", queryset=votes))
            .order_by("section", "number", "pk")
        )


DECIDE = "procurement.permissions.can_decide_requirement"


class Requirement(Workflow, models.Model):
    """One requirement item. The lead adopts, merges or drops it (each with the reason, kept on the row
    and in the audit trail); the adopted ones are the specification's lines."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("検討中")
        ADOPTED = "adopted", _("採用")
        MERGED = "merged", _("統合")
        DROPPED = "dropped", _("不採用")

    MOVES = {
        Status.PROPOSED: {Status.ADOPTED, Status.MERGED, Status.DROPPED},
        Status.ADOPTED: {Status.PROPOSED},
        Status.MERGED: {Status.PROPOSED},
        Status.DROPPED: {Status.PROPOSED},
    }
    ACTIONS = (
        Action(Status.PROPOSED, Status.ADOPTED, _("採用する"), DECIDE, needs_reason=True, primary=True,
               done_message=_("要件を採用しました。")),
        Action(Status.PROPOSED, Status.MERGED, _("統合する"), DECIDE, needs_reason=True,
               done_message=_("要件を統合しました。")),
        Action(Status.PROPOSED, Status.DROPPED, _("不採用にする"), DECIDE, needs_reason=True,
               done_message=_("要件を不採用にしました。")),
        Action(None, Status.PROPOSED, _("検討中に戻す"), DECIDE, needs_reason=True,
               done_message=_("要件を検討中に戻しました。")),
    )  # fmt: skip
    move_error = ProcurementError
    refused_move_message = _("この要件は「%(from)s」から「%(to)s」にできません。")

    project = models.ForeignKey(
        Project, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="requirements"
    )
    section = models.CharField(_("区分"), max_length=100, help_text=_("例: 申請受付、職員の審査、外部連携"))
    number = models.PositiveIntegerField(_("番号"))
    text = models.TextField(_("要件"), max_length=2000)
    created_by = models.ForeignKey(
        "portal.User", verbose_name=_("作成者"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    status = models.CharField(_("扱い"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("統合先の要件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_sources",
    )
    decision_reason = models.CharField(_("判断の理由"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("判断した人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("判断日時"), null=True, blank=True)

    objects = RequirementQuerySet.as_manager()

    class Meta:
        verbose_name = _("要件")
        verbose_name_plural = _("要件")
        ordering = ["project", "section", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="requirement_number_once"),
            models.CheckConstraint(
                name="requirement_merged_has_target",
                condition=(Q(status="merged") & Q(merged_into__isnull=False))
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
            ),
            models.CheckConstraint(
                name="requirement_not_merged_into_itself", condition=~Q(merged_into=models.F("pk"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:40]}"

    def check_move(self, status: str) -> None:
        if self.project.status not in DECIDING_STAGES:
            raise ProcurementError(_("要件の採否は「要件の共通化」から「仕様書」の段階で決めます。"))
        consolidation = Consolidation.objects.filter(project=self.project_id).first()
        if consolidation and consolidation.status in (
            Consolidation.Status.SUBMITTED,
            Consolidation.Status.PUBLISHED,
        ):
            raise ProcurementError(
                _("要件の取りまとめは「%(status)s」です。採否はもう変えられません。")
                % {"status": choice_label(consolidation, "status")}
            )


DECIDING_STAGES = (Project.Status.REQUIREMENTS, Project.Status.RFI, Project.Status.SPECIFICATION)


class VoteQuerySet(models.QuerySet):
    def visible_to(self, user: User):
        """The lead sees every vote; a municipality sees only its own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        lead_ids = user.scope_ids(
            Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_APPROVER, Role.COUNCIL_SECRETARIAT
        )
        municipal_ids = user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER)
        return self.filter(
            Q(requirement__project__lead_body_id__in=lead_ids)
            | Q(participant__municipality_id__in=municipal_ids)
        )


class Vote(models.Model):
    class Choice(models.TextChoices):
        MUST = "must", pgettext_lazy("requirement vote", "必須")
        WANT = "want", pgettext_lazy("requirement vote", "希望")
        NOT_NEEDED = "not_needed", pgettext_lazy("requirement vote", "不要")

    requirement = models.ForeignKey(
        Requirement, verbose_name=_("要件"), on_delete=models.CASCADE, related_name="votes"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("参加団体"), on_delete=models.CASCADE, related_name="votes"
    )
    choice = models.CharField(_("評価"), max_length=20, choices=Choice.choices)
    comment = models.CharField(_("コメント"), max_length=500, blank=True)
    voted_by = models.ForeignKey(
        "portal.User", verbose_name=_("回答者"), on_delete=models.PROTECT, related_name="+"
    )
    voted_at = models.DateTimeField(_("回答日時"), auto_now=True)

    objects = VoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("要件への評価")
        verbose_name_plural = _("要件への評価")
        constraints = [
            models.UniqueConstraint(fields=["requirement", "participant"], name="vote_once_per_participant"),
            models.CheckConstraint(
                name="vote_choice_known", condition=Q(choice__in=["must", "want", "not_needed"])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement} — {self.participant.municipality}: {choice_label(self, 'choice')}"


APPROVE_CONSOLIDATION = "procurement.permissions.can_approve_consolidation"
SUBMIT_CONSOLIDATION = "procurement.permissions.can_submit_consolidation"


class Consolidation(Workflow, models.Model):
    """The lead's consolidation of the requirements (the adopted, merged and dropped items and the
    votes behind them). One person asks for its approval; another approves it, which publishes it to
    the participants; until then a municipality sees only its own votes."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("取りまとめ中")
        SUBMITTED = "submitted", _("承認待ち")
        RETURNED = "returned", _("差戻し")
        PUBLISHED = "published", _("公表済み")

    MOVES = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.PUBLISHED, Status.RETURNED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.PUBLISHED: set(),
    }
    ACTIONS = (
        Action(Status.DRAFT, Status.SUBMITTED, _("取りまとめの承認を依頼する"), SUBMIT_CONSOLIDATION,
               primary=True, done_message=_("取りまとめの承認を依頼しました。")),
        Action(Status.RETURNED, Status.SUBMITTED, _("取りまとめの承認を依頼する"), SUBMIT_CONSOLIDATION,
               primary=True, done_message=_("取りまとめの承認を依頼しました。")),
        Action(Status.SUBMITTED, Status.PUBLISHED, _("取りまとめを承認して公表する"), APPROVE_CONSOLIDATION,
               primary=True, done_message=_("取りまとめを承認し、参加団体に公表しました。")),
        Action(Status.SUBMITTED, Status.RETURNED, _("取りまとめを差し戻す"), APPROVE_CONSOLIDATION,
               needs_reason=True, done_message=_("取りまとめを差し戻しました。")),
    )  # fmt: skip
    move_error = ProcurementError
    refused_move_message = _("要件の取りまとめは「%(from)s」から「%(to)s」にできません。")

    project = models.OneToOneField(
        Project, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="consolidation"
    )
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("承認を依頼した人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("承認を依頼した日時"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("承認・差戻しをした人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("公表日時"), null=True, blank=True)
    return_reason = models.CharField(_("差戻しの理由"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("要件の取りまとめ")
        verbose_name_plural = _("要件の取りまとめ")
        constraints = [
            models.CheckConstraint(
                name="consolidation_submitted_has_submitter",
                condition=Q(status="draft") | Q(submitted_by__isnull=False),
            ),
            models.CheckConstraint(
                name="consolidation_published_has_date",
                condition=~Q(status="published") | Q(published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {choice_label(self, 'status')}"

    def check_move(self, status: str) -> None:
        if self.project.status not in DECIDING_STAGES:
            raise ProcurementError(_("要件の取りまとめは「要件の共通化」から「仕様書」の段階で行います。"))
        if (
            status == self.Status.SUBMITTED
            and self.project.requirements.filter(status=Requirement.Status.PROPOSED).exists()
        ):
            raise ProcurementError(_("採否が未定の要件があります。すべて決めてから承認を依頼してください。"))

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
