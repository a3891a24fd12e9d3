"""Scheduled dispatch work: assignments start and end on their dates, overdue reports and steps are
chased, and last year's dispatches get their follow-up survey.

Both tasks only call services, which pick each request by its status and date and move it once, so
running a task twice (or on two workers) changes nothing the second time.
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from talentpool import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def move_dispatches_on_their_dates() -> dict[str, int]:
    """Start approved dispatches on their start date; move ended ones to reporting."""
    return services.move_assignments_on_their_dates()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def remind_overdue_dispatch_reports() -> int:
    """Remind the talent and the coordinators once when a completion report is overdue."""
    return services.remind_overdue_reports()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def ask_follow_up_surveys() -> int:
    """Ask the municipalities about last fiscal year's completed dispatches (once each)."""
    return services.ask_follow_up_surveys()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def remind_waiting_dispatch_steps() -> dict[str, int]:
    """Remind whoever's turn it is of steps and follow-up surveys left waiting (once a day each)."""
    return {"steps": services.remind_waiting_steps(), "surveys": services.remind_unanswered_surveys()}
