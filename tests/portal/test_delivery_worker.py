"""Delivery through a real Celery worker thread (memory broker in the default pass, Redis with REDIS_URL)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import after_task_publish, task_postrun
from django.core import mail
from django.db import transaction

from portal.celery import app
from portal.models import Delivery, Notification, Role
from portal.notifications import notify
from tests.conftest import JINSEKI, make_user, org


class TaskCounter:
    """Counts tasks sent to the broker and tasks the worker finished, from Celery's signals."""

    def __init__(self):
        self.published = 0
        self.finished = 0

    def on_publish(self, **kwargs):
        self.published += 1

    def on_finish(self, **kwargs):
        self.finished += 1

    def idle(self) -> bool:
        """Every task sent so far has run (a redelivered duplicate would count once more)."""
        return self.published > 0 and self.finished >= self.published


@pytest.fixture
def worker_thread():
    app.conf.task_always_eager = False
    counter = TaskCounter()
    after_task_publish.connect(counter.on_publish, weak=False)
    task_postrun.connect(counter.on_finish, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield counter
    finally:
        after_task_publish.disconnect(counter.on_publish)
        task_postrun.disconnect(counter.on_finish)


def wait_for(condition, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_an_event_yields_one_inbox_row_and_one_mail_per_recipient(reference_data, worker_thread):
    coordinator = make_user(
        "coord@hiroshima.test", role=Role.PREFECTURE_COORDINATOR, organisation=org("340006")
    )
    staff = make_user("staff@jinseki.test", role=Role.MUNICIPAL_STAFF, organisation=org(JINSEKI))
    mail.outbox.clear()
    with transaction.atomic():
        notify(
            "membership.granted",
            target=staff.memberships.get(),
            recipients=[staff, coordinator],  # the coordinator is not the membership's holder: not told
            context={"organisation": "神石高原町", "role": Role.MUNICIPAL_STAFF},
        )
    assert wait_for(lambda: len(mail.outbox) >= 1)
    assert wait_for(worker_thread.idle)
    assert (worker_thread.published, worker_thread.finished) == (1, 1)  # one task, run once
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert Notification.objects.filter(event="membership.granted").count() == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT
