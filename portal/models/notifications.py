"""Notifications: an outbox row per recipient, a delivery row per channel, and each user's choices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.labels import choice_label
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
    """One mail leaving the portal: a notification (now or in the digest), an invitation, an
    account mail from django-allauth, or a mail to a subscriber without an account (an app renders
    it, with its List-Unsubscribe headers). Written in the sender's transaction, sent by a worker."""

    class Kind(models.TextChoices):
        NOTIFICATION = "notification", _("通知")
        INVITATION = "invitation", _("招待")
        ACCOUNT = "account", _("アカウント")
        SUBSCRIPTION = "subscription", _("購読")

    class Channel(models.TextChoices):
        EMAIL = "email", _("メール（即時）")
        DIGEST = "digest", _("メール（日次まとめ）")

    class Status(models.TextChoices):
        PENDING = "pending", _("送信待ち")
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信失敗")
        CANCELLED = "cancelled", _("送信不要")

    MOVES = {Status.PENDING: {Status.SENT, Status.FAILED, Status.CANCELLED}}

    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices, default=Kind.NOTIFICATION)
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    invitation = models.ForeignKey(
        "portal.Invitation", on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    channel = models.CharField(_("経路"), max_length=10, choices=Channel.choices)
    idempotency_key = models.CharField(max_length=120, unique=True)
    # Account mails are rendered in the request, in the recipient's language, because allauth's
    # context (a reset key, a confirmation link) cannot be rebuilt later. The bodies hold live links:
    # never shown in the admin, and emptied once the mail is sent or given up (a constraint below).
    recipient_email = models.EmailField(_("宛先"), blank=True)
    template = models.CharField(_("テンプレート"), max_length=120, blank=True)
    subject = models.CharField(_("件名"), max_length=255, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    # Extra mail headers of a rendered mail (List-Unsubscribe …); they may hold a live link too.
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("試行回数"), default=0)
    last_error = models.TextField(_("最後のエラー"), blank=True)
    created_at = models.DateTimeField(_("作成日時"), default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)

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
            ),
            models.CheckConstraint(
                name="delivery_has_one_source",
                condition=Q(kind="notification", notification__isnull=False, invitation__isnull=True)
                | Q(kind="invitation", channel="email", invitation__isnull=False, notification__isnull=True)
                | (
                    Q(
                        kind__in=["account", "subscription"],
                        channel="email",
                        notification__isnull=True,
                        invitation__isnull=True,
                    )
                    & ~Q(recipient_email="")
                ),
            ),
            models.CheckConstraint(
                name="delivery_body_only_while_pending",
                condition=Q(status="pending") | Q(body_text="", body_html="", headers={}),
            ),
        ]

    def __str__(self) -> str:
        return f"{choice_label(self, 'kind')} #{self.pk}"

    @property
    def recipient_address(self) -> str:
        """Where the mail goes (for the admin list; select_related the sources)."""
        if self.kind == self.Kind.NOTIFICATION:
            return self.notification.recipient.email
        if self.kind == self.Kind.INVITATION:
            return self.invitation.email
        return self.recipient_email

    def mark_sent(self) -> None:
        """Record a successful send (in memory; the caller saves with the row still locked)."""
        self.move_to(self.Status.SENT)
        self.sent_at = timezone.now()
        self.attempts += 1
        self._forget_body()

    def cancel(self, reason: str) -> None:
        """Give up a mail that must no longer leave (a revoked or re-issued invitation)."""
        self.move_to(self.Status.CANCELLED)
        self.last_error = reason
        self._forget_body()

    def record_failure(self, error: Exception, *, max_attempts: int | None) -> None:
        """Count a failed attempt; after max_attempts (if any) the delivery is given up as failed."""
        self.attempts += 1
        self.last_error = str(error)[:2000]
        if max_attempts is not None and self.attempts >= max_attempts:
            self.move_to(self.Status.FAILED)
            self._forget_body()

    def _forget_body(self) -> None:
        self.body_text = self.body_html = ""
        self.headers = {}


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
