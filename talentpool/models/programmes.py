"""A prefecture's dispatch programme settings per fiscal year: quotas, budget, cost share, windows."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation, Role
from portal.workflow import Action, Workflow
from talentpool.exceptions import TalentPoolError

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The prefecture's coordinators and approvers see its settings; site admins see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            prefecture_id__in=user.scope_ids(Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_APPROVER)
        )

    def confirmed(self):
        """Settings the prefecture approver has confirmed: the only ones dispatch follows."""
        return self.filter(status=DispatchProgramme.Status.CONFIRMED)


class DispatchProgramme(Workflow, models.Model):
    """A prefecture's dispatch rules for one fiscal year: quotas, budget, cost share, windows."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("編集中")
        SUBMITTED = "submitted", _("確認待ち")
        CONFIRMED = "confirmed", _("確定")

    MOVES = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.CONFIRMED, Status.DRAFT},
        Status.CONFIRMED: {Status.DRAFT},
    }
    ACTIONS = (
        Action(
            Status.DRAFT,
            Status.SUBMITTED,
            _("確認を依頼する"),
            "talentpool.permissions.can_edit_programme",
            primary=True,
            done_message=_("事業設定の確認を依頼しました。承認者に通知しました。"),
        ),
        Action(
            Status.SUBMITTED,
            Status.CONFIRMED,
            _("確定する"),
            "talentpool.permissions.can_confirm_programme",
            primary=True,
            done_message=_("事業設定を確定しました。"),
        ),
        Action(
            Status.SUBMITTED,
            Status.DRAFT,
            _("差し戻す"),
            "talentpool.permissions.can_confirm_programme",
            needs_reason=True,
            done_message=_("事業設定を差し戻しました。"),
        ),
        Action(
            Status.CONFIRMED,
            Status.DRAFT,
            _("見直す"),
            "talentpool.permissions.can_edit_programme",
            needs_reason=True,
            done_message=_("事業設定を編集中に戻しました。確定し直すまで新しい承認はできません。"),
        ),
    )
    move_error = TalentPoolError
    refused_move_message = _("この事業設定は「%(from)s」から「%(to)s」に変更できません。")

    prefecture = models.ForeignKey(
        Organisation,
        verbose_name=_("都道府県"),
        on_delete=models.PROTECT,
        related_name="dispatch_programmes",
        limit_choices_to={"kind": Organisation.Kind.PREFECTURE},
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    max_days_per_case = models.DecimalField(
        _("1件あたりの上限日数"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    allow_repeat = models.BooleanField(
        _("同じ人材・団体・テーマの年度内の再派遣を認める"),
        default=False,
        help_text=_("認めない場合、同じ年度に同じ人材を同じ団体の同じテーマへ派遣できるのは1回です。"),
    )
    budget_days = models.DecimalField(
        _("年間予算（日数）"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("空欄は上限なし"),
    )
    budget_yen = models.PositiveBigIntegerField(
        _("年間予算（円）"), null=True, blank=True, help_text=_("空欄は上限なし")
    )
    unit_cost_yen = models.PositiveIntegerField(_("1日あたりの単価（円）"))
    share_national = models.PositiveSmallIntegerField(_("国の負担（％）"), validators=PERCENT)
    share_prefecture = models.PositiveSmallIntegerField(_("都道府県の負担（％）"), validators=PERCENT)
    share_municipality = models.PositiveSmallIntegerField(_("市町村の負担（％）"), validators=PERCENT)
    window_opens = models.DateField(_("受付開始日"))
    window_closes = models.DateField(_("受付終了日"))
    report_deadline_days = models.PositiveSmallIntegerField(
        _("実施報告書の期限（終了後の日数）"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    # Whoever asked for confirmation may not confirm it themselves.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("派遣事業の設定")
        verbose_name_plural = _("派遣事業の設定")
        ordering = ["-fiscal_year", "prefecture__lg_code"]
        constraints = [
            models.UniqueConstraint(fields=["prefecture", "fiscal_year"], name="programme_once_per_year"),
            models.CheckConstraint(
                name="programme_shares_sum_to_100",
                condition=Q(
                    share_national__gte=0,
                    share_prefecture__gte=0,
                    share_municipality__gte=0,
                )
                & Q(share_national__lte=100)
                & Q(
                    share_municipality=100 - F("share_national") - F("share_prefecture"),
                ),
            ),
            models.CheckConstraint(
                name="programme_window_in_order", condition=Q(window_opens__lte=F("window_closes"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefecture} {self.fiscal_year}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        shares = (self.share_national, self.share_prefecture, self.share_municipality)
        if None not in shares and sum(shares) != 100:
            raise ValidationError(_("国・都道府県・市町村の負担割合の合計は100％にしてください。"))
        if self.window_opens and self.window_closes and self.window_opens > self.window_closes:
            raise ValidationError(_("受付終了日は受付開始日より後にしてください。"))

    @property
    def shares(self) -> tuple[int, int, int]:
        return (self.share_national, self.share_prefecture, self.share_municipality)
