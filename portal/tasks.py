"""Background work of the portal spine: invitation mail and notification delivery."""

import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def send_invitation_email(self, invitation_id: int, token: str) -> bool:
    """Mail an invitation link once; a retried or duplicated task finds the sent marker and stops."""
    from portal.models import Invitation, hash_token

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation", "invited_by")
            .get(pk=invitation_id)
        )
        # A resend replaces the token: a task carrying the old one must not mail a dead link.
        if invitation.email_sent_at or invitation.token_hash != hash_token(token) or not invitation.is_usable:
            return False
        with translation.override(invitation.language):
            context = {
                "invitation": invitation,
                "accept_url": settings.SITE_URL + reverse("portal:invitation-accept", args=[token]),
                "site_url": settings.SITE_URL,
            }
            subject = render_to_string("emails/invitation_subject.txt", context).strip()
            body = render_to_string("emails/invitation_body.txt", context)
            html = render_to_string("emails/invitation_body.html", context)
        message = EmailMultiAlternatives(subject, body, to=[invitation.email])
        message.attach_alternative(html, "text/html")
        message.send()
        invitation.email_sent_at = timezone.now()
        invitation.save(update_fields=["email_sent_at"])
    return True


MAX_ATTEMPTS = 10


def _message(subject: str, text: str, html: str, to: str) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=MAX_ATTEMPTS,
)
def send_deliveries(self, delivery_ids: list[int]) -> int:
    """Mail each pending delivery once; its row is locked while sending and marked sent before unlocking."""
    from portal.models import Delivery
    from portal.notifications import render_email

    sent = 0
    mailer = mailers.default
    with mailer:
        for delivery_id in delivery_ids:
            try:
                with transaction.atomic():
                    delivery = (
                        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("notification__recipient")
                        .filter(pk=delivery_id, status=Delivery.Status.PENDING)
                        .first()
                    )
                    if delivery is None:  # already sent, or another worker holds it right now
                        continue
                    notification = delivery.notification
                    recipient = notification.recipient
                    mailer.send_messages(
                        [_message(*render_email(notification, recipient.language), recipient.email)]
                    )
                    delivery.mark_sent()
                    delivery.save(update_fields=["status", "sent_at", "attempts"])
                    sent += 1
            except (smtplib.SMTPException, OSError) as error:
                _record_failure(delivery_id, error)
                raise
    return sent


def _record_failure(delivery_id: int, error: Exception) -> None:
    from portal.models import Delivery

    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .filter(pk=delivery_id, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is not None:
            delivery.record_failure(error, max_attempts=MAX_ATTEMPTS)
            delivery.save(update_fields=["status", "attempts", "last_error"])


@shared_task(acks_late=True, reject_on_worker_lost=True)
def requeue_pending_deliveries() -> int:
    """Re-enqueue mail deliveries that never reached a worker (broker down at commit, lost task)."""
    from django.db.models import Q

    from portal.models import Delivery
    from portal.notifications import enqueue_deliveries

    cutoff = timezone.now() - timedelta(seconds=settings.NOTIFICATION_REQUEUE_AFTER_SECONDS)
    ids = list(
        Delivery.objects.filter(
            channel=Delivery.Channel.EMAIL, status=Delivery.Status.PENDING, created_at__lt=cutoff
        )
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=cutoff))
        .values_list("pk", flat=True)[:5000]
    )
    if ids:
        enqueue_deliveries(ids)
    return len(ids)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_daily_digests() -> int:
    """At 08:00 JST: one digest task per user with pending digest items."""
    from portal.models import Delivery

    users = set(
        Delivery.objects.filter(channel=Delivery.Channel.DIGEST, status=Delivery.Status.PENDING).values_list(
            "notification__recipient_id", flat=True
        )
    )
    for user_id in users:
        send_digest.delay(user_id)
    return len(users)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    max_retries=MAX_ATTEMPTS,
)
def send_digest(user_id: int) -> int:
    """Mail one user every pending digest item in one message; the items are marked sent with it."""
    from portal.models import Delivery, User
    from portal.notifications import render_digest

    with transaction.atomic():
        deliveries = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification")
            .filter(
                channel=Delivery.Channel.DIGEST,
                status=Delivery.Status.PENDING,
                notification__recipient_id=user_id,
            )
        )
        if not deliveries:
            return 0
        recipient = User.objects.get(pk=user_id)
        message = _message(*render_digest(recipient, [d.notification for d in deliveries]), recipient.email)
        with mailers.default as mailer:
            mailer.send_messages([message])
        for delivery in deliveries:
            delivery.mark_sent()
        Delivery.objects.bulk_update(deliveries, ["status", "sent_at", "attempts"])
    return len(deliveries)
