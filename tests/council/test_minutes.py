"""Minutes with speaker confirmation: drafting, asking, confirming or correcting, reminding, publishing."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from council import services, tasks
from council.models import CouncilError, Meeting, Minutes
from portal.models import AuditEvent, Notification
from tests.conftest import make_user
from tests.council.factories import JST, colleague, make_body, make_meeting, publish_minutes, seat
from tests.portal.factories import sign_in

PAST = datetime.datetime(2024, 9, 24, 10, 0, tzinfo=JST)


@pytest.fixture
def held(secretariat, council_member):
    """A held meeting with minutes of three remarks: two by a member with an account, one by the
    secretariat (nobody confirms that one), and a second member who has an account too."""
    body = make_body()
    chair = seat(body, council_member, name="青木 誠")
    other_user = make_user("ueda@council.test", name="上田 恵子")
    other = seat(body, other_user, name="上田 恵子")
    meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED, starts_at=PAST)
    meeting = services.change_meeting_status(meeting=meeting, status=Meeting.Status.HELD, by=secretariat)
    services.add_remark(meeting=meeting, by=secretariat, speaker_name="事務局", text="資料1を説明します。")
    services.add_remark(
        meeting=meeting, by=secretariat, speaker=chair, speaker_name="青木座長", text="共通化を進めたい。"
    )
    services.add_remark(
        meeting=meeting,
        by=secretariat,
        speaker=other,
        speaker_name="上田構成員",
        text="町村の声を聞いてほしい。",
    )
    services.add_remark(
        meeting=meeting, by=secretariat, speaker=chair, speaker_name="青木座長", text="承知した。"
    )
    return {"meeting": meeting, "minutes": Minutes.objects.get(meeting=meeting), "other_user": other_user}


def send(minutes, by, deadline=None):
    deadline = deadline or timezone.now() + datetime.timedelta(days=7)
    return services.change_minutes_status(
        minutes=minutes, status=Minutes.Status.CONFIRMING, by=by, confirm_by=deadline
    )


def test_remarks_are_drafted_only_for_a_held_meeting(secretariat):
    announced = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    with pytest.raises(CouncilError, match="開催済み"):
        services.add_remark(meeting=announced, by=secretariat, speaker_name="事務局", text="x")


def test_asking_for_confirmation_needs_a_future_deadline_and_tells_each_speaker(
    held, secretariat, council_member
):
    minutes = held["minutes"]
    with pytest.raises(CouncilError, match="期限"):
        send(minutes, secretariat, deadline=timezone.now() - datetime.timedelta(minutes=1))
    minutes = send(minutes, secretariat)
    assert minutes.status == Minutes.Status.CONFIRMING and minutes.sent_at
    told = Notification.objects.filter(event="council.minutes_confirmation_requested")
    assert {n.recipient for n in told} == {council_member, held["other_user"]}
    with pytest.raises(CouncilError, match="作成中"):
        services.add_remark(meeting=held["meeting"], by=secretariat, speaker_name="事務局", text="追加")


def test_a_speaker_confirms_and_corrects_only_their_own_remarks(held, secretariat, council_member, staff):
    minutes = send(held["minutes"], secretariat)
    chair_remarks = list(minutes.remarks.filter(speaker__user=council_member).order_by("position"))
    services.confirm_remarks(
        minutes=minutes, by=council_member, corrections={chair_remarks[0].pk: "共通化を着実に進めたい。"}
    )
    first, second = (r.__class__.objects.get(pk=r.pk) for r in chair_remarks)
    assert (
        first.text == "共通化を着実に進めたい。"
        and first.drafted_text == "共通化を進めたい。"
        and first.is_corrected
    )
    assert second.confirmed_at and not second.is_corrected
    assert not minutes.remarks.get(speaker_name="上田構成員").confirmed_at
    audit = AuditEvent.objects.get(verb="council.remarks_confirmed")
    assert audit.data["corrected"] == [first.pk]
    with pytest.raises(CouncilError, match="あなたの発言はありません"):
        services.confirm_remarks(minutes=minutes, by=staff, corrections={})


def test_publishing_waits_for_every_speaker_then_a_colleagues_approval(held, secretariat, council_member):
    approver = colleague()
    minutes = send(held["minutes"], secretariat)
    services.confirm_remarks(minutes=minutes, by=council_member, corrections={})
    with pytest.raises(CouncilError, match="まだ確認していない発言者"):
        services.change_minutes_status(
            minutes=minutes, status=Minutes.Status.PENDING_APPROVAL, by=secretariat
        )
    services.confirm_remarks(minutes=minutes, by=held["other_user"], corrections={})
    assert Notification.objects.filter(event="council.minutes_confirmed", recipient=secretariat).exists()
    with pytest.raises(CouncilError):  # no skipping the approval
        services.change_minutes_status(minutes=minutes, status=Minutes.Status.PUBLISHED, by=approver)
    minutes = services.change_minutes_status(
        minutes=minutes, status=Minutes.Status.PENDING_APPROVAL, by=secretariat
    )
    assert Notification.objects.get(event="council.minutes_approval_requested").recipient == approver
    assert not Minutes.objects.visible_to(council_member).filter(pk=minutes.pk).exists()
    assert not Minutes.objects.visible_to(None).filter(pk=minutes.pk).exists()
    with pytest.raises(CouncilError, match="別の承認者"):
        services.change_minutes_status(minutes=minutes, status=Minutes.Status.PUBLISHED, by=secretariat)
    minutes = services.change_minutes_status(minutes=minutes, status=Minutes.Status.PUBLISHED, by=approver)
    assert minutes.status == Minutes.Status.PUBLISHED and minutes.published_at
    assert minutes.approved_by == approver
    assert Meeting.objects.get(pk=held["meeting"].pk).status == Meeting.Status.MINUTES_PUBLISHED
    assert Minutes.objects.visible_to(None).filter(pk=minutes.pk).exists()


def test_returned_minutes_go_back_to_confirmation_with_the_reason(held, secretariat, council_member):
    minutes = send(held["minutes"], secretariat, deadline=timezone.now() + datetime.timedelta(hours=1))
    with mock.patch.object(timezone, "now", return_value=minutes.confirm_by):
        minutes = services.change_minutes_status(
            minutes=minutes, status=Minutes.Status.PENDING_APPROVAL, by=secretariat
        )
    approver = colleague()
    with pytest.raises(CouncilError, match="理由"):
        services.change_minutes_status(minutes=minutes, status=Minutes.Status.CONFIRMING, by=approver)
    # Returned after the deadline passed: going back to confirmation needs no new deadline.
    with mock.patch.object(timezone, "now", return_value=minutes.confirm_by + datetime.timedelta(days=1)):
        minutes = services.change_minutes_status(
            minutes=minutes, status=Minutes.Status.CONFIRMING, by=approver, note="発言者名の誤り"
        )
    assert minutes.status == Minutes.Status.CONFIRMING
    notice = Notification.objects.get(event="council.minutes_publication_returned")
    assert (notice.recipient, notice.context["note"]) == (secretariat, "発言者名の誤り")
    assert not Minutes.objects.visible_to(None).filter(pk=minutes.pk).exists()


def test_after_the_deadline_the_minutes_may_be_published_without_everyone(held, secretariat):
    deadline = timezone.now() + datetime.timedelta(days=7)
    minutes = send(held["minutes"], secretariat, deadline=deadline)
    just_before = deadline - datetime.timedelta(microseconds=1)
    with mock.patch.object(timezone, "now", return_value=just_before), pytest.raises(CouncilError):
        services.change_minutes_status(
            minutes=minutes, status=Minutes.Status.PENDING_APPROVAL, by=secretariat
        )
    with mock.patch.object(timezone, "now", return_value=deadline):
        minutes = publish_minutes(minutes, secretariat)
    assert minutes.status == Minutes.Status.PUBLISHED


def test_the_meeting_cannot_claim_published_minutes_on_its_own(held, secretariat):
    meeting = held["meeting"]
    assert Meeting.Status.MINUTES_PUBLISHED not in [a.to for a in meeting.actions_for(secretariat)]
    with pytest.raises(CouncilError, match="議事録が公開されていません"):
        services.change_meeting_status(
            meeting=meeting, status=Meeting.Status.MINUTES_PUBLISHED, by=secretariat
        )


def test_reminders_go_once_a_day_to_those_who_have_not_confirmed(held, secretariat, council_member):
    minutes = send(held["minutes"], secretariat)
    services.confirm_remarks(minutes=minutes, by=council_member, corrections={})
    assert tasks.remind_minutes_speakers() == 1
    assert tasks.remind_minutes_speakers() == 0  # already reminded today
    reminded = Notification.objects.filter(event="council.minutes_confirmation_reminder")
    assert [n.recipient for n in reminded] == [held["other_user"]]
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert services.remind_speakers(minutes_id=minutes.pk, now=tomorrow) == 1
    assert services.remind_speakers(minutes_id=minutes.pk, now=minutes.confirm_by) == 0  # deadline reached


def test_only_published_minutes_reach_their_audience(held, secretariat, council_member, client):
    minutes = held["minutes"]
    url = reverse("council:minutes-detail", args=[held["meeting"].pk])
    assert client.get(url).status_code == 404
    sign_in(client, council_member)
    assert client.get(url).status_code == 404
    minutes = send(minutes, secretariat)
    with mock.patch.object(timezone, "now", return_value=minutes.confirm_by):
        publish_minutes(minutes, secretariat)
    client.logout()
    page = client.get(url).content.decode()
    assert "町村の声を聞いてほしい。" in page and "事務局の案" not in page


def test_the_confirmation_page_is_the_speakers_alone(held, secretariat, council_member, staff, client):
    meeting = held["meeting"]
    url = reverse("council:minutes-confirm", args=[meeting.pk])
    send(held["minutes"], secretariat)
    sign_in(client, staff)
    assert client.get(url).status_code == 404
    sign_in(client, council_member)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "発言内容の確認" in dashboard and url in dashboard and "前に依頼" in dashboard
    page = client.get(url).content.decode()
    assert "共通化を進めたい。" in page and "町村の声" not in page
    remark, later = held["minutes"].remarks.get(position=2), held["minutes"].remarks.get(position=4)
    response = client.post(
        url, {f"remark_{remark.pk}": "共通化を進めたいと考える。", f"remark_{later.pk}": "承知した。"}
    )
    assert response.status_code == 302
    remark.refresh_from_db()
    assert remark.text == "共通化を進めたいと考える。" and remark.confirmed_at
    assert url not in client.get(reverse("portal:dashboard")).content.decode()


def test_the_summary_is_written_until_approval_is_asked_and_published_with_the_minutes(
    held, secretariat, council_member, client
):
    meeting = held["meeting"]
    with pytest.raises(CouncilError):
        services.save_minutes_summary(meeting=meeting, by=council_member, summary="要旨")
    announced = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    with pytest.raises(CouncilError, match="開催済み"):
        services.save_minutes_summary(meeting=announced, by=secretariat, summary="要旨")
    minutes = services.save_minutes_summary(
        meeting=meeting, by=secretariat, summary="  共通化の候補を議論した。 "
    )
    assert minutes.summary == "共通化の候補を議論した。"
    assert AuditEvent.objects.filter(verb="council.minutes_summary_saved").count() == 1
    minutes = send(minutes, secretariat)
    services.save_minutes_summary(meeting=meeting, by=secretariat, summary="共通化の候補（3件）を議論した。")
    url = reverse("council:meeting-detail", args=[meeting.pk])
    assert "共通化の候補" not in client.get(url).content.decode()  # not before publication
    with mock.patch.object(timezone, "now", return_value=minutes.confirm_by):
        minutes = services.change_minutes_status(
            minutes=minutes, status=Minutes.Status.PENDING_APPROVAL, by=secretariat
        )
    with pytest.raises(CouncilError, match="公開の承認を依頼した後"):
        services.save_minutes_summary(meeting=meeting, by=secretariat, summary="差し替え")
    sign_in(client, secretariat)
    summary_url = reverse("council:minutes-summary", args=[meeting.pk])
    assert client.get(summary_url)["Location"] == url  # the form is closed too
    assert summary_url not in client.get(url).content.decode()
    client.logout()
    assert "共通化の候補" not in client.get(url).content.decode()
    services.change_minutes_status(minutes=minutes, status=Minutes.Status.PUBLISHED, by=colleague())
    page = client.get(url).content.decode()
    assert "議事要旨" in page and "共通化の候補（3件）を議論した。" in page
    minutes_page = client.get(reverse("council:minutes-detail", args=[meeting.pk])).content.decode()
    assert "共通化の候補（3件）を議論した。" in minutes_page


def test_the_summary_form_keeps_what_was_typed_and_saves(held, secretariat, client):
    meeting = held["meeting"]
    url = reverse("council:minutes-summary", args=[meeting.pk])
    sign_in(client, secretariat)
    page = client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()
    assert url in page
    response = client.post(url, {"summary": ""})
    assert response.status_code == 200 and "このフィールドは必須です" in response.content.decode()
    response = client.post(url, {"summary": "要点を整理した。"})
    assert response.status_code == 302
    assert Minutes.objects.get(meeting=meeting).summary == "要点を整理した。"
    assert "要点を整理した。" in client.get(url).content.decode()
