"""Scheduled work of the council (added to the beat schedule in events.py)."""

from celery import shared_task
from django.db import OperationalError

from council.models import Minutes


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
