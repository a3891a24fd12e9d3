"""The work of an assignment: the talent's activity log and monthly reports."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentpool.models.dispatch import Assignment


class Activity(models.Model):
    """A piece of work the talent logs on an assignment (date, hours, where, what was done)."""

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("現地")
        REMOTE = "remote", _("リモート")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("日付"))
    hours = models.DecimalField(
        _("時間"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(24)],
    )
    mode = models.CharField(_("実施方法"), max_length=10, choices=Mode.choices)
    description = models.TextField(_("実施内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("活動記録")
        verbose_name_plural = _("活動記録")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(name="activity_hours_in_a_day", condition=Q(hours__gt=0, hours__lte=24)),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.date} {self.hours}h"


class MonthlyReport(models.Model):
    """The talent's report on one month of an assignment, confirmed by the municipality."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="monthly_reports")
    month = models.DateField(_("月"))
    summary = models.TextField(_("今月の実施内容と成果"))
    filed_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("月次報告")
        verbose_name_plural = _("月次報告")
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "month"], name="monthly_report_once"),
            models.CheckConstraint(name="monthly_report_first_of_month", condition=Q(month__day=1)),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.month:%Y-%m}"


class FollowUpSurveyQuerySet(models.QuerySet):
    def unanswered_by(self, user):
        """Surveys the user's municipalities have not answered yet (their dashboard)."""
        if not user.is_authenticated:
            return self.none()
        from talentpool.models.dispatch import DispatchRequest

        return self.filter(
            answered_at__isnull=True,
            assignment__request__municipality_id__in=user.scope_ids(*DispatchRequest.MUNICIPAL_ROLES),
        )


class FollowUpSurvey(models.Model):
    """The survey the municipality answers in the fiscal year after a completed dispatch (the
    programme's 追跡調査): whether the results last, what came of them, what help is still needed."""

    class Lasting(models.TextChoices):
        YES = "yes", _("活かされている")
        PARTLY = "partly", _("一部活かされている")
        NO = "no", _("活かされていない")

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="follow_up")
    fiscal_year = models.PositiveSmallIntegerField(_("調査する年度"))
    asked_at = models.DateTimeField(_("依頼した日時"), auto_now_add=True)
    lasting = models.CharField(
        _("支援の成果は今も活かされていますか"), max_length=10, choices=Lasting.choices, blank=True
    )
    outcome = models.TextField(_("支援の後に実現したこと"), blank=True)
    further_needs = models.TextField(_("今後必要な支援"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("回答した日時"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    objects = FollowUpSurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("追跡調査")
        verbose_name_plural = _("追跡調査")
        constraints = [
            models.CheckConstraint(
                name="follow_up_answer_is_complete",
                condition=Q(answered_at__isnull=True) | (~Q(lasting="") & ~Q(outcome="")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} FY{self.fiscal_year}"
