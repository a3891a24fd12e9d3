"""Every mail through the outbox: invitations and django-allauth's mails are delivery rows first."""

import contextlib
import logging
import re
import smtplib
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.utils.html import escape

from portal import services
from portal.models import Delivery, Invitation, Role, hash_token
from portal.tasks import requeue_pending_deliveries, send_deliveries
from tests.conftest import JINSEKI, org
from tests.portal.factories import sign_in
from tests.portal.test_delivery_integration import Mailbox, wait_for

RESET_LINK = re.compile(r"http://\S+(/accounts/password/reset/key/\S+/)")
INVITATION_LINK = re.compile(r"http://\S+/invitations/accept/(\S+)/")


def invite(by, email="new@jinseki.test", **extra):
    return services.invite_person(
        organisation=org(JINSEKI),
        role=Role.MUNICIPAL_STAFF,
        email=email,
        full_name="新人 職員",
        by=by,
        **extra,
    )


def pending_ids() -> list[int]:
    return list(Delivery.objects.filter(status=Delivery.Status.PENDING).values_list("pk", flat=True))


def test_an_invitation_is_a_delivery_row_in_the_inviting_transaction(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the broker never hears of it
        invitation = invite(coordinator)
    delivery = Delivery.objects.get()
    assert (delivery.kind, delivery.invitation, delivery.status) == (
        Delivery.Kind.INVITATION,
        invitation,
        Delivery.Status.PENDING,
    )
    assert mail.outbox == []
    assert send_deliveries(pending_ids()) == 1
    token = INVITATION_LINK.search(mail.outbox[0].body).group(1)
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None
    assert hash_token(token) == invitation.token_hash
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert not any(token in str(value) for value in stored.values())  # only derivable with SECRET_KEY


def test_the_sweep_sends_invitations_and_account_mails_the_broker_never_got(
    client, coordinator, staff, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_REQUEUE_AFTER_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=False):
        invite(coordinator)
        client.post("/accounts/password/reset/", {"email": staff.email})
    assert mail.outbox == []
    assert requeue_pending_deliveries() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["new@jinseki.test", staff.email])
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
    assert requeue_pending_deliveries() == 0


def test_a_resent_invitation_mails_only_the_new_link(client, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        invitation = invite(coordinator)
        services.resend_invitation(invitation=invitation, by=coordinator)
    assert send_deliveries(pending_ids()) == 1
    old, new = Delivery.objects.order_by("pk")
    assert old.status == Delivery.Status.CANCELLED
    assert new.status == Delivery.Status.SENT
    url = INVITATION_LINK.search(mail.outbox[0].body).group(0).replace("http://127.0.0.1:8000", "")
    assert client.get(url).status_code == 200


def test_a_revoked_invitation_is_not_mailed(coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        invitation = invite(coordinator)
        services.revoke_invitation(invitation=invitation, by=coordinator)
    assert send_deliveries(pending_ids()) == 0
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.CANCELLED


def test_a_rotated_secret_key_still_mails_a_working_link(
    client, coordinator, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        invite(coordinator)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-only-0123456789abcdefghijklmnop"
    send_deliveries(pending_ids())
    url = INVITATION_LINK.search(mail.outbox[0].body).group(0).replace("http://127.0.0.1:8000", "")
    assert client.get(url).status_code == 200


def test_account_mails_are_written_in_the_recipients_language(
    client, staff, django_capture_on_commit_callbacks
):
    staff.language = "en"
    staff.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": staff.email}, headers={"accept-language": "ja"})
    (message,) = mail.outbox
    assert message.subject.startswith("[Regional DX Portal] ")
    assert "password" in message.body.lower()
    assert Delivery.objects.get().template == "account/email/password_reset_key"


def test_the_reset_link_leaves_the_database_once_the_mail_is_sent(
    client, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/accounts/password/reset/", {"email": staff.email})
    assert "/accounts/password/reset/key/" in Delivery.objects.get().body_text
    send_deliveries(pending_ids())
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SENT
    assert (delivery.body_text, delivery.body_html) == ("", "")
    assert RESET_LINK.search(mail.outbox[0].body)


def test_admins_see_deliveries_by_status_with_the_last_error_but_never_a_link(
    client, admin_user, coordinator, staff, settings, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=False):
        invite(coordinator)
        client.post("/accounts/password/reset/", {"email": staff.email})
        client.post("/accounts/password/reset/", {"email": admin_user.email})
    # The first two are sent (links captured from the mails); the admin's own reset fails at SMTP.
    first_two = pending_ids()[:2]
    send_deliveries(first_two)
    secrets = [INVITATION_LINK.search(mail.outbox[0].body).group(1)]
    secrets += [RESET_LINK.search(mail.outbox[1].body).group(1)]
    failing = Delivery.objects.get(status=Delivery.Status.PENDING)
    secrets.append(RESET_LINK.search(failing.body_text).group(1))
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 2},
        }
    }
    with pytest.raises(OSError):
        send_deliveries([failing.pk])
    failing.refresh_from_db()
    assert failing.attempts == 1 and "refused" in failing.last_error.lower()

    client.logout()
    sign_in(client, admin_user)
    response = client.get("/admin/portal/delivery/", {"status__exact": "pending"})
    assert response.context["cl"].result_count == 1
    page = response.content.decode()
    assert escape(failing.last_error[:40]) in page
    assert "account/email/password_reset_key" in page
    assert client.get("/admin/portal/delivery/", {"status__exact": "sent"}).context["cl"].result_count == 2
    everything = client.get("/admin/portal/delivery/").content.decode()
    details = "".join(
        client.get(f"/admin/portal/delivery/{pk}/change/").content.decode()
        for pk in Delivery.objects.values_list("pk", flat=True)
    )
    invitation = Invitation.objects.get()
    invitation_page = client.get(f"/admin/portal/invitation/{invitation.pk}/change/").content.decode()
    assert invitation.full_name in invitation_page
    assert invitation.token_nonce not in invitation_page
    details += invitation_page
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"delivery {failing.pk} (account) attempt 1 failed" in logged
    for secret in secrets:
        for path in (secret, secret.rstrip("/").rsplit("/", 1)[-1]):
            assert path not in everything
            assert path not in page
            assert path not in details
            assert path not in logged


def test_an_outsider_cannot_open_the_delivery_admin(client, coordinator):
    sign_in(client, coordinator)
    assert client.get("/admin/portal/delivery/").status_code == 302


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def worker_thread():
    """A Celery worker in a thread, started when the test asks (memory broker, or Redis with REDIS_URL)."""
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    app.conf.task_always_eager = False  # conftest restores it
    with contextlib.ExitStack() as stack:
        yield lambda: stack.enter_context(
            start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10)
        )


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_never_touches_smtp_in_the_request_and_arrives_once_smtp_is_back(
    client, staff, settings, monkeypatch, worker_thread
):
    port = _closed_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    connections = []
    connect = smtplib.SMTP.connect

    def recording_connect(self, *args, **kwargs):
        connections.append(args)
        return connect(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "connect", recording_connect)
    response = client.post("/accounts/password/reset/", {"email": staff.email})
    assert response.status_code == 302
    assert connections == []  # the request only wrote a row and handed its id to the broker
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING

    worker_thread()  # SMTP still down: the worker's attempt fails and is retried with backoff
    assert wait_for(lambda: Delivery.objects.get().attempts >= 1)
    assert "refused" in Delivery.objects.get().last_error.lower()
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert wait_for(lambda: Delivery.objects.get().status == Delivery.Status.SENT, 60)
    finally:
        controller.stop()
    assert len(mailbox.messages) == 1
    assert mailbox.messages[0]["To"] == staff.email
    assert "/accounts/password/reset/key/" in mailbox.messages[0].get_payload(decode=True).decode()
