"""宿題事項: follow-up items raised in a meeting, owned by an organisation, tracked to done."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from council.models.audience import CouncilError
from council.models.meetings import Meeting, readable_q
from portal.models import Organisation
from portal.workflow import Action, Workflow


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user, now=None):
        """Follow-ups of meetings this person may read (they share their meeting's audience)."""
        return self.filter(readable_q(user, now, "meeting__"))

    def for_meeting_page(self, meeting: Meeting):
        """What the meeting's page lists: raised at it, and earlier ones still open or closed at it."""
        earlier = Q(meeting__body_id=meeting.body_id, meeting__number__lt=meeting.number) & (
            Q(status=FollowUp.Status.OPEN) | Q(done_meeting=meeting)
        )
        return (
            self.filter(Q(meeting=meeting) | earlier)
            .select_related("meeting__body", "owner", "done_meeting")
            .order_by("meeting__number", "pk")
        )


class FollowUp(Workflow, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("対応中")
        DONE = "done", _("対応済み")

    MOVES = {Status.OPEN: {Status.DONE}, Status.DONE: {Status.OPEN}}
    ACTIONS = (
        Action(
            Status.OPEN,
            Status.DONE,
            _("対応済みにする"),
            "council.permissions.can_manage_follow_up",
            needs_reason=True,
            primary=True,
            done_message=_("宿題事項を対応済みにしました。"),
        ),
        Action(
            Status.DONE,
            Status.OPEN,
            _("対応中に戻す"),
            "council.permissions.can_manage_follow_up",
            needs_reason=True,
            done_message=_("宿題事項を対応中に戻しました。"),
        ),
    )
    move_error = CouncilError
    refused_move_message = _("この宿題事項は「%(from)s」から「%(to)s」に変更できません。")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("提起された会議"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    title = models.CharField(_("宿題事項"), max_length=500)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("担当団体"), on_delete=models.PROTECT, related_name="council_follow_ups"
    )
    due_on = models.DateField(_("期限"), null=True, blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("対応内容"), blank=True)
    done_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("報告した会議"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_follow_ups",
    )
    done_at = models.DateTimeField(_("対応日時"), null=True, blank=True)
    created_by = models.ForeignKey(
        "portal.User", verbose_name=_("登録者"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("宿題事項")
        verbose_name_plural = _("宿題事項")
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                name="council_follow_up_done_has_time",
                condition=Q(status="open") | Q(done_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title
