"""A joint procurement project (共同調達案件): its lead body, method, stages and who may see each stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.labels import choice_label
from portal.models import Organisation, Role
from portal.workflow import Action, Workflow
from procurement.exceptions import ProcurementError

if TYPE_CHECKING:
    from portal.models import User

MANAGE = "procurement.permissions.can_manage_project"


class Visibility(models.TextChoices):
    PARTICIPANTS = "participants", _("参加団体のみ")
    LOCAL_GOVERNMENTS = "local", _("すべての地方公共団体")
    PUBLIC = "public", _("一般に公告")


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user: User):
        """Projects this person may see: the lead's managers and participants always; everyone else
        only while the current stage's plan opens it to all local governments or to the public."""
        current = StagePlan.objects.filter(project=OuterRef("pk"), stage=OuterRef("status"))
        public = Q(Exists(current.filter(visibility=Visibility.PUBLIC)))
        if not user.is_authenticated:
            return self.filter(public)
        if user.is_superuser:
            return self
        lead_ids = user.scope_ids(
            Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_APPROVER, Role.COUNCIL_SECRETARIAT
        )
        municipal_ids = user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER)
        from procurement.models.surveys import Participant

        mine = Exists(Participant.objects.filter(project=OuterRef("pk"), municipality_id__in=municipal_ids))
        condition = public | Q(lead_body_id__in=lead_ids) | Q(mine)
        if any(m.organisation.kind in Organisation.LOCAL_KINDS for m in user.role_memberships):
            condition |= Q(Exists(current.filter(visibility=Visibility.LOCAL_GOVERNMENTS)))
        return self.filter(condition)

    def for_list_page(self):
        """With the lead body and participant count, newest first."""
        from procurement.models.surveys import Participant

        joined = Q(
            participants__status=Participant.Status.CONFIRMED, participants__intent=Participant.Intent.JOIN
        )
        return (
            self.select_related("lead_body")
            .annotate(participant_count=models.Count("participants", filter=joined))
            .order_by("-created_at", "-pk")
        )

    def open_data(self):
        """Completed joint procurements (contract signed or later, award recorded) whose current stage
        is public, with the lead, the award, the joined municipalities and whether a specification may
        be shared; newest award first."""
        from procurement.models.documents import Document
        from procurement.models.surveys import Participant

        public = StagePlan.objects.filter(
            project=OuterRef("pk"), stage=OuterRef("status"), visibility=Visibility.PUBLIC
        )
        shareable = Document.objects.filter(
            project=OuterRef("pk"), kind=Document.Kind.SPECIFICATION, shareable=True
        )
        joined = Participant.objects.joined().select_related("municipality").order_by("municipality__lg_code")
        return (
            self.filter(Exists(public), status__in=Project.COMPLETED, award__isnull=False)
            .select_related("lead_body", "award")
            .annotate(specification_shareable=Exists(shareable))
            .prefetch_related(models.Prefetch("participants", queryset=joined, to_attr="joined"))
            .order_by("-award__awarded_on", "-pk")
        )

    def sharing_by_population(self, municipality_ids):
        """Projects whose 負担金 still matter (Project.SHARES_MATTER), whose cost rule weighs population,
        and that one of these municipalities has joined (one query, each project once)."""
        from procurement.models.surveys import Participant

        joined = Participant.objects.joined().filter(
            project=OuterRef("pk"), municipality_id__in=municipality_ids
        )
        return self.filter(
            Exists(joined), status__in=Project.SHARES_MATTER, cost_rule__population_weight__gt=0
        ).select_related("lead_body")


def _linear_moves(order: list) -> dict:
    """Each stage moves on to the next, or back to the previous one (never out of 終了)."""
    return {
        stage: {order[i + 1]} | ({order[i - 1]} if i > 0 else set()) for i, stage in enumerate(order[:-1])
    }


def _stage_actions(order: list, *, elsewhere: tuple = ()) -> tuple[Action, ...]:
    """「…に進める」 to the next stage; 「…に戻す」 (with a reason) to the previous one. A move in
    `elsewhere` has a page of its own (opening the survey needs its deadline and municipalities), so
    it is not offered as a button."""
    actions = []
    for i, stage in enumerate(order[:-1]):
        after = order[i + 1]
        if (stage, after) in elsewhere:
            continue
        actions.append(
            Action(
                stage,
                after,
                format_lazy(_("「{stage}」に進める"), stage=after.label),
                MANAGE,
                primary=True,
                done_message=format_lazy(_("「{stage}」に進めました。"), stage=after.label),
            )
        )
        if i > 0:
            before = order[i - 1]
            actions.append(
                Action(
                    stage,
                    before,
                    format_lazy(_("「{stage}」に戻す"), stage=before.label),
                    MANAGE,
                    needs_reason=True,
                    done_message=format_lazy(_("「{stage}」に戻しました。"), stage=before.label),
                )
            )
    return tuple(actions)


class Project(Workflow, models.Model):
    class Category(models.TextChoices):
        GENERAL_AFFAIRS = "general_affairs", _("総務部門")
        BUSINESS = "business", _("事業部門")
        TOOL = "tool", _("ツール")

    class Method(models.TextChoices):
        COMPETITIVE = "competitive", _("一般競争入札（総合評価）")
        PROPOSAL = "proposal", _("公募型プロポーザル")
        DMP = "dmp", _("DMPカタログからの調達")

    class ContractModel(models.TextChoices):
        LEAD_SIGNS = "lead_signs", _("代表団体が契約する")
        EACH_SIGNS = "each_signs", _("参加団体がそれぞれ契約する")

    class Status(models.TextChoices):
        PLANNING = "planning", _("企画")
        SURVEY = "survey", _("意向調査")
        REQUIREMENTS = "requirements", _("要件の共通化")
        RFI = "rfi", _("意見招請（RFI）")
        SPECIFICATION = "specification", _("仕様書")
        TENDER = "tender", _("入札・公募")
        AWARD = "award", _("落札・選定")
        CONTRACT = "contract", _("契約")
        OPERATION = "operation", _("運用")
        CLOSED = "closed", _("終了")

    ORDER = list(Status)
    COMPLETED = (Status.CONTRACT, Status.OPERATION, Status.CLOSED)
    # Until the contracts are signed a share can still change what each municipality budgets and
    # signs for, so a new population asks its approver again; from 運用 on, the signed amounts stand
    # (a later year's split is a new rule the coordinator sets, which asks again by itself).
    SHARES_MATTER = tuple(ORDER[: ORDER.index(Status.CONTRACT) + 1])
    MOVES = _linear_moves(ORDER)
    ACTIONS = _stage_actions(ORDER, elsewhere=((Status.PLANNING, Status.SURVEY),))
    move_error = ProcurementError
    refused_move_message = _("案件の段階は「%(from)s」から「%(to)s」に進められません。")

    lead_body = models.ForeignKey(
        Organisation,
        verbose_name=_("代表団体"),
        on_delete=models.PROTECT,
        related_name="led_procurements",
        limit_choices_to={"kind__in": [Organisation.Kind.PREFECTURE, Organisation.Kind.COUNCIL]},
    )
    title = models.CharField(_("案件名"), max_length=200)
    category = models.CharField(_("システムの分類"), max_length=20, choices=Category.choices)
    description = models.TextField(_("概要"), blank=True)
    method = models.CharField(_("調達方式"), max_length=20, choices=Method.choices)
    contract_model = models.CharField(_("契約の形"), max_length=20, choices=ContractModel.choices)
    status = models.CharField(_("段階"), max_length=20, choices=Status.choices, default=Status.PLANNING)
    survey_deadline = models.DateField(_("意向調査の回答期限"), null=True, blank=True)
    survey_opened_at = models.DateTimeField(_("意向調査の開始日時"), null=True, blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("期限の何日前に督促するか"),
        default=3,
        help_text=_("未回答・未確定の団体に期限前に一度だけ知らせます。"),
    )
    questions_close_on = models.DateField(
        _("質問の受付期限"),
        null=True,
        blank=True,
        help_text=_("参加団体はこの日まで質問できます。空欄は受け付けません。"),
    )
    system = models.ForeignKey(
        "procurement.System",
        verbose_name=_("調達するシステム"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        help_text=_("システムカタログの項目。契約以降、参加団体はこのシステムの利用団体として載ります。"),
    )
    created_by = models.ForeignKey(
        "portal.User", verbose_name=_("作成者"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("共同調達案件")
        verbose_name_plural = _("共同調達案件")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="project_survey_has_deadline",
                condition=Q(status="planning") | Q(survey_deadline__isnull=False),
            ),
            models.CheckConstraint(name="project_reminder_days_sane", condition=Q(reminder_days__lte=60)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_past_survey(self) -> bool:
        """After the survey (and before the end): late joining is asked of the coordinator."""
        return (
            self.ORDER.index(self.status) > self.ORDER.index(self.Status.SURVEY)
            and self.status != self.Status.CLOSED
        )


class StagePlan(models.Model):
    """The planned dates of one stage of a project and who may see the project during it."""

    project = models.ForeignKey(
        Project, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="stage_plans"
    )
    stage = models.CharField(_("段階"), max_length=20, choices=Project.Status.choices)
    starts_on = models.DateField(_("開始予定日"), null=True, blank=True)
    ends_on = models.DateField(_("終了予定日"), null=True, blank=True)
    visibility = models.CharField(
        _("公開範囲"), max_length=20, choices=Visibility, default=Visibility.PARTICIPANTS
    )

    class Meta:
        verbose_name = _("段階の予定")
        verbose_name_plural = _("段階の予定")
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="stage_plan_once_per_stage"),
            models.CheckConstraint(
                name="stage_plan_ends_after_start",
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {choice_label(self, 'stage')}"
