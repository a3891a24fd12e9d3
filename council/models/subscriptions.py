"""Mail subscriptions for anyone, no account needed: an address follows a body's public items, at
once or in a daily digest, after confirming the address (double opt-in); every mail can end it."""

from __future__ import annotations

from django.core import signing
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models.bodies import Body

CONFIRM_SALT = "council.subscription.confirm"
UNSUBSCRIBE_SALT = "council.subscription.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link works for a week


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Confirmed and not ended: the addresses that receive mail."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    """One address following one body's public items."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("公開のたびに受け取る")
        DAILY = "daily", _("1日1回のまとめで受け取る（毎朝8時）")

    email = models.EmailField(_("メールアドレス"))
    body = models.ForeignKey(
        Body, verbose_name=_("会議体"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    frequency = models.CharField(
        _("受け取り方"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    created_at = models.DateTimeField(_("申込日時"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("確認メール送信日時"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("解除日時"), null=True, blank=True)
    # The daily digest covers what was published after this moment.
    digest_sent_at = models.DateTimeField(_("最後のまとめ送信日時"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("メール購読")
        verbose_name_plural = _("メール購読")
        constraints = [
            models.UniqueConstraint(Lower("email"), "body", name="council_subscription_once_per_address"),
            models.CheckConstraint(
                name="council_subscription_unsubscribed_after_confirmation",
                condition=Q(unsubscribed_at__isnull=True) | Q(confirmed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.body_id}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    def confirm_token(self, frequency: str) -> str:
        """A signed link token that confirms this address, with the delivery it asked for."""
        return signing.dumps({"s": self.pk, "f": frequency}, salt=CONFIRM_SALT, compress=True)

    @property
    def unsubscribe_token(self) -> str:
        """A signed token that ends this subscription; it does not expire."""
        return signing.dumps({"s": self.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


class Publication(models.Model):
    """An item of a body that reached the public (a meeting announced, a material, minutes), once:
    subscribers hear of each at most once, at once or in their digest."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("開催案内")
        MATERIAL = "material", _("資料")
        MINUTES = "minutes", _("議事録")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="publications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    path = models.CharField(max_length=300)
    # When the public may read it (a release time may lie ahead); mail goes only from then on.
    public_at = models.DateTimeField(db_index=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("公開の記録")
        verbose_name_plural = _("公開の記録")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="council_publication_once"),
        ]

    def __str__(self) -> str:
        return self.title
