"""The one way the portal tells people something: `notify(...)` inside a service's transaction.

It writes an inbox row per recipient and a delivery row per mail channel in the same transaction
(the outbox), and hands the deliveries to Celery only after commit. A broker outage at that moment
only delays mail: `requeue_pending_deliveries` (beat) picks up what was never sent. Events and their
categories are registered here; the talent pool, procurement and council apps register their own.

Invitations (`queue_invitation_mail`) and django-allauth's own mails (`queue_account_mail`, called by
the account adapter) leave through the same outbox and worker: every mail the portal sends is a
delivery row first.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.models import Delivery, Invitation, Membership, Notification, NotificationPreference, User
from portal.registry import (  # noqa: F401 - re-exported: apps may import them from here too
    CATEGORIES,
    EVENTS,
    Category,
    Event,
    register_category,
    register_event,
)

logger = logging.getLogger(__name__)


def preferences_for(users: Iterable[User], category: str) -> dict[int, str]:
    """Each user's mode for a category (immediate unless they chose otherwise)."""
    chosen = dict(
        NotificationPreference.objects.filter(user__in=users, category=category).values_list(
            "user_id", "mode"
        )
    )
    return {user.pk: chosen.get(user.pk, NotificationPreference.Mode.IMMEDIATE) for user in users}


def notify(
    event_key: str, *, target: models.Model | None, recipients: Iterable[User], context: dict | None = None
) -> list[Notification]:
    """Tell recipients about an event on target; mail leaves only after the surrounding commit."""
    event = EVENTS[event_key]
    category = CATEGORIES[event.category]
    # One query loads every recipient with their roles, so the visibility checks below cost none each.
    memberships = Membership.objects.select_related("organisation", "organisation__prefecture").order_by(
        "organisation__lg_code", "role"
    )
    candidates = (
        User.objects.filter(pk__in={u.pk for u in recipients}, is_active=True)
        .prefetch_related(models.Prefetch("memberships", queryset=memberships))
        .order_by("pk")
    )
    allowed = [user for user in candidates if event.may_receive(user, target)]
    if not allowed:
        return []
    now = timezone.now()
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    url = event.url(target) if target is not None else ""
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(
            Notification(
                recipient=user,
                event=event.key,
                category=event.category,
                target_type=target_type,
                target_id=str(target.pk) if target is not None else "",
                url=url,
                context=context or {},
                created_at=now,
            )
            for user in allowed
        )
        modes = preferences_for(allowed, event.category)
        deliveries = []
        for notification in notifications:
            mode = (
                NotificationPreference.Mode.IMMEDIATE
                if category.always_immediate
                else modes[notification.recipient_id]
            )
            if mode == NotificationPreference.Mode.INBOX:
                continue
            channel = (
                Delivery.Channel.EMAIL
                if mode == NotificationPreference.Mode.IMMEDIATE
                else Delivery.Channel.DIGEST
            )
            deliveries.append(
                Delivery(
                    notification=notification, channel=channel, idempotency_key=f"{channel}:{notification.pk}"
                )
            )
        Delivery.objects.bulk_create(deliveries)
        email_ids = [d.pk for d in deliveries if d.channel == Delivery.Channel.EMAIL]
        if email_ids:
            transaction.on_commit(lambda: enqueue_deliveries(email_ids))
    return notifications


def queue_invitation_mail(invitation: Invitation) -> Delivery:
    """Put the mail for the invitation's current link in the outbox; it leaves after commit."""
    delivery = Delivery.objects.create(
        kind=Delivery.Kind.INVITATION,
        invitation=invitation,
        channel=Delivery.Channel.EMAIL,
        idempotency_key=invitation.mail_key,
    )
    transaction.on_commit(lambda: enqueue_deliveries([delivery.pk]))
    return delivery


def queue_account_mail(*, template: str, message: EmailMessage) -> Delivery:
    """Put a mail django-allauth rendered (already in the recipient's language) in the outbox."""
    html = ""
    if isinstance(message, EmailMultiAlternatives):
        html = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), "")
    text = message.body
    if getattr(message, "content_subtype", "plain") == "html":
        text, html = "", message.body
    delivery = Delivery.objects.create(
        kind=Delivery.Kind.ACCOUNT,
        channel=Delivery.Channel.EMAIL,
        recipient_email=message.to[0],
        template=template[:120],
        subject=message.subject[:255],
        body_text=text,
        body_html=html,
        idempotency_key=f"account:{uuid.uuid4().hex}",
    )
    transaction.on_commit(lambda: enqueue_deliveries([delivery.pk]))
    return delivery


def queue_rendered_mail(
    *,
    to: str,
    subject: str,
    text: str,
    key: str,
    template: str,
    html: str = "",
    headers: dict | None = None,
) -> Delivery | None:
    """Put a mail an app rendered for someone without an account (a subscriber) in the outbox; it
    leaves after commit. The key makes it idempotent: a mail already queued under it is not queued
    again (returns None)."""
    delivery, created = Delivery.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "kind": Delivery.Kind.SUBSCRIPTION,
            "channel": Delivery.Channel.EMAIL,
            "recipient_email": to,
            "template": template[:120],
            "subject": subject[:255],
            "body_text": text,
            "body_html": html,
            "headers": headers or {},
        },
    )
    if not created:
        return None
    transaction.on_commit(lambda: enqueue_deliveries([delivery.pk]))
    return delivery


BATCH = 100


def enqueue_deliveries(delivery_ids: list[int]) -> None:
    """Hand deliveries to Celery in batches; if the broker is down, beat re-enqueues them later."""
    from portal.tasks import send_deliveries

    for start in range(0, len(delivery_ids), BATCH):
        batch = delivery_ids[start : start + BATCH]
        try:
            send_deliveries.delay(batch)
        except Exception:  # broker unreachable (kombu/redis errors vary): the outbox keeps them pending
            logger.warning(
                "could not enqueue %d deliveries; requeue_pending_deliveries will retry", len(batch)
            )
            return
        Delivery.objects.filter(pk__in=batch, status=Delivery.Status.PENDING).update(
            enqueued_at=timezone.now()
        )


def render_title(notification: Notification) -> str:
    """The notification's one-line title in the active language."""
    stem = EVENTS[notification.event].template_stem if notification.event in EVENTS else "emails/unknown"
    return render_to_string(f"{stem}_subject.txt", notification.context).strip()


def render_email(notification: Notification, language: str) -> tuple[str, str, str]:
    """(subject, text body, HTML body) of one notification, in the recipient's language."""
    stem = EVENTS[notification.event].template_stem
    with translation.override(language):
        context = {**notification.context, **_mail_context(notification.recipient)}
        subject = render_to_string(f"{stem}_subject.txt", notification.context).strip()
        context |= {
            "subject": subject,
            "message": render_to_string(f"{stem}_message.txt", notification.context).strip(),
            "link": settings.SITE_URL + notification.open_path if notification.url else "",
        }
        prefix = _("[地域DX推進ポータル]")
        return (
            f"{prefix} {subject}",
            render_to_string("emails/notification_body.txt", context),
            render_to_string("emails/notification_body.html", context),
        )


def render_digest(recipient: User, notifications: list[Notification]) -> tuple[str, str, str]:
    """One mail with every item, grouped by category, newest first within each."""
    with translation.override(recipient.language):
        groups: dict[str, list[dict]] = {}
        for notification in sorted(notifications, key=lambda n: (n.created_at, n.pk), reverse=True):
            category = CATEGORIES.get(notification.category)
            groups.setdefault(str(category.label) if category else notification.category, []).append(
                {
                    "title": render_title(notification),
                    "created_at": notification.created_at,
                    "link": settings.SITE_URL + notification.open_path if notification.url else "",
                }
            )
        context = {**_mail_context(recipient), "groups": groups.items(), "count": len(notifications)}
        subject = _("[地域DX推進ポータル] お知らせのまとめ（%(count)d件）") % {"count": len(notifications)}
        return (
            str(subject),
            render_to_string("emails/digest_body.txt", context),
            render_to_string("emails/digest_body.html", context),
        )


def render_invitation(invitation: Invitation, token: str) -> tuple[str, str, str]:
    """(subject, text body, HTML body) of an invitation, in the language chosen for it."""
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "accept_url": settings.SITE_URL + reverse("portal:invitation-accept", args=[token]),
            "site_url": settings.SITE_URL,
        }
        return (
            render_to_string("emails/invitation_subject.txt", context).strip(),
            render_to_string("emails/invitation_body.txt", context),
            render_to_string("emails/invitation_body.html", context),
        )


def _mail_context(recipient: User) -> dict:
    return {
        "recipient": recipient,
        "preferences_url": settings.SITE_URL + "/notifications/preferences/",
        "inbox_url": settings.SITE_URL + "/notifications/",
        "site_url": settings.SITE_URL,
    }
