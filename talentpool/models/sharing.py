"""Cross-prefecture sharing (都道府県間の連携): the prefectures a pool lends a talent to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation


class TalentSharing(models.Model):
    """A talent of one prefecture's pool whom another prefecture's municipalities may be matched
    with. A request matched this way also needs the home prefecture's consent before approval."""

    talent = models.ForeignKey("talentpool.Talent", on_delete=models.CASCADE, related_name="sharings")
    prefecture = models.ForeignKey(
        Organisation,
        verbose_name=_("共有先の都道府県"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.PREFECTURE},
    )
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("他県との人材の共有")
        verbose_name_plural = _("他県との人材の共有")
        constraints = [models.UniqueConstraint(fields=["talent", "prefecture"], name="sharing_once")]

    def __str__(self) -> str:
        return f"{self.talent_id} → {self.prefecture_id}"
