"""The registry of local vendors and civic-tech groups a prefecture knows (全省庁統一資格, DMP listing).

It lived in the talent pool until migration procurement 0007_vendor took it over; the table keeps its
name `talentpool_vendor` (see that migration) so rows, ids and audit history stay as they were."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from portal.textsearch import fold
from talentpool.models.taxonomy import SkillRole, SupportTheme


class VendorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The registry is open to everyone signed in for an organisation (and site admins)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role_memberships:
            return self
        return self.none()


class Vendor(models.Model):
    """A local vendor or civic-tech group a prefecture lists as able to help municipalities."""

    class Kind(models.TextChoices):
        VENDOR = "vendor", _("地場ベンダー")
        CIVIC_TECH = "civic_tech", _("シビックテック")

    prefecture = models.ForeignKey(
        Organisation,
        verbose_name=_("都道府県"),
        on_delete=models.PROTECT,
        related_name="vendors",
        limit_choices_to={"kind": Organisation.Kind.PREFECTURE},
    )
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("種別"), max_length=12, choices=Kind.choices)
    website = models.URLField(_("ウェブサイト"), blank=True)
    email = models.EmailField(_("連絡先メールアドレス"), blank=True)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    description = models.TextField(_("概要"), blank=True)
    roles = models.ManyToManyField(
        SkillRole, verbose_name=_("対応できるロール"), blank=True, related_name="+"
    )
    themes = models.ManyToManyField(
        SupportTheme, verbose_name=_("対応できるテーマ"), blank=True, related_name="+"
    )
    unified_qualification = models.BooleanField(_("全省庁統一資格あり"), default=False)
    dmp_listed = models.BooleanField(_("DMP（デジタルマーケットプレイス）掲載"), default=False)
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    objects = VendorQuerySet.as_manager()

    class Meta:
        verbose_name = _("地場ベンダー・シビックテック")
        verbose_name_plural = _("地場ベンダー・シビックテック")
        db_table = "talentpool_vendor"
        ordering = ["prefecture__lg_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["prefecture", "name"], name="vendor_name_once_per_prefecture")
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_search_text(self) -> None:
        """Recompute the folded text the registry search matches."""
        parts = [self.name, self.description]
        parts += [f"{r.name} {r.name_en}" for r in self.roles.all()]
        parts += [f"{t.name} {t.name_en}" for t in self.themes.all()]
        self.search_text = fold(" ".join(parts))
        Vendor.objects.filter(pk=self.pk).update(search_text=self.search_text)
