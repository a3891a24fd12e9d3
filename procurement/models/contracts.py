"""Contracts (one for the lead, or one per joined participant with its share) and the participants'
meeting log of the operation stage."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from procurement.models.projects import Project
from procurement.models.surveys import Participant


class Contract(models.Model):
    """A signed contract: its buyer (the lead body, or a participant when each signs), its amount (the
    award's initial amount, or the participant's share under the cost rule), number and date."""

    project = models.ForeignKey(
        Project, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="contracts"
    )
    buyer = models.ForeignKey(
        Organisation, verbose_name=_("契約する団体"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveBigIntegerField(_("契約金額（円）"))
    number = models.CharField(_("契約番号"), max_length=50)
    signed_on = models.DateField(_("契約日"))
    recorded_by = models.ForeignKey(
        "portal.User", verbose_name=_("記録者"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("記録日時"), auto_now=True)

    class Meta:
        verbose_name = _("契約")
        verbose_name_plural = _("契約")
        ordering = ["buyer__lg_code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "buyer"], name="contract_once_per_buyer"),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.buyer} {self.number}"


class Meeting(models.Model):
    """A participants' meeting during operation: date, title, who attended and the minutes."""

    project = models.ForeignKey(
        Project, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("開催日"))
    title = models.CharField(_("件名"), max_length=200)
    attendees = models.ManyToManyField(
        Participant, verbose_name=_("出席した参加団体"), blank=True, related_name="meetings"
    )
    minutes = models.TextField(_("議事の記録"))
    recorded_by = models.ForeignKey(
        "portal.User", verbose_name=_("記録者"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("参加団体の会議")
        verbose_name_plural = _("参加団体の会議")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project}: {self.held_on} {self.title}"
