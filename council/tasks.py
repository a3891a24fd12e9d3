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
