"""Background work of the portal spine: sending the outbox (notifications, invitations, account mail)."""

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def send_invitation_email(self, invitation_id: int, token: str) -> bool:
    """Tasks queued before invitations went through the outbox carry their token; mail those once.

    Invitations issued since then have a nonce and a delivery row, and leave by `send_deliveries`.
    Kept only so that tasks still in the broker at deploy time are not lost; remove a release later.
    """
    from portal.models import Invitation, hash_token
    from portal.notifications import render_invitation

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation", "invited_by")
            .get(pk=invitation_id)
        )
        if (
            invitation.token_nonce
            or invitation.email_sent_at
            or invitation.token_hash != hash_token(token)
            or not invitation.is_usable
        ):
            return False
        with mailers.default as mailer:
            mailer.send_messages([_message(*render_invitation(invitation, token), invitation.email)])
        invitation.email_sent_at = timezone.now()
        invitation.save(update_fields=["email_sent_at"])
    return True


MAX_ATTEMPTS = 10
SAVED_AFTER_ATTEMPT = ["status", "sent_at", "attempts", "last_error", "body_text", "body_html", "headers"]


def _message(
    subject: str, text: str, html: str, to: str, headers: dict | None = None
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers or None)
    if html:
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

    sent = 0
    mailer = mailers.default
    try:
        mailer.open()
    except (smtplib.SMTPException, OSError) as error:
        # The mail server is unreachable: no message is at fault, so none is given up on; each
        # keeps the error for the admin and waits for the retry (or beat's sweep).
        mailer.close()
        for delivery_id in delivery_ids:
            _record_failure(delivery_id, error, give_up=False)
        raise
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
                    message = _compose(delivery)
                    if message is not None:
                        mailer.send_messages([message])
                        delivery.mark_sent()
                        sent += 1
                    delivery.save(update_fields=SAVED_AFTER_ATTEMPT)
            except (smtplib.SMTPException, OSError) as error:
                _record_failure(delivery_id, error)
                raise
    return sent


def _compose(delivery) -> EmailMultiAlternatives | None:
    """The message a locked pending delivery stands for, or None after cancelling it."""
    from portal.models import Delivery
    from portal.notifications import render_email

    if delivery.kind == Delivery.Kind.NOTIFICATION:
        recipient = delivery.notification.recipient
        return _message(*render_email(delivery.notification, recipient.language), recipient.email)
    if delivery.kind in (Delivery.Kind.ACCOUNT, Delivery.Kind.SUBSCRIPTION):
        return _message(
            delivery.subject,
            delivery.body_text,
            delivery.body_html,
            delivery.recipient_email,
            delivery.headers,
        )
    return _compose_invitation(delivery)


def _compose_invitation(delivery) -> EmailMultiAlternatives | None:
    from portal.models import Invitation, hash_token
    from portal.notifications import render_invitation

    # Locked after the delivery, never the other way round: services lock invitations but never
    # wait on a delivery row, so the two cannot deadlock.
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "invited_by")
        .get(pk=delivery.invitation_id)
    )
    if invitation.mail_key != delivery.idempotency_key:
        delivery.cancel("superseded by a newer link")
        return None
    if not invitation.is_usable:
        delivery.cancel("invitation expired" if invitation.is_expired else f"invitation {invitation.status}")
        return None
    token = invitation.derive_token()
    if hash_token(token) != invitation.token_hash:
        # SECRET_KEY was rotated since the invitation was written. This link has never been mailed
        # (its delivery is still pending), so the link derived under the new key replaces it.
        invitation.token_hash = hash_token(token)
    invitation.email_sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "email_sent_at"])
    return _message(*render_invitation(invitation, token), invitation.email)


def _record_failure(delivery_id: int, error: Exception, *, give_up: bool = True) -> None:
    from portal.models import Delivery

    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .filter(pk=delivery_id, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is not None:
            delivery.record_failure(error, max_attempts=MAX_ATTEMPTS if give_up else None)
            delivery.save(update_fields=SAVED_AFTER_ATTEMPT)
            # Ids and the error only: a delivery's body may hold a live link.
            logger.warning(
                "delivery %d (%s) attempt %d failed: %s", delivery.pk, delivery.kind, delivery.attempts, error
            )


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
        Delivery.objects.bulk_update(deliveries, ["status", "sent_at", "attempts", "headers"])
    return len(deliveries)
