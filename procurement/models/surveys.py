"""The intent survey (意向調査): each eligible municipality's answer, its confirmation, late joining
and withdrawal. One row per municipality and project; its status is who must act next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.dates import today
from portal.models import Organisation, Role
from portal.workflow import Action, Workflow
from procurement.exceptions import ProcurementError
from procurement.models.projects import Project

if TYPE_CHECKING:
    from portal.models import User

P = "procurement.permissions."


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user: User):
        """The lead's managers see every answer of their projects; a municipality sees only its own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        lead_ids = user.scope_ids(
            Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_APPROVER, Role.COUNCIL_SECRETARIAT
        )
        municipal_ids = user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER)
        return self.filter(Q(project__lead_body_id__in=lead_ids) | Q(municipality_id__in=municipal_ids))

    def joined(self):
        """Municipalities whose confirmed answer is to join: the ones who share the cost."""
        return self.filter(status=Participant.Status.CONFIRMED, intent=Participant.Intent.JOIN)

    def for_results(self):
        """With municipality and the people who answered and confirmed, in code order."""
        return self.select_related("municipality", "answered_by", "confirmed_by").order_by(
            "municipality__lg_code"
        )

    def with_votes_due(self, municipality_ids=None):
        """Joined participants of these municipalities (all when None) whose project is at the
        requirements stage and that have items left to vote on: with how many (`due`), since when (the
        oldest such item's creation) and the stage's planned end (`deadline`), oldest first."""
        from procurement.models.projects import StagePlan
        from procurement.models.requirements import Requirement, Vote

        unvoted = Requirement.objects.filter(project=models.OuterRef("project_id")).exclude(
            models.Exists(
                Vote.objects.filter(
                    requirement=models.OuterRef("pk"), participant=models.OuterRef(models.OuterRef("pk"))
                )
            )
        )
        plan = StagePlan.objects.filter(
            project=models.OuterRef("project_id"), stage=Project.Status.REQUIREMENTS
        )
        mine = self if municipality_ids is None else self.filter(municipality_id__in=municipality_ids)
        return (
            mine.joined()
            .filter(project__status=Project.Status.REQUIREMENTS)
            .annotate(
                due=models.Subquery(
                    unvoted.order_by().values("project_id").annotate(n=models.Count("pk")).values("n")[:1]
                ),
                since=models.Subquery(unvoted.order_by("created_at").values("created_at")[:1]),
                deadline=models.Subquery(plan.values("ends_on")[:1]),
            )
            .filter(due__gt=0)
            .select_related("project", "municipality")
            .order_by("since", "pk")
        )

    def waiting_for(self, user: User, status: str, *roles: str):
        """Rows in `status` of the municipalities where the user holds one of `roles`, oldest first."""
        return (
            self.filter(status=status, municipality_id__in=user.scope_ids(*roles))
            .select_related("project", "municipality")
            .order_by("waiting_since", "pk")
        )


class Participant(Workflow, models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("回答待ち")
        ANSWERED = "answered", _("承認者の確認待ち")
        CONFIRMED = "confirmed", _("回答確定")
        LATE_REQUESTED = "late_requested", _("途中参加の承認待ち")
        REFUSED = "refused", _("途中参加を見送り")
        WITHDRAWN = "withdrawn", _("脱退")

    class Intent(models.TextChoices):
        JOIN = "join", _("参加する")
        CONSIDERING = "considering", _("検討中")
        DECLINE = "decline", _("参加しない")

    MOVES = {
        Status.INVITED: {Status.ANSWERED, Status.LATE_REQUESTED},
        Status.ANSWERED: {Status.CONFIRMED, Status.INVITED},
        Status.CONFIRMED: {Status.WITHDRAWN, Status.LATE_REQUESTED},
        Status.LATE_REQUESTED: {Status.CONFIRMED, Status.REFUSED},
        Status.REFUSED: {Status.LATE_REQUESTED},
        Status.WITHDRAWN: {Status.LATE_REQUESTED},
    }
    ACTIONS = (
        Action(Status.ANSWERED, Status.CONFIRMED, _("回答を確定する"), P + "can_confirm_answer", primary=True,
               done_message=_("回答を確定しました。")),
        Action(Status.ANSWERED, Status.INVITED, _("差し戻す"), P + "can_return_answer", needs_reason=True,
               done_message=_("回答を差し戻しました。")),
        Action(Status.CONFIRMED, Status.WITHDRAWN, _("脱退する"), P + "can_withdraw", needs_reason=True,
               done_message=_("脱退を届け出ました。")),
        Action(None, Status.LATE_REQUESTED, _("途中参加を申し出る"), P + "can_request_late_join",
               done_message=_("途中参加を申し出ました。代表団体の承認をお待ちください。")),
        Action(Status.LATE_REQUESTED, Status.CONFIRMED, _("途中参加を認める"), P + "can_decide_late_join",
               primary=True, done_message=_("途中参加を認めました。")),
        Action(Status.LATE_REQUESTED, Status.REFUSED, _("途中参加を見送る"), P + "can_decide_late_join",
               needs_reason=True, done_message=_("途中参加を見送りました。")),
    )  # fmt: skip
    move_error = ProcurementError
    refused_move_message = _("この回答は「%(from)s」から「%(to)s」に進められません。")

    project = models.ForeignKey(
        Project, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="participants"
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("市区町村"),
        on_delete=models.PROTECT,
        related_name="procurement_participations",
    )
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.INVITED)
    intent = models.CharField(_("参加の意向"), max_length=20, choices=Intent.choices, blank=True)
    expected_accounts = models.PositiveIntegerField(_("見込みアカウント数"), null=True, blank=True)
    expected_transactions = models.PositiveIntegerField(_("見込み年間処理件数"), null=True, blank=True)
    budget_secured = models.BooleanField(_("来年度予算の確保"), null=True, blank=True)
    comment = models.TextField(_("コメント"), blank=True)
    answered_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("回答者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("回答日時"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("確定者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("確定日時"), null=True, blank=True)
    joined_late = models.BooleanField(_("途中参加"), default=False)
    withdrawn_on = models.DateField(_("脱退日"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("この状態になった日時"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("督促日時"), null=True, blank=True)
    votes_reminded_at = models.DateTimeField(_("要件の評価を督促した日時"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("意向調査の回答")
        verbose_name_plural = _("意向調査の回答")
        ordering = ["project", "municipality__lg_code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "municipality"], name="participant_once_per_project"),
            models.CheckConstraint(
                name="participant_answer_has_intent",
                condition=~Q(status__in=["answered", "confirmed"]) | ~Q(intent=""),
            ),
            models.CheckConstraint(
                name="participant_withdrawal_has_date",
                condition=~Q(status="withdrawn") | Q(withdrawn_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.municipality}"

    def check_move(self, status: str) -> None:
        stage = self.project.status
        if status == self.Status.ANSWERED:
            if stage != Project.Status.SURVEY:
                raise ProcurementError(_("意向調査の期間ではありません。"))
            if self.project.survey_deadline and today() > self.project.survey_deadline:
                raise ProcurementError(
                    _("回答期限を過ぎています。途中参加として代表団体に申し出てください。")
                )
        if (
            status == self.Status.CONFIRMED
            and self.status == self.Status.ANSWERED
            and stage != Project.Status.SURVEY
        ):
            raise ProcurementError(_("意向調査は終了しています。"))
        if status == self.Status.LATE_REQUESTED:
            if not self.project.is_past_survey:
                raise ProcurementError(_("途中参加は意向調査の終了後に申し出てください。"))
            if self.is_joined:
                raise ProcurementError(_("すでに参加しています。"))
        if status == self.Status.WITHDRAWN and not self.is_joined:
            raise ProcurementError(_("参加していない団体は脱退できません。"))

    @property
    def is_joined(self) -> bool:
        return self.status == self.Status.CONFIRMED and self.intent == self.Intent.JOIN

    @property
    def volume(self) -> int:
        return self.expected_accounts or 0
