"""Notifications: an outbox row per recipient, a delivery row per channel, and each user's choices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.workflow import Workflow


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's own notifications, newest first."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user).order_by("-created_at", "-pk")

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One event told to one recipient; shown in the inbox, delivered by mail as they chose."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受信者"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("種類"), max_length=80)
    category = models.CharField(_("分類"), max_length=40)
    target_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    url = models.CharField(_("リンク"), max_length=500, blank=True)
    context = models.JSONField(_("内容"), default=dict, blank=True)
    created_at = models.DateTimeField(_("日時"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("既読日時"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_id}"

    @property
    def open_path(self) -> str:
        from django.urls import reverse

        return reverse("portal:notification-open", args=[self.pk])

    @property
    def title(self) -> str:
        from portal.notifications import render_title

        return render_title(self)


class Delivery(Workflow, models.Model):
    """One way a notification leaves the portal (mail now, or in the daily digest)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("メール（即時）")
        DIGEST = "digest", _("メール（日次まとめ）")

    class Status(models.TextChoices):
        PENDING = "pending", _("送信待ち")
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信失敗")

    MOVES = {Status.PENDING: {Status.SENT, Status.FAILED}}

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("経路"), max_length=10, choices=Channel.choices)
    idempotency_key = models.CharField(max_length=120, unique=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("試行回数"), default=0)
    last_error = models.TextField(_("最後のエラー"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("配信")
        verbose_name_plural = _("配信")
        indexes = [
            models.Index(
                fields=["channel", "created_at"], condition=Q(status="pending"), name="delivery_pending_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                name="delivery_sent_has_time", condition=~Q(status="sent") | Q(sent_at__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return self.idempotency_key

    def mark_sent(self) -> None:
        """Record a successful send (in memory; the caller saves with the row still locked)."""
        self.move_to(self.Status.SENT)
        self.sent_at = timezone.now()
        self.attempts += 1

    def record_failure(self, error: Exception, *, max_attempts: int) -> None:
        """Count a failed attempt; after max_attempts the delivery is given up as failed."""
        self.attempts += 1
        self.last_error = str(error)[:2000]
        if self.attempts >= max_attempts:
            self.move_to(self.Status.FAILED)


class NotificationPreference(models.Model):
    """How a user wants one category of notifications: by mail at once, in a daily digest, or inbox only."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("すぐにメールで受け取る")
        DIGEST = "digest", _("毎朝8時のまとめメールで受け取る")
        INBOX = "inbox", _("メールは受け取らず、通知一覧だけで見る")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(_("分類"), max_length=40)
    mode = models.CharField(_("受け取り方"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)

    class Meta:
        verbose_name = _("通知設定")
        verbose_name_plural = _("通知設定")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="preference_once_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.category}: {self.mode}"
