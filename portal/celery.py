"""Celery application. Without REDIS_URL, settings make every task run eagerly."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {
    "requeue-pending-deliveries": {"task": "portal.tasks.requeue_pending_deliveries", "schedule": 120.0},
    # CELERY_TIMEZONE is Asia/Tokyo, so this is 08:00 JST.
    "daily-digests": {"task": "portal.tasks.send_daily_digests", "schedule": crontab(hour=8, minute=0)},
}
