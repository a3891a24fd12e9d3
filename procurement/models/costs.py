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
