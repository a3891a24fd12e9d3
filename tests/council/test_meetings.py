"""Bodies, meetings 第N回 and their workflow, the 議事次第 and attendance: the services directly."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from council import services
from council.models import AgendaItem, Attendance, Audience, BodyMember, CouncilError, Material, Meeting
from portal.models import AuditEvent, Notification
from tests.conftest import make_user
from tests.council.factories import JST, add_material, colleague, make_body, make_meeting, seat


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


def test_announcing_takes_a_colleagues_approval_audits_and_tells_seat_holders(secretariat, council_member):
    body = make_body()
    seat(body, council_member)
    approver = colleague()
    meeting = make_meeting(body, secretariat)
    assert [a.label for a in meeting.actions_for(secretariat)] == ["公開の承認を依頼する", "中止する"]
    assert meeting.actions_for(council_member) == []
    meeting = services.change_meeting_status(
        meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=secretariat
    )
    assert meeting.approval_requested_by == secretariat and meeting.approval_requested_at
    # The approver is told and finds it on their dashboard; the seat holders hear nothing yet.
    assert list(Notification.objects.values_list("recipient__email", "event")) == [
        (approver.email, "council.meeting_approval_requested")
    ]
    assert [a.label for a in meeting.actions_for(secretariat)] == ["中止する"]
    assert [a.label for a in meeting.actions_for(approver)] == ["承認して公開する", "差し戻す", "中止する"]
    meeting = services.change_meeting_status(meeting=meeting, status=Meeting.Status.ANNOUNCED, by=approver)
    assert meeting.status == Meeting.Status.ANNOUNCED
    assert (meeting.approved_by, meeting.sequence) == (approver, 1) and meeting.approved_at
    steps = AuditEvent.objects.filter(verb="council.meeting_status_changed").order_by("pk")
    assert [(e.actor, e.data["from"], e.data["to"]) for e in steps] == [
        (secretariat, "draft", "pending_approval"),
        (approver, "pending_approval", "announced"),
    ]
    assert Notification.objects.get(recipient=council_member).event == "council.meeting_announced"


def test_whoever_asked_for_approval_cannot_approve_and_a_draft_cannot_skip_approval(secretariat):
    meeting = make_meeting(make_body(), secretariat)
    with pytest.raises(CouncilError):
        services.change_meeting_status(meeting=meeting, status=Meeting.Status.ANNOUNCED, by=secretariat)
    with pytest.raises(CouncilError):
        services.change_meeting_status(meeting=meeting, status=Meeting.Status.ANNOUNCED, by=colleague())
    meeting = services.change_meeting_status(
        meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=secretariat
    )
    with pytest.raises(CouncilError, match="別の承認者"):
        services.change_meeting_status(meeting=meeting, status=Meeting.Status.ANNOUNCED, by=secretariat)
    with pytest.raises(CouncilError, match="別の承認者"):
        services.change_meeting_status(
            meeting=meeting, status=Meeting.Status.DRAFT, by=secretariat, note="やはり修正"
        )
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PENDING_APPROVAL


def test_nothing_reaches_an_audience_before_approval(secretariat, council_member, staff):
    body = make_body()
    seat(body, council_member)
    meeting = make_meeting(body, secretariat)
    add_material(meeting, secretariat)
    meeting = services.change_meeting_status(
        meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=secretariat
    )
    for reader in (None, staff, council_member):
        assert not Meeting.objects.visible_to(reader).filter(pk=meeting.pk).exists()
        assert not Material.objects.visible_to(reader).filter(meeting=meeting).exists()
    assert Meeting.objects.visible_to(colleague()).filter(pk=meeting.pk).exists()
    # Cancelling a meeting that was never approved does not publish it either.
    cancelled = services.change_meeting_status(
        meeting=meeting, status=Meeting.Status.CANCELLED, by=secretariat, note="日程再調整のため"
    )
    assert not Meeting.objects.visible_to(None).filter(pk=cancelled.pk).exists()
    assert not Notification.objects.filter(recipient=council_member).exists()
    # The database refuses an announced meeting without its approval, whatever code tries.
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.ANNOUNCED)


def test_returning_needs_a_reason_and_tells_whoever_asked(secretariat):
    approver = colleague()
    meeting = make_meeting(make_body(), secretariat)
    meeting = services.change_meeting_status(
        meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=secretariat
    )
    with pytest.raises(CouncilError, match="理由"):
        services.change_meeting_status(meeting=meeting, status=Meeting.Status.DRAFT, by=approver)
    returned = services.change_meeting_status(
        meeting=meeting, status=Meeting.Status.DRAFT, by=approver, note="会場の記載が誤っています"
    )
    assert returned.status == Meeting.Status.DRAFT and returned.approved_at is None
    notice = Notification.objects.get(recipient=secretariat)
    assert notice.event == "council.meeting_publication_returned"
    assert notice.context["note"] == "会場の記載が誤っています"
    assert not Meeting.objects.visible_to(None).filter(pk=meeting.pk).exists()


def test_a_member_cannot_ask_for_approval_and_cancelling_needs_a_reason(secretariat, council_member):
    meeting = make_meeting(make_body(), secretariat)
    with pytest.raises(CouncilError):
        services.change_meeting_status(
            meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=council_member
        )
    with pytest.raises(CouncilError, match="理由"):
        services.change_meeting_status(meeting=meeting, status=Meeting.Status.CANCELLED, by=secretariat)
    cancelled = services.change_meeting_status(
        meeting=meeting, status=Meeting.Status.CANCELLED, by=secretariat, note="台風の接近のため"
    )
    assert cancelled.status == Meeting.Status.CANCELLED
    with pytest.raises(CouncilError):
        services.change_meeting_status(
            meeting=cancelled, status=Meeting.Status.PENDING_APPROVAL, by=secretariat
        )


def test_the_approval_section_lists_what_colleagues_asked_with_its_age(rf, secretariat):
    from council.events import council_sections

    approver = colleague()
    meeting = make_meeting(make_body(), secretariat)
    services.change_meeting_status(meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=secretariat)

    def section(user):
        request = rf.get("/dashboard/")
        request.user = user
        return next(s for s in council_sections(request) if s["title"] == "公開の承認待ち")

    waiting = section(approver)["items"]
    assert [item["url"] for item in waiting] == [reverse("council:meeting-detail", args=[meeting.pk])]
    assert waiting[0]["since"] and "事務局 員" in waiting[0]["meta"]
    assert section(secretariat)["items"] == []


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
    substitute = services.add_substitute(
        member=member,
        by=secretariat,
        name="藤井 学",
        affiliation="事務局次長",
        valid_from=datetime.date(2024, 9, 1),
    )
    proxy = services.record_attendance(
        meeting=meeting, member=member, status=Attendance.Status.PROXY, by=secretariat, substitute=substitute
    )
    services.record_attendance(
        meeting=meeting, member=observer, status=Attendance.Status.PRESENT, by=secretariat
    )
    assert proxy.get_status_display() == "代理出席"
    assert observer.is_observer and not member.is_observer
    again = services.record_attendance(
        meeting=meeting, member=member, status=Attendance.Status.PRESENT, by=secretariat
    )
    assert again.pk == proxy.pk and again.proxy_name == "" and again.substitute is None
    assert proxy.substitute == substitute and proxy.proxy_name == "藤井 学（事務局次長）"


def test_a_proxy_is_one_of_the_members_substitutes_within_their_dates(secretariat, council_member):
    body = make_body()
    meeting = make_meeting(body, secretariat)  # 2026-12-24 JST
    member, other = seat(body, name="江藤 聡"), seat(body, name="小野 隆")
    others = services.add_substitute(
        member=other, by=secretariat, name="別人", affiliation="", valid_from=datetime.date(2024, 9, 1)
    )
    lapsed = services.add_substitute(
        member=member,
        by=secretariat,
        name="前任の代理",
        affiliation="",
        valid_from=datetime.date(2024, 9, 1),
        valid_to=datetime.date(2026, 12, 23),
    )
    for wrong, message in ((others, "その構成員の代理"), (lapsed, "期間外")):
        with pytest.raises(CouncilError, match=message):
            services.record_attendance(
                meeting=meeting,
                member=member,
                status=Attendance.Status.PROXY,
                by=secretariat,
                substitute=wrong,
            )
    current = services.add_substitute(
        member=member, by=secretariat, name="藤井 学", affiliation="", valid_from=datetime.date(2026, 12, 24)
    )
    attendance = services.record_attendance(
        meeting=meeting, member=member, status=Attendance.Status.PROXY, by=secretariat, substitute=current
    )
    assert attendance.substitute == current
    with pytest.raises(CouncilError, match="終了日"):
        services.add_substitute(
            member=member,
            by=secretariat,
            name="逆",
            affiliation="",
            valid_from=datetime.date(2026, 1, 2),
            valid_to=datetime.date(2026, 1, 1),
        )
    with pytest.raises(CouncilError):
        services.add_substitute(
            member=member,
            by=council_member,
            name="勝手",
            affiliation="",
            valid_from=datetime.date(2026, 1, 1),
        )
    assert AuditEvent.objects.filter(verb="council.substitute_added").count() == 3


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
