"""議事録 and its 議事要旨: the secretariat drafts remarks per speaker and a summary; each speaker
confirms or corrects their own; once every speaker has confirmed or the confirmation deadline has
passed, another secretariat member approves their publication."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models.audience import (
    Audience,
    AudienceFields,
    CouncilError,
    reach_of,
    reason_required,
    released_to,
)
from council.models.bodies import BodyMember
from council.models.meetings import Meeting, readable_q
from portal.workflow import Action, Workflow

MANAGE = "council.permissions.can_manage_minutes"
APPROVE = "council.permissions.can_approve_minutes"


class MinutesQuerySet(models.QuerySet):
    def visible_to(self, user, now=None):
        """Minutes this person may read at `now`: published, within their reach and released, of a
        meeting they may read; the secretariat reads its own in every state."""
        from portal.models import Role

        meeting_readable = readable_q(user, now, "meeting__")
        if user is not None and user.is_authenticated and user.is_superuser:
            return self.filter(meeting_readable)
        base = reach_of(user, council_id=-1)
        published = Q(status=Minutes.Status.PUBLISHED)
        own = published & released_to(base, now)
        if user is not None and user.is_authenticated:
            own |= (
                published
                & Q(meeting__body__council_id__in=user.scope_ids(Role.COUNCIL_MEMBER))
                & released_to([*base, Audience.MEMBERS], now)
            )
            own |= Q(meeting__body__council_id__in=user.scope_ids(Role.COUNCIL_SECRETARIAT))
        return self.filter(meeting_readable & own)

    def awaiting_approval_by(self, user):
        """Minutes waiting for publication approval that this person did not ask for."""
        return self.filter(status=Minutes.Status.PENDING_APPROVAL).exclude(approval_requested_by=user)

    def awaiting_confirmation_by(self, user):
        """Minutes out for confirmation in which this person still has remarks to confirm."""
        return self.filter(
            status=Minutes.Status.CONFIRMING,
            remarks__speaker__user=user,
            remarks__confirmed_at__isnull=True,
        ).distinct()


class Minutes(Workflow, AudienceFields):
    """The 議事録 of one meeting."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("作成中")
        CONFIRMING = "confirming", _("発言確認中")
        PENDING_APPROVAL = "pending_approval", _("公開の承認待ち")
        PUBLISHED = "published", _("公開済み")

    MOVES = {
        Status.DRAFT: {Status.CONFIRMING},
        Status.CONFIRMING: {Status.PENDING_APPROVAL, Status.DRAFT},
        Status.PENDING_APPROVAL: {Status.PUBLISHED, Status.CONFIRMING},
    }
    ACTIONS = (
        Action(
            Status.DRAFT,
            Status.CONFIRMING,
            _("発言者に確認を依頼する"),
            MANAGE,
            primary=True,
            done_message=_("発言者に発言内容の確認を依頼しました。"),
        ),
        Action(
            Status.CONFIRMING,
            Status.PENDING_APPROVAL,
            _("公開の承認を依頼する"),
            MANAGE,
            primary=True,
            done_message=_("公開の承認を依頼しました。別の事務局員が承認すると議事録が公開されます。"),
        ),
        Action(
            Status.PENDING_APPROVAL,
            Status.PUBLISHED,
            _("承認して公開する"),
            APPROVE,
            primary=True,
            done_message=_("承認して議事録を公開しました。"),
        ),
        Action(
            Status.PENDING_APPROVAL,
            Status.CONFIRMING,
            _("差し戻す"),
            APPROVE,
            needs_reason=True,
            done_message=_("差し戻しました。依頼者に理由を通知しました。"),
        ),
        Action(
            Status.CONFIRMING,
            Status.DRAFT,
            _("作成中に戻す"),
            MANAGE,
            needs_reason=True,
            done_message=_("議事録を作成中に戻しました。"),
        ),
    )
    move_error = CouncilError
    refused_move_message = _("この議事録は「%(from)s」から「%(to)s」に進められません。")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("会議"), on_delete=models.CASCADE, related_name="minutes"
    )
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(
        _("議事要旨"),
        blank=True,
        help_text=_("議事の要点をまとめた文章です。議事録と同じ公開範囲で、議事録と一緒に公開されます。"),
    )
    confirm_by = models.DateTimeField(_("発言確認の期限"), null=True, blank=True)
    sent_at = models.DateTimeField(_("確認依頼日時"), null=True, blank=True)
    reminded_on = models.DateField(_("最後に督促した日"), null=True, blank=True)
    published_at = models.DateTimeField(_("公開日時（議事録）"), null=True, blank=True)
    approval_requested_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("公開の承認を依頼した人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approval_requested_at = models.DateTimeField(_("公開の承認を依頼した日時"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("公開を承認した人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        "portal.User", verbose_name=_("作成者"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("議事録")
        verbose_name_plural = _("議事録")
        constraints = [
            reason_required("council_minutes_non_public_has_reason"),
            models.CheckConstraint(
                name="council_minutes_confirming_has_deadline",
                condition=Q(status="draft") | Q(confirm_by__isnull=False),
            ),
            models.CheckConstraint(
                name="council_minutes_published_is_approved",
                condition=~Q(status="published") | Q(approved_by__isnull=False, published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(meeting)s 議事録") % {"meeting": self.meeting})

    @property
    def summary_is_editable(self) -> bool:
        """The 議事要旨 changes only before anyone is asked to approve it for publication."""
        return self.status in (self.Status.DRAFT, self.Status.CONFIRMING)

    def unconfirmed_speakers(self) -> list[BodyMember]:
        """Seats with remarks not yet confirmed by their speaker."""
        seen, pending = set(), []
        for remark in self.remarks.select_related("speaker").filter(
            speaker__isnull=False, confirmed_at__isnull=True
        ):
            if remark.speaker_id not in seen:
                seen.add(remark.speaker_id)
                pending.append(remark.speaker)
        return pending

    def check_move(self, status: str) -> None:
        if status == self.Status.CONFIRMING and not self.remarks.exists():
            raise CouncilError(_("発言が登録されていません。"))
        if (
            status == self.Status.CONFIRMING
            and self.status == self.Status.DRAFT
            and (self.confirm_by is None or self.confirm_by <= timezone.now())
        ):
            raise CouncilError(_("発言確認の期限を、これから先の日時で入力してください。"))
        if (
            status == self.Status.PENDING_APPROVAL
            and self.confirm_by > timezone.now()
            and self.unconfirmed_speakers()
        ):
            raise CouncilError(
                _("まだ確認していない発言者がいます。全員が確認するか、確認の期限が過ぎてから公開できます。")
            )


class Remark(models.Model):
    """One remark in the minutes, as drafted by the secretariat and as confirmed by its speaker."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("議事録"), on_delete=models.CASCADE, related_name="remarks"
    )
    position = models.PositiveIntegerField(_("順序"))
    speaker = models.ForeignKey(
        BodyMember,
        verbose_name=_("発言者（構成員）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remarks",
        help_text=_("構成員の発言は、その構成員が確認します。事務局等の発言は空欄にして名前を入力します。"),
    )
    speaker_name = models.CharField(_("発言者の表示"), max_length=100, help_text=_("例：青木座長、事務局"))
    drafted_text = models.TextField(_("事務局の案"))
    text = models.TextField(_("発言内容"))
    confirmed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("確認者"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("発言")
        verbose_name_plural = _("発言")
        ordering = ["minutes", "position"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "position"], name="council_remark_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_name}: {self.text[:30]}"

    @property
    def is_corrected(self) -> bool:
        """Whether the speaker changed the secretariat's draft."""
        return self.text != self.drafted_text
