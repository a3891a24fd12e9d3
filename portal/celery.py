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
    # Named by string: portal imports no app. 00:05 and 09:00 JST.
    "dispatches-on-their-dates": {
        "task": "talentpool.tasks.move_dispatches_on_their_dates",
        "schedule": crontab(hour=0, minute=5),
    },
    "overdue-dispatch-reports": {
        "task": "talentpool.tasks.remind_overdue_dispatch_reports",
        "schedule": crontab(hour=9, minute=0),
    },
}
