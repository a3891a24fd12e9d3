"""The award (落札・選定) of a project: supplier, initial and annual amount, date."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from procurement.models.projects import Project


class Award(models.Model):
    project = models.OneToOneField(
        Project, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="award"
    )
    supplier_name = models.CharField(_("事業者名"), max_length=200)
    supplier_number = models.CharField(
        _("法人番号"),
        max_length=13,
        blank=True,
        validators=[RegexValidator(r"^\d{13}$", _("法人番号は13桁の数字です。"))],
    )
    initial_amount = models.PositiveBigIntegerField(_("初期費用（円）"))
    annual_amount = models.PositiveBigIntegerField(_("年間運用費用（円）"))
    awarded_on = models.DateField(_("決定日"))
    recorded_by = models.ForeignKey(
        "portal.User", verbose_name=_("記録者"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("記録日時"), auto_now=True)

    class Meta:
        verbose_name = _("落札・選定の結果")
        verbose_name_plural = _("落札・選定の結果")

    def __str__(self) -> str:
        return f"{self.project}: {self.supplier_name}"
