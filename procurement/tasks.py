"""Scheduled work of joint procurement (the beat entry is added in procurement/events.py)."""

from celery import shared_task
from django.db import OperationalError


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_survey_reminders(self) -> int:
    """Remind municipalities of intent surveys closing soon; each answer is reminded once."""
    from procurement.services.surveys import remind_survey_participants

    return remind_survey_participants()
