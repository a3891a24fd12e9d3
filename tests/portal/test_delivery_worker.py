"""Delivery through a real Celery worker thread (memory broker in the default pass, Redis with REDIS_URL)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction

from portal.celery import app
from portal.models import Delivery, Notification, Role
from portal.notifications import notify
from tests.conftest import JINSEKI, make_user, org


@pytest.fixture
def worker_thread():
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


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
    time.sleep(0.5)  # a duplicate would arrive within this time
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert Notification.objects.filter(event="membership.granted").count() == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT
