"""Bodies, meetings 第N回 and their workflow, the 議事次第 and attendance: the services directly."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError

from council import services
from council.models import AgendaItem, Attendance, Audience, BodyMember, CouncilError, Meeting
from portal.models import AuditEvent, Notification
from tests.conftest import make_user
from tests.council.factories import JST, make_body, make_meeting, seat


def test_meetings_are_numbered_per_body_in_the_order_they_are_created(secretariat):
    council, wg = make_body(), make_body("共通SaaSワーキンググループ")
    first, second = make_meeting(council, secretariat), make_meeting(council, secretariat)
    wg_first = make_meeting(wg, secretariat)
    assert (first.number, second.number, wg_first.number) == (1, 2, 1)
    assert second.title == "第2回"


def test_only_the_secretariat_of_the_council_creates_meetings(secretariat, council_member, coordinator):
    body = make_body()
    for outsider in (council_member, coordinator):
        with pytest.raises(CouncilError):
            make_meeting(body, outsider)
    assert not Meeting.objects.exists()


def test_a_meeting_needs_a_place_or_online_and_a_reason_when_not_public(secretariat):
    body = make_body()
    starts = datetime.datetime(2026, 12, 24, 10, 0, tzinfo=JST)
    with pytest.raises(CouncilError):
        services.create_meeting(body=body, by=secretariat, starts_at=starts)
    with pytest.raises(CouncilError):
        services.create_meeting(
            body=body, by=secretariat, starts_at=starts, is_online=True, audience=Audience.MEMBERS
        )
    with pytest.raises(IntegrityError):
        Meeting.objects.create(
            body=body,
            number=9,
            starts_at=starts,
            is_online=True,
            audience=Audience.MEMBERS,
            created_by=secretariat,
        )


def test_announcing_moves_through_transition_audits_and_tells_seat_holders(secretariat, council_member):
    body = make_body()
    seat(body, council_member)
    meeting = make_meeting(body, secretariat)
    assert [a.label for a in meeting.actions_for(secretariat)] == ["開催を案内する", "中止する"]
    assert meeting.actions_for(council_member) == []
    meeting = services.change_meeting_status(meeting=meeting, status=Meeting.Status.ANNOUNCED, by=secretariat)
    assert meeting.status == Meeting.Status.ANNOUNCED
    audit = AuditEvent.objects.get(verb="council.meeting_status_changed")
    assert audit.data["from"] == "draft" and audit.data["to"] == "announced"
    assert Notification.objects.get(recipient=council_member).event == "council.meeting_announced"


def test_a_member_cannot_announce_and_cancelling_needs_a_reason(secretariat, council_member):
    meeting = make_meeting(make_body(), secretariat)
    with pytest.raises(CouncilError):
        services.change_meeting_status(meeting=meeting, status=Meeting.Status.ANNOUNCED, by=council_member)
    with pytest.raises(CouncilError, match="理由"):
        services.change_meeting_status(meeting=meeting, status=Meeting.Status.CANCELLED, by=secretariat)
    cancelled = services.change_meeting_status(
        meeting=meeting, status=Meeting.Status.CANCELLED, by=secretariat, note="台風の接近のため"
    )
    assert cancelled.status == Meeting.Status.CANCELLED
    with pytest.raises(CouncilError):
        services.change_meeting_status(meeting=cancelled, status=Meeting.Status.ANNOUNCED, by=secretariat)


def test_a_meeting_is_held_only_once_it_has_started(secretariat):
    future = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    with pytest.raises(CouncilError, match="開始日時"):
        services.change_meeting_status(meeting=future, status=Meeting.Status.HELD, by=secretariat)
    past = make_meeting(
        make_body(),
        secretariat,
        status=Meeting.Status.ANNOUNCED,
        starts_at=datetime.datetime(2024, 9, 24, 10, 0, tzinfo=JST),
    )
    assert (
        services.change_meeting_status(meeting=past, status=Meeting.Status.HELD, by=secretariat).status
        == "held"
    )


def test_the_agenda_numbers_items_under_proceedings(secretariat):
    meeting = make_meeting(make_body(), secretariat)
    opening = services.add_agenda_item(meeting=meeting, by=secretariat, title="開会")
    proceedings = services.add_agenda_item(meeting=meeting, by=secretariat, title="議事")
    first = services.add_agenda_item(
        meeting=meeting, by=secretariat, parent=proceedings, title="基本方針について"
    )
    second = services.add_agenda_item(
        meeting=meeting,
        by=secretariat,
        parent=proceedings,
        title="意見交換",
        presenter="座長",
        duration_minutes=30,
    )
    closing = services.add_agenda_item(meeting=meeting, by=secretariat, title="閉会")
    assert [opening.position, proceedings.position, closing.position] == [1, 2, 3]
    assert [first.label, second.label, opening.label] == ["(1)", "(2)", ""]
    with pytest.raises(CouncilError):
        services.add_agenda_item(meeting=meeting, by=secretariat, parent=first, title="三段目は作らない")
    other = make_meeting(make_body(), secretariat)
    with pytest.raises(CouncilError):
        services.add_agenda_item(meeting=other, by=secretariat, parent=proceedings, title="別の会議の項目")
    assert AgendaItem.objects.filter(meeting=meeting).count() == 5


def test_attendance_marks_substitutes_and_observers(secretariat):
    body = make_body()
    meeting = make_meeting(body, secretariat)
    member = seat(body, name="江藤 聡")
    observer = seat(body, name="加藤 直美", position=BodyMember.Position.OBSERVER)
    with pytest.raises(CouncilError):
        services.record_attendance(
            meeting=meeting, member=member, status=Attendance.Status.PROXY, by=secretariat
        )
    proxy = services.record_attendance(
        meeting=meeting,
        member=member,
        status=Attendance.Status.PROXY,
        by=secretariat,
        proxy_name="藤井 学 事務局次長",
    )
    services.record_attendance(
        meeting=meeting, member=observer, status=Attendance.Status.PRESENT, by=secretariat
    )
    assert proxy.get_status_display() == "代理出席"
    assert observer.is_observer and not member.is_observer
    again = services.record_attendance(
        meeting=meeting, member=member, status=Attendance.Status.PRESENT, by=secretariat
    )
    assert again.pk == proxy.pk and again.proxy_name == ""


def test_a_roster_seat_is_added_by_the_secretariat_only(secretariat, council_member):
    body = make_body()
    member = services.add_body_member(
        body=body,
        by=secretariat,
        name="上田 恵子",
        affiliation="全国知事会",
        position=BodyMember.Position.CHAIR,
        term_start=datetime.date(2024, 9, 1),
        term_end=datetime.date(2026, 8, 31),
        user=council_member,
    )
    assert member.get_position_display() == "座長"
    with pytest.raises(CouncilError):
        services.add_body_member(
            body=body,
            by=council_member,
            name="x",
            affiliation="y",
            position=BodyMember.Position.MEMBER,
            term_start=datetime.date(2024, 9, 1),
        )


def test_cancelled_meetings_tell_seat_holders_by_mail(
    secretariat, council_member, django_capture_on_commit_callbacks
):
    body = make_body()
    seat(body, council_member)
    other = make_user("other-seat@test.jp")
    meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_meeting_status(
            meeting=meeting, status=Meeting.Status.CANCELLED, by=secretariat, note="延期"
        )
    assert Notification.objects.filter(event="council.meeting_cancelled", recipient=council_member).exists()
    assert not Notification.objects.filter(recipient=other).exists()
    assert any(council_member.email in m.to for m in mail.outbox)
