"""Workflows of bodies and meetings: rosters, 第N回, status, 議事次第 and attendance."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from council import permissions
from council.models import (
    Attendance,
    Audience,
    Body,
    BodyMember,
    CouncilError,
    Meeting,
    Substitute,
)
from council.services._common import (
    NOT_ALLOWED,
    check_audience,
    other_secretariat,
    require_manager,
    seat_holders,
)
from council.services.agenda import approve_agenda_with_meeting
from council.services.materials import approve_versions_with_meeting
from council.services.search import index_meeting
from council.services.subscriptions import publish_to_subscribers
from portal.audit import record
from portal.models import User
from portal.notifications import notify
from portal.workflow import require, require_another_person, transition


@transaction.atomic
def add_body_member(
    *,
    body: Body,
    by: User,
    name: str,
    affiliation: str,
    position: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    user: User | None = None,
) -> BodyMember:
    """Give someone a seat on a body for a term."""
    require_manager(by, body)
    if term_end is not None and term_end < term_start:
        raise CouncilError(_("任期終了は任期開始以降の日付にしてください。"))
    member = BodyMember.objects.create(
        body=body,
        name=name,
        affiliation=affiliation,
        position=position,
        term_start=term_start,
        term_end=term_end,
        user=user,
    )
    record(member, "council.member_added", actor=by, scope=body.council, data={"position": position})
    return member


@transaction.atomic
def create_meeting(
    *,
    body: Body,
    by: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    venue: str = "",
    is_online: bool = False,
    audience: str = Audience.PUBLIC,
    release_at: datetime.datetime | None = None,
    non_disclosure_reason: str = "",
) -> Meeting:
    """Draft the next meeting of a body, numbered 第N回 in the order meetings are created."""
    require_manager(by, body)
    check_audience(audience, non_disclosure_reason)
    if not is_online and not venue.strip():
        raise CouncilError(_("場所を入力するか、オンライン開催にしてください。"))
    if ends_at is not None and ends_at <= starts_at:
        raise CouncilError(_("終了日時は開始日時より後にしてください。"))
    # Locking the body serialises numbering: two secretariat members creating at once get N and N+1.
    Body.objects.select_for_update().get(pk=body.pk)
    last = Meeting.objects.filter(body=body).aggregate(last=Max("number"))["last"] or 0
    meeting = Meeting.objects.create(
        body=body,
        number=last + 1,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue.strip(),
        is_online=is_online,
        audience=audience,
        release_at=release_at,
        non_disclosure_reason=non_disclosure_reason.strip() if audience != Audience.PUBLIC else "",
        created_by=by,
    )
    index_meeting(meeting)
    record(meeting, "council.meeting_created", actor=by, scope=body.council, data={"number": meeting.number})
    return meeting


def _meeting_context(meeting: Meeting, note: str = "") -> dict:
    return {
        "body": meeting.body.name,
        "number": meeting.number,
        "when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
        "place": meeting.place,
        "note": note,
    }


@transaction.atomic
def change_meeting_status(*, meeting: Meeting, status: str, by: User, note: str = "") -> Meeting:
    """Ask for approval, approve (another secretariat member: the meeting is announced), return,
    hold or cancel a meeting; each step tells the people who act or read next."""
    require(permissions.can_manage_meeting(by, meeting), NOT_ALLOWED, CouncilError)
    locked = Meeting.objects.select_for_update().select_related("body__council").get(pk=meeting.pk)
    now = timezone.now()
    changes: dict = {}
    if status == Meeting.Status.PENDING_APPROVAL:
        changes = {"approval_requested_by": by, "approval_requested_at": now}
    elif locked.status == Meeting.Status.PENDING_APPROVAL and status != Meeting.Status.CANCELLED:
        # Approving and returning are the other person's; whoever asked may still cancel.
        require_another_person(acted_by=locked.approval_requested_by, by=by, error=CouncilError)
        if status == Meeting.Status.ANNOUNCED:
            changes = {"approved_by": by, "approved_at": now}
    if locked.is_published or status == Meeting.Status.ANNOUNCED:
        changes["sequence"] = locked.sequence + 1
    meeting = transition(
        locked,
        to=status,
        by=by,
        verb="council.meeting_status_changed",
        scope=locked.body.council,
        note=note,
        changes=changes,
    )
    if status == Meeting.Status.PENDING_APPROVAL:
        notify(
            "council.meeting_approval_requested",
            target=meeting,
            recipients=other_secretariat(meeting.body.council, besides=by),
            context={**_meeting_context(meeting), "requested_by": str(by)},
        )
    elif status == Meeting.Status.DRAFT:
        notify(
            "council.meeting_publication_returned",
            target=meeting,
            recipients=[meeting.approval_requested_by],
            context=_meeting_context(meeting, note),
        )
    # A meeting that was never approved was never announced: cancelling it tells nobody outside.
    elif status == Meeting.Status.ANNOUNCED or (status == Meeting.Status.CANCELLED and meeting.is_published):
        notify(
            f"council.meeting_{status}",
            target=meeting,
            recipients=seat_holders(meeting.body),
            context=_meeting_context(meeting, note),
        )
    if status == Meeting.Status.ANNOUNCED:
        approve_agenda_with_meeting(meeting=meeting, by=by)
        approve_versions_with_meeting(meeting=meeting, by=by)
        publish_to_subscribers(meeting)
    return meeting


@transaction.atomic
def add_substitute(
    *,
    member: BodyMember,
    by: User,
    name: str,
    affiliation: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
) -> Substitute:
    """Name someone who may attend in a seat holder's place (代理) between two dates."""
    require_manager(by, member.body)
    if not name.strip():
        raise CouncilError(_("代理の方の氏名を入力してください。"))
    if valid_to is not None and valid_to < valid_from:
        raise CouncilError(_("代理の終了日は開始日以降の日付にしてください。"))
    substitute = Substitute.objects.create(
        member=member,
        name=name.strip(),
        affiliation=affiliation.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    record(
        substitute,
        "council.substitute_added",
        actor=by,
        scope=member.body.council,
        data={"member": member.name, "name": substitute.name},
    )
    return substitute


@transaction.atomic
def record_attendance(
    *, meeting: Meeting, member: BodyMember, status: str, by: User, substitute: Substitute | None = None
) -> Attendance:
    """Record whether a seat holder attended, sent one of their substitutes (代理出席) or was absent."""
    require(permissions.can_manage_meeting(by, meeting), NOT_ALLOWED, CouncilError)
    if member.body_id != meeting.body_id:
        raise CouncilError(_("この会議体の構成員を選んでください。"))
    proxy = status == Attendance.Status.PROXY
    if proxy and substitute is None:
        raise CouncilError(_("代理出席の場合は、その構成員の代理の方を選んでください。"))
    if proxy and substitute.member_id != member.pk:
        raise CouncilError(_("代理出席者は、その構成員の代理として登録された方から選んでください。"))
    if proxy and not substitute.covers(timezone.localtime(meeting.starts_at).date()):
        raise CouncilError(_("この代理の方は、会議の日には代理の期間外です。"))
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={
            "status": status,
            "substitute": substitute if proxy else None,
            "proxy_name": str(substitute) if proxy else "",
        },
    )
    record(
        attendance,
        "council.attendance_recorded",
        actor=by,
        scope=meeting.body.council,
        data={"member": member.name, "status": status, "substitute": str(substitute) if proxy else ""},
    )
    return attendance
