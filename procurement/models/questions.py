"""Clarification Q&A (質問回答): participants ask (and, at the tender stage, vendors through a public
form), the lead answers, and the answers are published to everyone who can see the project at once,
without the asking municipality's or company's name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation, Role
from procurement.models.projects import Project

if TYPE_CHECKING:
    from portal.models import User


class QuestionQuerySet(models.QuerySet):
    def published(self):
        """Answered questions the lead has published."""
        return self.filter(published_at__isnull=False)

    def with_askers(self):
        """With the asking municipality and person (shown to the lead), in number order."""
        return self.select_related("asked_for", "asked_by").order_by("number")

    def unanswered(self):
        return self.filter(answered_at__isnull=True)

    def visible_to(self, user: User):
        """Published ones for whoever sees the project; the lead sees all; a municipality its own."""
        if user.is_authenticated and user.is_superuser:
            return self
        visible = Q(published_at__isnull=False, project__in=Project.objects.visible_to(user))
        if not user.is_authenticated:
            return self.filter(visible)
        lead_ids = user.scope_ids(
            Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_APPROVER, Role.COUNCIL_SECRETARIAT
        )
        municipal_ids = user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER)
        return self.filter(
            visible | Q(project__lead_body_id__in=lead_ids) | Q(asked_for_id__in=municipal_ids)
        )


class Question(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveIntegerField(_("番号"))
    asked_for = models.ForeignKey(
        Organisation,
        verbose_name=_("質問した団体"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    asked_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("質問者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A vendor's question from the public form: no account, only what the vendor typed (for the lead).
    vendor_name = models.CharField(_("質問した事業者"), max_length=200, blank=True)
    vendor_email = models.EmailField(_("事業者の連絡先メールアドレス"), blank=True)
    text = models.TextField(_("質問"), max_length=2000)
    asked_at = models.DateTimeField(_("質問日時"), auto_now_add=True)
    answer = models.TextField(_("回答"), max_length=4000, blank=True)
    answered_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("回答者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("回答日時"), null=True, blank=True)
    published_at = models.DateTimeField(_("公表日時"), null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("質問")
        verbose_name_plural = _("質問")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="question_number_once"),
            models.CheckConstraint(
                name="question_from_a_participant_or_a_vendor",
                condition=(
                    Q(asked_for__isnull=False, asked_by__isnull=False, vendor_email="", vendor_name="")
                )
                | (
                    Q(asked_for__isnull=True, asked_by__isnull=True)
                    & ~Q(vendor_email="")
                    & ~Q(vendor_name="")
                ),
            ),
            models.CheckConstraint(
                name="question_published_only_when_answered",
                condition=Q(published_at__isnull=True) | Q(answered_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} Q{self.number}"

    @property
    def from_vendor(self) -> bool:
        return bool(self.vendor_email)
