"""Mail subscriptions for anyone: double opt-in (nothing but the confirmation before it), a
throttle per address, one-click unsubscribe (RFC 8058) and a link in every mail, mail of each
public item at once or in the daily digest, all through the portal's outbox after commit, once."""

from __future__ import annotations

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from council import services, tasks
from council.models import Audience, CouncilError, Meeting, Publication, Subscription
from portal.models import Delivery
from tests.council.factories import add_material, announce, make_body, make_meeting

FAR = datetime.timedelta(minutes=11)


def link(message, name: str) -> str:
    """The path of the council link named `name` in a mail's text."""
    match = re.search(rf"http://127\.0\.0\.1:8000(/council/subscriptions/{name}/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def to(address: str) -> list:
    """The mails sent to an address (secretariat members get their own notifications beside them)."""
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def body(council):
    return make_body()


def subscribe(body, email="citizen@example.jp", frequency="immediate", **kwargs):
    return services.subscribe(email=email, body=body, frequency=frequency, **kwargs)


def test_only_the_confirmation_leaves_before_the_address_is_confirmed(
    client, body, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert subscribe(body)
    (confirmation,) = mail.outbox
    assert confirmation.to == ["citizen@example.jp"] and "購読の確認" in confirmation.subject
    delivery = Delivery.objects.get()
    assert (delivery.kind, delivery.status, delivery.template) == (
        "subscription",
        "sent",
        "council/council_subscription_confirm",
    )
    assert delivery.body_text == "" and delivery.headers == {}  # live links are forgotten once sent
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    assert len(to("citizen@example.jp")) == 1  # not confirmed: no notice
    # A GET (a mail scanner following the link) confirms nothing; the button does.
    confirm = link(confirmation, "confirm")
    assert "登録する" in client.get(confirm).content.decode()
    assert not Subscription.objects.active().exists()
    response = client.post(confirm)
    assert response.status_code == 302
    subscription = Subscription.objects.active().get()
    assert subscription.frequency == "immediate"
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    notice = to("citizen@example.jp")[-1]
    assert notice.subject == f"[地域DX推進ポータル] {meeting} 開催案内"
    assert f"/council/meetings/{meeting.pk}/" in notice.body


def test_every_mail_carries_one_click_unsubscribe(
    client, body, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(body)
    client.post(link(mail.outbox[0], "confirm"))
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    for message in to("citizen@example.jp"):
        unsubscribe = link(message, "unsubscribe")
        assert message.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{unsubscribe}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # RFC 8058: the mail program POSTs without a CSRF token or session.
    client.logout()
    response = client.post(
        unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and "解除しました" in response.content.decode()
    assert not Subscription.objects.active().exists()
    assert client.post(unsubscribe).status_code == 200  # twice changes nothing
    sent = len(to("citizen@example.jp"))
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    assert sent == 2 and len(to("citizen@example.jp")) == sent


def test_the_form_cannot_flood_an_address(client, body, django_capture_on_commit_callbacks):
    other_body = make_body("共通SaaSワーキンググループ")
    url = reverse("council:subscription-create", args=[body.pk])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            response = client.post(url, {"email": "victim@example.jp", "frequency": "daily"}, follow=True)
            assert "確認のメールを送りました" in response.content.decode()
        assert not subscribe(other_body, email="VICTIM@example.jp")
    assert len(to("victim@example.jp")) == 1
    assert Subscription.objects.filter(email__iexact="victim@example.jp").count() == 2
    later = timezone.now() + FAR
    with django_capture_on_commit_callbacks(execute=True):
        assert subscribe(body, email="victim@example.jp", now=later)
    assert len(to("victim@example.jp")) == 2


def test_the_form_says_what_is_wrong_and_keeps_what_was_typed(client, body):
    url = reverse("council:subscription-create", args=[body.pk])
    page = client.post(url, {"email": "not-an-address", "frequency": "daily"}).content.decode()
    assert "有効なメールアドレスを入力してください" in page and 'value="not-an-address"' in page
    assert not Subscription.objects.exists()


def test_an_altered_or_expired_link_does_nothing(client, body, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(body)
    confirm = link(mail.outbox[0], "confirm")
    assert client.post(confirm[:-3] + "xx/").status_code == 404
    unsubscribe = link(mail.outbox[0], "unsubscribe")
    assert client.post(unsubscribe.replace("unsubscribe", "confirm")).status_code == 404
    with mock.patch("django.core.signing.time.time", return_value=timezone.now().timestamp() + 8 * 86400):
        assert client.post(confirm).status_code == 404
    assert not Subscription.objects.active().exists()
    with pytest.raises(CouncilError):
        services.subscribe(email="x@example.jp", body=body, frequency="weekly")


def test_only_public_items_are_mailed_each_once(body, secretariat, django_capture_on_commit_callbacks):
    subscription = Subscription.objects.create(
        email="citizen@example.jp", body=body, confirmed_at=timezone.now(), digest_sent_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED, audience=Audience.MEMBERS)
        public = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
        add_material(public, secretariat, number="1", title="公開資料")
        add_material(public, secretariat, number="2", title="構成員限り", audience=Audience.MEMBERS)
    subjects = [m.subject for m in to("citizen@example.jp")]
    assert subjects == [
        f"[地域DX推進ポータル] {public} 開催案内",
        f"[地域DX推進ポータル] {public} 資料1 公開資料",
    ]
    publication = Publication.objects.get(kind="meeting")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mail_publication(publication_id=publication.pk) == 0
        assert tasks.send_due_publication_mail() == 0
    assert len(to("citizen@example.jp")) == 2
    assert Delivery.objects.filter(recipient_email=subscription.email).count() == 2


def test_an_item_released_later_is_mailed_from_its_minute(
    body, secretariat, django_capture_on_commit_callbacks
):
    Subscription.objects.create(email="citizen@example.jp", body=body, confirmed_at=timezone.now())
    release = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED, release_at=release)
    assert to("citizen@example.jp") == []
    publication = Publication.objects.get()
    assert (
        services.mail_publication(publication_id=publication.pk, now=release - datetime.timedelta(seconds=1))
        == 0
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mail_publication(publication_id=publication.pk, now=release) == 1
    assert len(to("citizen@example.jp")) == 1


def test_daily_subscribers_get_one_digest_a_day(body, secretariat, django_capture_on_commit_callbacks):
    start = timezone.now() - datetime.timedelta(hours=1)
    subscription = Subscription.objects.create(
        email="daily@example.jp", body=body, frequency="daily", confirmed_at=start, digest_sent_at=start
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
        second = make_meeting(body, secretariat)
        announce(second, secretariat)
    assert to("daily@example.jp") == []  # nothing at once for a daily subscriber
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_subscription_digests() == 2
        assert tasks.send_subscription_digests() == 0
    (digest,) = to("daily@example.jp")
    assert "（2件）" in digest.subject and str(first) in digest.body and str(second) in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/council/subscriptions/unsubscribe/" in digest.body
    subscription.refresh_from_db()
    assert subscription.digest_sent_at > start
