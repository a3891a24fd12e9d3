"""Mail delivery through real processes: a Redis server, a `celery worker`, and an SMTP server.

Each scenario triggers notifications from a separate `manage.py shell` process (as the web process
would), so the broker and the worker are the real ones. It needs Debian's redis-server; CI has it.
The SMTP server only accepts a message when the client is still connected at the end of DATA, as a
real MTA takes responsibility only when it answers 250: a worker killed mid-send delivers nothing.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from kombu import Connection

from portal.models import Delivery, Invitation, NotificationPreference, Role, hash_token
from tests.conftest import JINSEKI, make_user, org

pytestmark = [
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs Debian's redis-server"),
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(settings.BASE_DIR)
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def broker_idle(redis_url: str) -> bool:
    """No task waits in a queue and none is held unacknowledged (tasks ack late, after sending), so
    every mail the tasks sent so far has reached the SMTP server and no duplicate is on its way."""
    client = redis.Redis.from_url(redis_url)
    try:
        queues = [key for key in client.scan_iter("celery*") if client.type(key) == b"list"]
        with client.pipeline() as pipe:
            for queue in queues:
                pipe.llen(queue)
            pipe.hlen("unacked")
            return not any(pipe.execute())
    except redis.ConnectionError:
        return False
    finally:
        client.close()


def sweep_unacknowledged(redis_url: str) -> None:
    """What a worker's periodic sweep does (every ~100 s by default): put tasks left unacknowledged
    past the visibility timeout (3 s here) back in their queue."""
    with Connection(redis_url, transport_options={"visibility_timeout": 3}) as broker:
        broker.default_channel.qos.restore_visible(num=100, interval=1)


class Mailbox:
    """aiosmtpd handler: records each message accepted with 250, optionally slowly."""

    def __init__(self):
        self.messages: list = []
        self.delay = 0.0
        self.receiving = False

    async def handle_DATA(self, server, session, envelope):
        self.receiving = True
        try:
            await asyncio.sleep(self.delay)  # cancelled by aiosmtpd if the client disconnects meanwhile
        finally:
            self.receiving = False
        if server.transport is None or server.transport.is_closing():
            return "451 client went away"
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def subjects(self) -> list[str]:
        return [str(make_header(decode_header(m["Subject"]))) for m in self.messages]


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, mailbox
    controller.stop()


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        assert wait_for(lambda: _can_connect(self.port), 10)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


def _can_connect(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def environment(smtp, redis_server):
    db = connection.settings_dict
    host = db["HOST"]
    url = f"postgres://{db['USER']}@/{db['NAME']}?host={host}&port={db['PORT'] or 5432}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": url,
        "REDIS_URL": redis_server.url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp[0]),
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "NOTIFICATION_REQUEUE_AFTER_SECONDS": "0",
        "PYTHONWARNINGS": "ignore",
    }


class Worker:
    def __init__(self, env, log: Path):
        self.env = env
        self.log = log
        self.process = None

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def start(self):
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "-P",
                "solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )

    def stop(self, sig=signal.SIGTERM):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(20)


@pytest.fixture
def worker(environment, tmp_path):
    running = Worker(environment, tmp_path / "worker.log")
    running.start()
    yield running
    running.stop()


def run(environment, code: str) -> None:
    """Run Python in a separate Django process, as the web process or beat would."""
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-4000:]


def grant_event(membership_id: int, user_id: int, times: int = 1) -> str:
    return (
        "from django.db import transaction\n"
        "from portal.models import Membership, User\n"
        "from portal.notifications import notify\n"
        f"for i in range({times}):\n"
        "    with transaction.atomic():\n"
        f"        notify('membership.granted', target=Membership.objects.get(pk={membership_id}),"
        f" recipients=[User.objects.get(pk={user_id})],"
        " context={'organisation': f'神石高原町{i}', 'role': 'municipal_staff'})\n"
    )


REQUEUE = "from portal.tasks import requeue_pending_deliveries; requeue_pending_deliveries()"


@pytest.fixture
def staff(reference_data):
    return make_user("staff@jinseki.test", role=Role.MUNICIPAL_STAFF, organisation=org(JINSEKI))


def test_one_event_gives_exactly_one_message(environment, worker, smtp, staff):
    _port, mailbox = smtp
    run(environment, grant_event(staff.memberships.get().pk, staff.pk))
    assert wait_for(lambda: len(mailbox.messages) == 1)
    assert wait_for(lambda: broker_idle(environment["REDIS_URL"]))
    assert len(mailbox.messages) == 1
    assert mailbox.messages[0]["To"] == staff.email
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_a_broker_outage_at_commit_only_delays_the_mail(environment, redis_server, worker, smtp, staff):
    _port, mailbox = smtp
    redis_server.stop()
    run(environment, grant_event(staff.memberships.get().pk, staff.pk))  # commits while Redis is down
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.enqueued_at is None
    redis_server.start()  # the worker reconnects by itself
    run(environment, REQUEUE)  # what beat does every two minutes
    assert wait_for(lambda: len(mailbox.messages) == 1)
    run(environment, REQUEUE)
    assert wait_for(lambda: broker_idle(environment["REDIS_URL"]))
    assert len(mailbox.messages) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


def test_a_worker_killed_while_sending_still_delivers_exactly_once(environment, worker, smtp, staff):
    _port, mailbox = smtp
    mailbox.delay = 3.0
    run(environment, grant_event(staff.memberships.get().pk, staff.pk))
    assert wait_for(lambda: mailbox.receiving, 90), worker.output()
    worker.stop(signal.SIGKILL)
    assert wait_for(lambda: not mailbox.receiving, 10)
    assert mailbox.messages == []
    mailbox.delay = 0.0
    assert Delivery.objects.get().status == Delivery.Status.PENDING  # the kill rolled the send back
    worker.start()
    run(environment, REQUEUE)
    assert wait_for(lambda: len(mailbox.messages) == 1, 90), worker.output()
    # The killed worker's unacknowledged task comes back after its visibility timeout; once it has
    # run again and nothing is left in the broker, it has sent no second mail.
    redis_url = environment["REDIS_URL"]
    assert wait_for(lambda: sweep_unacknowledged(redis_url) or broker_idle(redis_url), 60), worker.output()
    assert len(mailbox.messages) == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_digest_preference_gives_one_digest_with_every_item(environment, worker, smtp, reference_data):
    _port, mailbox = smtp
    coordinator = make_user(
        "coord@hiroshima.test", role=Role.PREFECTURE_COORDINATOR, organisation=org("340006")
    )
    NotificationPreference.objects.create(user=coordinator, category="membership", mode="digest")
    run(
        environment,
        "from django.db import transaction\n"
        "from portal.models import Invitation, Organisation, Role, User\n"
        "from portal.notifications import notify\n"
        "coordinator = User.objects.get(email='coord@hiroshima.test')\n"
        f"organisation = Organisation.objects.get(lg_code='{JINSEKI}')\n"
        "invitation = Invitation(email='x@x.test', full_name='x', organisation=organisation,"
        " role=Role.MUNICIPAL_STAFF, invited_by=coordinator)\n"
        "invitation.set_token('t'); invitation.save()\n"
        "for name in ['一郎', '二郎', '三郎']:\n"
        "    with transaction.atomic():\n"
        "        notify('invitation.accepted', target=invitation, recipients=[coordinator],"
        " context={'name': name, 'email': 'x@x.test', 'organisation': '神石高原町',"
        " 'role': 'municipal_staff'})\n",
    )
    assert (
        Delivery.objects.filter(channel=Delivery.Channel.DIGEST, status=Delivery.Status.PENDING).count() == 3
    )
    assert wait_for(lambda: broker_idle(environment["REDIS_URL"]))
    assert mailbox.messages == []  # digest only: nothing mailed yet
    run(environment, "from portal.tasks import send_daily_digests; send_daily_digests()")  # beat at 08:00 JST
    assert wait_for(lambda: len(mailbox.messages) == 1)
    assert wait_for(lambda: broker_idle(environment["REDIS_URL"]))
    assert len(mailbox.messages) == 1
    assert mailbox.messages[0]["To"] == coordinator.email
    body = mailbox.messages[0].get_payload()[0].get_payload(decode=True).decode()
    assert body.index("三郎") < body.index("二郎") < body.index("一郎")
    assert "3件" in mailbox.subjects()[0]
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()


def invite_three(coordinator_email: str) -> str:
    return (
        "from portal import services\n"
        "from portal.models import Organisation, Role, User\n"
        f"coordinator = User.objects.get(email='{coordinator_email}')\n"
        f"organisation = Organisation.objects.get(lg_code='{JINSEKI}')\n"
        "for n in range(3):\n"
        "    services.invite_person(organisation=organisation, role=Role.MUNICIPAL_STAFF,"
        " email=f'new{n}@jinseki.test', full_name=f'新人{n}', by=coordinator)\n"
    )


def ask_for_password_reset(email: str) -> str:
    """A password-reset request as the web process serves it, with the portal's own settings: its
    rate limits live in the database cache, so the page answers while Redis is down."""
    return (
        "from django.test import Client\n"
        f"response = Client().post('/accounts/password/reset/', {{'email': '{email}'}})\n"
        "assert response.status_code == 302, response.status_code\n"
    )


def test_invitations_and_a_password_reset_made_while_redis_is_down_arrive_once_after_one_sweep(
    environment, redis_server, worker, smtp, staff, client
):
    _port, mailbox = smtp
    coordinator = make_user(
        "coord@hiroshima.test", role=Role.PREFECTURE_COORDINATOR, organisation=org("340006")
    )
    redis_server.stop()
    run(environment, invite_three(coordinator.email) + ask_for_password_reset(staff.email))
    assert Delivery.objects.filter(status=Delivery.Status.PENDING, enqueued_at__isnull=True).count() == 4
    redis_server.start()  # the worker reconnects by itself
    run(environment, REQUEUE)  # one beat sweep
    everything_sent = lambda: not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()  # noqa: E731
    assert wait_for(everything_sent), worker.output()
    recipients = sorted(m["To"] for m in mailbox.messages)
    assert recipients == sorted([staff.email, "new0@jinseki.test", "new1@jinseki.test", "new2@jinseki.test"])
    # Each row was marked sent with its mail, so nothing is left for any later sweep or retry to send.
    assert not Delivery.objects.filter(status=Delivery.Status.PENDING).exists()

    for message in mailbox.messages:
        body = message.get_payload()[0] if message.is_multipart() else message
        text = body.get_payload(decode=True).decode()
        if message["To"] != staff.email:
            token = re.search(r"/invitations/accept/(\S+)/", text).group(1)
            assert Invitation.objects.get(email=message["To"]).token_hash == hash_token(token)
            continue
        link = re.search(r"http://\S+(/accounts/password/reset/key/\S+/)", text).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "Atarashii-2026-pw", "password2": "Atarashii-2026-pw"},
    )
    assert done.status_code == 302
    signed_in = client.post("/accounts/login/", {"login": staff.email, "password": "Atarashii-2026-pw"})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
