"""Scheduled work of joint procurement (the beat entry is added in procurement/events.py)."""

from celery import shared_task
from django.db import OperationalError


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_survey_reminders(self) -> int:
    """Remind municipalities of intent surveys closing soon; each answer is reminded once."""
    from procurement.services.surveys import remind_survey_participants

    return remind_survey_participants()


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_vote_reminders(self) -> int:
    """Remind joined municipalities of requirement items to vote on before the stage's planned end."""
    from procurement.services.surveys import remind_voters

    return remind_voters()


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_share_reminders(self) -> int:
    """Remind municipalities of 負担金 sheets to confirm before their deadline; each request once."""
    from procurement.services.costs import remind_share_confirmations

    return remind_share_confirmations()


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def reconfirm_shares_after_population(
    self, population_import_id: int, municipality_ids: list[int], user_id: int
) -> int:
    """Ask again for the 負担金 a population import changed; a repeat (a retry) asks nobody twice."""
    from portal.models import User
    from procurement.services.costs import refresh_shares_after_population

    by = User.objects.get(pk=user_id)
    asked = refresh_shares_after_population(
        municipality_ids=municipality_ids, by=by, population_import_id=population_import_id
    )
    return len(asked)
