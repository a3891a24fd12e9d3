"""Mail subscriptions for anyone: subscribe (a confirmation mail, nothing else until the address is
confirmed), confirm, unsubscribe with one click, and the mail of each public item (at once or in the
daily digest). Every mail leaves through the portal's outbox after commit, once per key."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from council.models import Body, CouncilError, Publication, Subscription
from council.models.subscriptions import CONFIRM_MAX_AGE, CONFIRM_SALT, UNSUBSCRIBE_SALT
from portal.audit import record
from portal.labels import choice_label
from portal.notifications import queue_rendered_mail

# One confirmation mail per address in this time, whatever bodies or how often the form is sent:
# the form cannot be used to flood someone else's inbox.
CONFIRMATION_INTERVAL = datetime.timedelta(minutes=10)


def _render(stem: str, context: dict) -> tuple[str, str]:
    # Subscribers have no account and so no language of their own: the council writes in Japanese.
    with translation.override("ja"):
        prefix = _("[地域DX推進ポータル]")
        subject = render_to_string(f"emails/{stem}_subject.txt", context).strip()
        return f"{prefix} {subject}", render_to_string(f"emails/{stem}_body.txt", context)


def _queue(subscription: Subscription, stem: str, context: dict, key: str):
    """Queue one mail to the subscriber, with the unsubscribe link in its text and its headers."""
    unsubscribe_url = settings.SITE_URL + reverse(
        "council:subscription-unsubscribe", args=[subscription.unsubscribe_token]
    )
    context = {
        **context,
        "body": subscription.body.name,
        "unsubscribe_url": unsubscribe_url,
        "site_url": settings.SITE_URL,
    }
    subject, text = _render(stem, context)
    return queue_rendered_mail(
        to=subscription.email,
        subject=subject,
        text=text,
        key=f"council-subscription:{subscription.pk}:{key}",
        template=f"council/{stem}",
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<council-{subscription.body_id}.{urlsplit(settings.SITE_URL).hostname}>",
        },
    )


@transaction.atomic
def subscribe(*, email: str, body: Body, frequency: str, now: datetime.datetime | None = None) -> bool:
    """Ask for a body's public items by mail: only a confirmation mail goes out, at most one per
    address every ten minutes; returns whether one was queued (the page says the same either way)."""
    now = now or timezone.now()
    email = email.strip()
    if frequency not in Subscription.Frequency.values:
        raise CouncilError(_("受け取り方を選んでください。"))
    subscription = Subscription.objects.select_for_update().filter(email__iexact=email, body=body).first()
    if subscription is None:
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(email=email, body=body, frequency=frequency)
        except IntegrityError:  # the same address, sent twice at once
            subscription = Subscription.objects.select_for_update().get(email__iexact=email, body=body)
    recent = Subscription.objects.filter(
        email__iexact=email, confirmation_sent_at__gt=now - CONFIRMATION_INTERVAL
    ).exists()
    if recent:
        return False
    subscription.confirmation_sent_at = now
    subscription.save(update_fields=["confirmation_sent_at"])
    confirm_url = settings.SITE_URL + reverse(
        "council:subscription-confirm", args=[subscription.confirm_token(frequency)]
    )
    label = Subscription.Frequency(frequency).label
    _queue(
        subscription,
        "council_subscription_confirm",
        {"confirm_url": confirm_url, "frequency": str(label)},
        key=f"confirm:{now.timestamp()}",
    )
    return True


def subscription_from(token: str, *, confirm: bool) -> tuple[Subscription, str]:
    """The subscription (and, to confirm, the chosen frequency) a signed link stands for; a
    CouncilError for a link that was altered or, to confirm, has expired."""
    try:
        if confirm:
            data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        else:
            data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        subscription = Subscription.objects.select_related("body").get(pk=data["s"])
    except (signing.BadSignature, KeyError, TypeError, Subscription.DoesNotExist) as error:
        raise CouncilError(_("このリンクは無効か、有効期限が切れています。")) from error
    return subscription, data.get("f", subscription.frequency)


@transaction.atomic
def confirm_subscription(*, token: str) -> Subscription:
    """Double opt-in: the address owner confirms; from now on public items reach them."""
    subscription, frequency = subscription_from(token, confirm=True)
    subscription = Subscription.objects.select_for_update().select_related("body").get(pk=subscription.pk)
    now = timezone.now()
    if not subscription.is_active:
        subscription.confirmed_at = now
        subscription.digest_sent_at = now
    subscription.frequency = frequency
    subscription.unsubscribed_at = None
    subscription.save(update_fields=["confirmed_at", "digest_sent_at", "frequency", "unsubscribed_at"])
    record(subscription, "council.subscription_confirmed", data={"frequency": frequency})
    return subscription


@transaction.atomic
def unsubscribe(*, token: str) -> Subscription:
    """One click ends it (RFC 8058); a subscription never confirmed is forgotten altogether."""
    subscription, _frequency = subscription_from(token, confirm=False)
    subscription = Subscription.objects.select_for_update().select_related("body").get(pk=subscription.pk)
    if subscription.confirmed_at is None:
        subscription.delete()
        return subscription
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
        record(subscription, "council.subscription_ended")
    return subscription


def record_publication(
    *, body: Body, kind: str, obj, title: str, path: str, public_at: datetime.datetime
) -> Publication:
    """Note that an item reached (or will at `public_at` reach) the public; its mail to immediate
    subscribers is handed to Celery after commit (and swept by beat if the broker was down or the
    release time lies ahead)."""
    from council.tasks import send_publication_mail

    publication, created = Publication.objects.get_or_create(
        kind=kind,
        object_id=obj.pk,
        defaults={"body": body, "title": title, "path": path, "public_at": public_at},
    )
    if created:
        transaction.on_commit(lambda: send_publication_mail.delay(publication.pk))
    return publication


@transaction.atomic
def mail_publication(*, publication_id: int, now: datetime.datetime | None = None) -> int:
    """Mail one public item to the body's immediate subscribers, once; returns how many mails were
    queued (0 before its release time, or if it was already mailed)."""
    now = now or timezone.now()
    publication = Publication.objects.select_for_update().select_related("body").get(pk=publication_id)
    if publication.dispatched_at is not None or publication.public_at > now:
        return 0
    queued = 0
    subscribers = Subscription.objects.active().filter(
        body=publication.body, frequency=Subscription.Frequency.IMMEDIATE
    )
    for subscription in subscribers.select_related("body"):
        context = {"item": _item(publication)}
        queued += bool(
            _queue(subscription, "council_subscription_notice", context, key=f"publication:{publication.pk}")
        )
    publication.dispatched_at = now
    publication.save(update_fields=["dispatched_at"])
    return queued


def _item(publication: Publication) -> dict:
    return {
        "kind": str(choice_label(publication, "kind")),
        "title": publication.title,
        "url": settings.SITE_URL + publication.path,
    }


@transaction.atomic
def mail_digest(*, subscription_id: int, now: datetime.datetime | None = None) -> int:
    """One mail with every public item since the last digest to a daily subscriber; returns the
    number of items (0: no mail). Safe to run twice on a day: the key is the day (JST)."""
    now = now or timezone.now()
    subscription = Subscription.objects.select_for_update().select_related("body").get(pk=subscription_id)
    if not subscription.is_active or subscription.frequency != Subscription.Frequency.DAILY:
        return 0
    since = subscription.digest_sent_at or subscription.confirmed_at
    items = [
        _item(p)
        for p in Publication.objects.filter(
            body=subscription.body, public_at__gt=since, public_at__lte=now
        ).order_by("public_at", "pk")
    ]
    if not items:
        return 0
    day = timezone.localtime(now).date()
    queued = _queue(
        subscription,
        "council_subscription_digest",
        {"items": items, "day": day.isoformat()},
        key=f"digest:{day.isoformat()}",
    )
    if queued is None:  # today's digest already left: these items wait for tomorrow's
        return 0
    subscription.digest_sent_at = now
    subscription.save(update_fields=["digest_sent_at"])
    return len(items)


def _public_from(*moments) -> datetime.datetime:
    """The moment the public may read an item: now, or the latest of its release times."""
    return max([timezone.now(), *(m for m in moments if m is not None)])


def publish_to_subscribers(obj) -> Publication | None:
    """Record a meeting, material or minutes that the public may now (or at its release time) read,
    so that subscribers hear of it; anything not for the public is not recorded."""
    from council.models import Audience, Material, Meeting, Minutes

    meeting = obj if isinstance(obj, Meeting) else obj.meeting
    if not meeting.is_published or meeting.audience != Audience.PUBLIC or obj.audience != Audience.PUBLIC:
        return None
    with translation.override("ja"):
        if isinstance(obj, Material):
            kind, title = Publication.Kind.MATERIAL, f"{meeting} {obj.label} {obj.title}"
            path = reverse("council:meeting-detail", args=[meeting.pk]) + "#materials"
        elif isinstance(obj, Minutes):
            kind, title = Publication.Kind.MINUTES, _("%(meeting)s 議事録") % {"meeting": meeting}
            path = reverse("council:minutes-detail", args=[meeting.pk])
        else:
            kind, title = Publication.Kind.MEETING, _("%(meeting)s 開催案内") % {"meeting": meeting}
            path = reverse("council:meeting-detail", args=[meeting.pk])
    return record_publication(
        body=meeting.body,
        kind=kind,
        obj=obj,
        title=title,
        path=path,
        public_at=_public_from(meeting.release_at, obj.release_at),
    )
