"""The cost-sharing rule of a project (負担金の按分): total, rounding unit and the weights of
均等割, 人口割 and 利用量割. Shares are never stored: they are computed from the joined
participants by procurement.allocation, so a join or withdrawal recomputes them."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from portal.workflow import Action, Workflow
from procurement.exceptions import ProcurementError
from procurement.models.projects import Project


class CostRule(models.Model):
    class Unit(models.IntegerChoices):
        YEN = 1, _("1円単位")
        THOUSAND = 1000, _("1,000円単位")

    class Measure(models.TextChoices):
        ACCOUNTS = "accounts", _("見込みアカウント数")
        TRANSACTIONS = "transactions", _("見込み年間処理件数")

    project = models.OneToOneField(
        Project, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="cost_rule"
    )
    total_amount = models.PositiveBigIntegerField(_("按分する総額（円）"))
    unit = models.PositiveIntegerField(_("端数処理の単位"), choices=Unit.choices, default=Unit.YEN)
    equal_weight = models.PositiveSmallIntegerField(
        _("均等割（%）"), default=0, validators=[MaxValueValidator(100)]
    )
    population_weight = models.PositiveSmallIntegerField(
        _("人口割（%）"), default=100, validators=[MaxValueValidator(100)]
    )
    volume_weight = models.PositiveSmallIntegerField(
        _("利用量割（%）"), default=0, validators=[MaxValueValidator(100)]
    )
    population_exponent = models.DecimalField(
        _("人口割の逓減指数"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("1.000"),
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("1.000"))],
        help_text=_("負担は人口のこの乗数に比例します。1は人口に比例、0.585なら人口2倍で負担1.5倍。"),
    )
    volume_measure = models.CharField(
        _("利用量の指標"), max_length=20, choices=Measure.choices, default=Measure.ACCOUNTS
    )
    confirm_by = models.DateField(
        _("負担金の確認期限"),
        null=True,
        blank=True,
        help_text=_("参加団体はこの日までに負担金の算定書を確認します。空欄は依頼の日から14日後です。"),
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("負担金の按分ルール")
        verbose_name_plural = _("負担金の按分ルール")
        constraints = [
            models.CheckConstraint(
                name="cost_rule_weights_add_up",
                condition=Q(equal_weight=100 - F("population_weight") - F("volume_weight")),
            ),
            models.CheckConstraint(
                name="cost_rule_total_in_units", condition=Exact(Mod(F("total_amount"), F("unit")), 0)
            ),
            models.CheckConstraint(
                name="cost_rule_exponent_range",
                condition=Q(population_exponent__gt=0) & Q(population_exponent__lte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.total_amount:,}"


class ShareConfirmationQuerySet(models.QuerySet):
    def waiting_for(self, municipality_ids):
        """Sheets of joined municipalities among these still to confirm, oldest request first."""
        from procurement.models.surveys import Participant

        return (
            self.filter(
                status=ShareConfirmation.Status.REQUESTED,
                participant__municipality_id__in=municipality_ids,
                participant__status=Participant.Status.CONFIRMED,
                participant__intent=Participant.Intent.JOIN,
            )
            .select_related("participant__project", "participant__municipality")
            .order_by("waiting_since", "pk")
        )


CONFIRM_SHARE = "procurement.permissions.can_confirm_share"


class ShareConfirmation(Workflow, models.Model):
    """A joined municipality's confirmation of its 負担金 sheet (its share, the rule, the population
    reference date). Asked again, with the old and the new amount, whenever a recomputation changes
    its share."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("確認待ち")
        CONFIRMED = "confirmed", _("確認済み")

    MOVES = {
        Status.REQUESTED: {Status.CONFIRMED},
        Status.CONFIRMED: {Status.REQUESTED},
    }
    ACTIONS = (
        Action(Status.REQUESTED, Status.CONFIRMED, _("負担金を確認した"), CONFIRM_SHARE, primary=True,
               done_message=_("負担金を確認しました。")),
    )  # fmt: skip
    move_error = ProcurementError
    refused_move_message = _("この負担金の確認は「%(from)s」から「%(to)s」にできません。")

    participant = models.OneToOneField(
        "procurement.Participant",
        verbose_name=_("参加団体"),
        on_delete=models.CASCADE,
        related_name="share_confirmation",
    )
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    amount = models.PositiveBigIntegerField(_("確認を求める負担金（円）"))
    previous_amount = models.PositiveBigIntegerField(_("変更前の負担金（円）"), null=True, blank=True)
    reference_date = models.DateField(_("人口の基準日"), null=True, blank=True)
    rule_summary = models.CharField(_("按分ルール"), max_length=200, blank=True)
    deadline = models.DateField(_("確認期限"))
    waiting_since = models.DateTimeField(_("確認を求めた日時"))
    confirmed_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("確認者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("督促日時"), null=True, blank=True)

    objects = ShareConfirmationQuerySet.as_manager()

    class Meta:
        verbose_name = _("負担金の確認")
        verbose_name_plural = _("負担金の確認")
        constraints = [
            models.CheckConstraint(
                name="share_confirmation_confirmed_has_who",
                condition=~Q(status="confirmed") | Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.amount:,}"
