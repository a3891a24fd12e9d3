"""notify(): inbox rows, mail after commit, preferences, digests, idempotent delivery, visibility."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal import services
from portal.exceptions import PortalError
from portal.models import Delivery, Notification, NotificationPreference, Role
from portal.notifications import notify
from portal.tasks import requeue_pending_deliveries, send_daily_digests, send_deliveries
from tests.conftest import JINSEKI, org
from tests.portal.factories import sign_in


def granted(user):
    return user.memberships.get()


def tell(recipients, target, event="invitation.accepted", **context):
    return notify(
        event,
        target=target,
        recipients=recipients,
        context={
            "name": "新人",
            "email": "n@x.test",
            "organisation": "神石高原町",
            "role": Role.MUNICIPAL_STAFF,
            **context,
        },
    )


@pytest.fixture
def invitation(coordinator):
    return services.invite_person(
        organisation=org(JINSEKI),
        role=Role.MUNICIPAL_STAFF,
        email="n@x.test",
        full_name="新人",
        by=coordinator,
    )


def test_one_inbox_row_and_one_mail_per_recipient_after_commit(
    coordinator, admin_user, invitation, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tell([coordinator, coordinator, admin_user], invitation)
    assert mail.outbox == []  # nothing leaves before commit
    assert Notification.objects.filter(event="invitation.accepted").count() == 2
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, admin_user.email])
    assert all(m.subject.startswith("[地域DX推進ポータル] 新人さんが招待を承諾し") for m in mail.outbox)
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2


def test_nobody_is_told_about_what_they_may_not_see(coordinator, other_coordinator, staff, invitation):
    notifications = tell([coordinator, other_coordinator, staff], invitation)
    assert [n.recipient for n in notifications] == [coordinator]


def test_a_sent_delivery_is_never_sent_again(coordinator, invitation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell([coordinator], invitation)
    mail.outbox.clear()
    delivery = Delivery.objects.get(notification__event="invitation.accepted")
    assert send_deliveries([delivery.pk]) == 0
    assert mail.outbox == []


def test_inbox_only_means_no_mail(coordinator, invitation, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=coordinator, category="membership", mode="inbox")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tell([coordinator], invitation)
    assert Notification.objects.filter(recipient=coordinator, event="invitation.accepted").count() == 1
    assert mail.outbox == []
    assert not Delivery.objects.filter(notification__event="invitation.accepted").exists()


def test_digest_collects_every_item_into_one_mail(
    coordinator, invitation, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=coordinator, category="membership", mode="digest")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("一郎", "二郎", "三郎"):
            tell([coordinator], invitation, name=name)
    assert mail.outbox == []
    assert send_daily_digests() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "お知らせのまとめ（3件）" in mail.outbox[0].subject
    assert body.index("三郎") < body.index("二郎") < body.index("一郎")  # newest first
    assert "■ 利用者と役割" in body
    assert send_daily_digests() == 0  # sent items are not sent again


def test_safety_events_are_mailed_at_once_whatever_the_preference(
    staff, coordinator, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=staff, category="account", mode="inbox")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_role(
            user=staff, organisation=org(JINSEKI), role=Role.MUNICIPAL_APPROVER, by=coordinator
        )
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "市区町村承認者の役割が付与されました" in mail.outbox[0].subject


def test_mail_is_written_in_the_recipients_language(
    coordinator, invitation, django_capture_on_commit_callbacks
):
    coordinator.language = "en"
    coordinator.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tell([coordinator], invitation)
    assert mail.outbox[0].subject == "[Regional DX Portal] 新人 accepted the invitation and joined 神石高原町"
    assert "Municipal staff" in mail.outbox[0].body


def test_pending_deliveries_are_requeued_after_a_broker_outage(
    coordinator, invitation, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(send_deliveries, "delay", broker_down)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tell([coordinator], invitation)
    delivery = Delivery.objects.get(notification__event="invitation.accepted")
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.enqueued_at is None
    monkeypatch.undo()
    assert requeue_pending_deliveries() == 0  # too fresh: it may still be on its way
    Delivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert requeue_pending_deliveries() == 1
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert requeue_pending_deliveries() == 0


def test_spine_events_notify_the_right_people(coordinator, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_person(
            organisation=org(JINSEKI),
            role=Role.MUNICIPAL_STAFF,
            email="new@jinseki.test",
            full_name="新人",
            by=admin_user,
        )
    assert Notification.objects.filter(event="invitation.sent", recipient=coordinator).exists()
    assert not Notification.objects.filter(event="invitation.sent", recipient=admin_user).exists()
    with django_capture_on_commit_callbacks(execute=True):
        user, _membership = services.accept_invitation(invitation=invitation, password="kousei-2026-Pass")
    assert set(
        Notification.objects.filter(event="invitation.accepted").values_list("recipient__email", flat=True)
    ) == {coordinator.email, admin_user.email}
    assert Notification.objects.filter(event="membership.granted", recipient=user).count() == 1


def test_notify_costs_the_same_queries_for_many_recipients(
    coordinator, invitation, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.models import Organisation
    from tests.conftest import make_user

    hiroshima = Organisation.objects.get(lg_code="340006")
    with CaptureQueriesContext(connection) as few:
        tell([coordinator], invitation)
    baseline = len(few)  # read at once: a request resets the query log
    many = [
        make_user(f"c{i}@hiroshima.test", role=Role.PREFECTURE_COORDINATOR, organisation=hiroshima)
        for i in range(30)
    ]
    with django_assert_max_num_queries(baseline):
        notifications = tell(many, invitation)
    assert len(notifications) == 30


def test_adding_a_second_factor_is_audited_and_mailed_at_once(
    client, staff, django_capture_on_commit_callbacks
):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.signals import authenticator_added

    from portal.models import AuditEvent

    NotificationPreference.objects.create(user=staff, category="account", mode="inbox")
    mail.outbox.clear()
    authenticator = Authenticator(user=staff, type=Authenticator.Type.TOTP)
    with django_capture_on_commit_callbacks(execute=True):
        authenticator_added.send(sender=Authenticator, request=None, user=staff, authenticator=authenticator)
    assert [m.subject for m in mail.outbox] == ["[地域DX推進ポータル] 二要素認証の方法が追加されました"]
    assert AuditEvent.objects.filter(verb="account.security_changed", actor=staff).count() == 1
    assert Notification.objects.get(recipient=staff).url == "/accounts/2fa/"


def test_changing_the_password_notifies_the_owner(client, staff, django_capture_on_commit_callbacks):
    sign_in(client, staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password/change/",
            {
                "oldpassword": "correct-horse-battery-staple-2026",
                "password1": "Atarashii-2026-pw",
                "password2": "Atarashii-2026-pw",
            },
        )
    assert response.status_code == 302
    assert [m.subject for m in mail.outbox] == ["[地域DX推進ポータル] パスワードが変更されました"]


def test_a_delivery_that_keeps_failing_is_given_up(
    coordinator, invitation, monkeypatch, django_capture_on_commit_callbacks
):
    import smtplib

    from portal.tasks import MAX_ATTEMPTS, _record_failure

    monkeypatch.setattr(send_deliveries, "delay", lambda ids: None)
    with django_capture_on_commit_callbacks(execute=True):
        tell([coordinator], invitation)
    delivery = Delivery.objects.get(notification__event="invitation.accepted")
    for _attempt in range(MAX_ATTEMPTS - 1):
        _record_failure(delivery.pk, smtplib.SMTPServerDisconnected("gone"))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        Delivery.Status.PENDING,
        MAX_ATTEMPTS - 1,
        "gone",
    )
    _record_failure(delivery.pk, smtplib.SMTPServerDisconnected("gone"))
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    with pytest.raises(PortalError, match="送信失敗"):
        delivery.move_to(Delivery.Status.SENT)
