"""The skill taxonomies as data: DSS-P and MIC types, roles, support themes and proficiency levels."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Taxonomy(models.TextChoices):
    DSS_P = "dss_p", _("DX推進スキル標準（DSS-P）")
    MIC = "mic", _("自治体DX推進のための外部人材スキル標準（総務省）")


class Named(models.Model):
    """Reference rows with a Japanese and an English name, shown in the reader's language."""

    code = models.SlugField(_("コード"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("名称（英語）"), max_length=200)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") and self.name_en else self.name


class SkillType(Named):
    """A DSS-P 人材類型, or the MIC standard's group of 人材像."""

    taxonomy = models.CharField(_("スキル標準"), max_length=10, choices=Taxonomy)

    class Meta(Named.Meta):
        verbose_name = _("人材類型")
        verbose_name_plural = _("人材類型")


class SkillRole(Named):
    """A DSS-P ロール or an MIC 人材像: what a talent's proficiency is rated on."""

    type = models.ForeignKey(
        SkillType, verbose_name=_("人材類型"), on_delete=models.PROTECT, related_name="roles"
    )

    class Meta(Named.Meta):
        verbose_name = _("ロール")
        verbose_name_plural = _("ロール")


class SupportTheme(Named):
    """A theme a municipality asks help for (標準化, 窓口DX, 生成AI …)."""

    class Meta(Named.Meta):
        verbose_name = _("支援テーマ")
        verbose_name_plural = _("支援テーマ")


class ProficiencyLevel(models.Model):
    level = models.PositiveSmallIntegerField(
        _("レベル"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("名称（英語）"), max_length=50)
    description = models.TextField(_("説明"))
    description_en = models.TextField(_("説明（英語）"))

    class Meta:
        verbose_name = _("習熟度")
        verbose_name_plural = _("習熟度")
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(name="proficiency_level_1_to_4", condition=Q(level__gte=1, level__lte=4))
        ]

    def __str__(self) -> str:
        english = (get_language() or "ja").startswith("en")
        return f"{self.level} {self.name_en if english else self.name}"
