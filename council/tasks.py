"""Scheduled work of the council (added to the beat schedule in events.py)."""

from celery import shared_task
from django.db import OperationalError

from council.models import Minutes, Publication, Subscription


@shared_task(
    name="council.tasks.remind_minutes_speakers",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def remind_minutes_speakers() -> int:
    """Remind every speaker who has not confirmed their remarks (once a day per set of minutes)."""
    from council.services import remind_speakers

    ids = Minutes.objects.filter(status=Minutes.Status.CONFIRMING).values_list("pk", flat=True)
    return sum(remind_speakers(minutes_id=pk) for pk in ids)


@shared_task(
    name="council.tasks.send_publication_mail",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def send_publication_mail(publication_id: int) -> int:
    """Mail one public item to the body's immediate subscribers (once; nothing before its release)."""
    from council.services import mail_publication

    return mail_publication(publication_id=publication_id)


@shared_task(name="council.tasks.send_due_publication_mail")
def send_due_publication_mail() -> int:
    """Every few minutes: items whose release time has come, or whose task never ran."""
    from django.utils import timezone

    due = Publication.objects.filter(dispatched_at__isnull=True, public_at__lte=timezone.now())
    ids = list(due.values_list("pk", flat=True)[:500])
    for publication_id in ids:
        send_publication_mail.delay(publication_id)
    return len(ids)


@shared_task(
    name="council.tasks.send_subscription_digests",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def send_subscription_digests() -> int:
    """At 08:00 JST: one digest per daily subscriber with something new; returns the items mailed."""
    from council.services import mail_digest

    daily = Subscription.objects.active().filter(frequency=Subscription.Frequency.DAILY)
    return sum(mail_digest(subscription_id=pk) for pk in daily.values_list("pk", flat=True))


@shared_task(
    name="council.tasks.extract_material_text",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def extract_material_text(version_id: int) -> str:
    """Extract a material version's text and index it (enqueued after the upload commits; a version
    already 完了 is left alone, so a repeated delivery does nothing)."""
    from council.services.search import extract_version_text

    return extract_version_text(version_id=version_id)
