"""The system catalogue (共通SaaS の活用): the systems municipalities run, and which municipality uses
which. A use comes either from a completed joint procurement (derived from its joined participants,
never copied) or from a municipality's own declaration (a SystemUse row, ended rather than deleted)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from procurement.models.projects import Project


class System(models.Model):
    class Kind(models.TextChoices):
        NATIONAL_SAAS = "national_saas", _("国の共通SaaS")
        STANDARD = "standard", _("標準準拠システム")
        OTHER = "other", _("その他")

    name = models.CharField(_("システム名"), max_length=200, unique=True)
    category = models.CharField(_("システムの分類"), max_length=20, choices=Project.Category.choices)
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    vendor_name = models.CharField(_("提供事業者"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    is_demo = models.BooleanField(
        _("デモデータ"),
        default=False,
        help_text=_("デモ用に登録した項目です（実際の利用状況ではありません）。"),
    )

    class Meta:
        verbose_name = _("システム")
        verbose_name_plural = _("システム")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class SystemUse(models.Model):
    """A municipality's own statement that it uses a system, from `started_on` until `ended_on`."""

    system = models.ForeignKey(
        System, verbose_name=_("システム"), on_delete=models.CASCADE, related_name="declared_uses"
    )
    municipality = models.ForeignKey(
        Organisation, verbose_name=_("利用団体"), on_delete=models.PROTECT, related_name="+"
    )
    declared_by = models.ForeignKey(
        "portal.User", verbose_name=_("登録者"), on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    ended_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("終了の登録者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("利用終了の登録日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("システムの利用")
        verbose_name_plural = _("システムの利用")
        constraints = [
            models.UniqueConstraint(
                fields=["system", "municipality"],
                condition=Q(ended_at__isnull=True),
                name="system_use_one_current_per_municipality",
            ),
            models.CheckConstraint(
                name="system_use_ended_by_someone",
                condition=Q(ended_at__isnull=True) | Q(ended_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.system}"
