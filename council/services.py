"""Workflows of the council: rosters, meetings and their 議事次第, materials and their 差替え."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from council import files, permissions
from council.models import (
    AgendaItem,
    Attendance,
    Audience,
    Body,
    BodyMember,
    CouncilError,
    Material,
    MaterialVersion,
    Meeting,
)
from portal.audit import record
from portal.models import User
from portal.notifications import notify
from portal.workflow import require, transition

NOT_ALLOWED = _("この操作を行う権限がありません。")


def _require_manager(by: User, body: Body) -> None:
    require(permissions.can_manage_body(by, body), NOT_ALLOWED, CouncilError)


def _check_audience(audience: str, reason: str) -> None:
    if audience != Audience.PUBLIC and not reason.strip():
        raise CouncilError(_("一般公開しない場合は、非公開の理由を入力してください。"))


def seat_holders(body: Body) -> list[User]:
    """The portal users who hold a seat on a body."""
    return list(User.objects.filter(council_seats__body=body, is_active=True).distinct())


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
    _require_manager(by, body)
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
    _require_manager(by, body)
    _check_audience(audience, non_disclosure_reason)
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
    record(meeting, "council.meeting_created", actor=by, scope=body.council, data={"number": meeting.number})
    return meeting


@transaction.atomic
def change_meeting_status(*, meeting: Meeting, status: str, by: User, note: str = "") -> Meeting:
    """Announce, hold or cancel a meeting; announcing or cancelling tells the body's seat holders."""
    require(permissions.can_manage_meeting(by, meeting), NOT_ALLOWED, CouncilError)
    meeting = transition(
        meeting,
        to=status,
        by=by,
        verb="council.meeting_status_changed",
        scope=meeting.body.council,
        note=note,
    )
    if status in (Meeting.Status.ANNOUNCED, Meeting.Status.CANCELLED):
        notify(
            f"council.meeting_{status}",
            target=meeting,
            recipients=seat_holders(meeting.body),
            context={
                "body": meeting.body.name,
                "number": meeting.number,
                "when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
                "place": meeting.place,
                "note": note,
            },
        )
    return meeting


def _require_editable(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise CouncilError(_("中止した会議は変更できません。"))


@transaction.atomic
def add_agenda_item(
    *,
    meeting: Meeting,
    by: User,
    title: str,
    parent: AgendaItem | None = None,
    presenter: str = "",
    duration_minutes: int | None = None,
) -> AgendaItem:
    """Append a line to the 議事次第, at the top level or as the next (n) under an item."""
    require(permissions.can_manage_meeting(by, meeting), NOT_ALLOWED, CouncilError)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_editable(meeting)
    if parent is not None and (parent.meeting_id != meeting.pk or parent.parent_id is not None):
        raise CouncilError(_("親の項目は、この会議の議事次第の最上位の項目から選んでください。"))
    last = AgendaItem.objects.filter(meeting=meeting, parent=parent).aggregate(last=Max("position"))["last"]
    item = AgendaItem.objects.create(
        meeting=meeting,
        parent=parent,
        position=(last or 0) + 1,
        title=title,
        presenter=presenter,
        duration_minutes=duration_minutes,
    )
    record(item, "council.agenda_item_added", actor=by, scope=meeting.body.council, data={"title": title})
    return item


@transaction.atomic
def add_material(
    *,
    meeting: Meeting,
    by: User,
    kind: str,
    number: str,
    title: str,
    data: bytes,
    file_name: str,
    agenda_item: AgendaItem | None = None,
    submitted_by: BodyMember | None = None,
    audience: str = Audience.PUBLIC,
    release_at: datetime.datetime | None = None,
    non_disclosure_reason: str = "",
) -> Material:
    """Attach a numbered material (its first version) to a meeting, checked by content and size."""
    require(permissions.can_manage_meeting(by, meeting), NOT_ALLOWED, CouncilError)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_editable(meeting)
    _check_audience(audience, non_disclosure_reason)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise CouncilError(_("議事次第の項目は、この会議のものから選んでください。"))
    if submitted_by is not None and submitted_by.body_id != meeting.body_id:
        raise CouncilError(_("提出した構成員は、この会議体の構成員から選んでください。"))
    last = Material.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"] or 0
    try:
        with transaction.atomic():
            material = Material.objects.create(
                meeting=meeting,
                agenda_item=agenda_item,
                kind=kind,
                number=number.strip(),
                title=title,
                submitted_by=submitted_by,
                position=last + 1,
                audience=audience,
                release_at=release_at,
                non_disclosure_reason=non_disclosure_reason.strip() if audience != Audience.PUBLIC else "",
            )
    except IntegrityError as error:
        raise CouncilError(
            _("この会議にはすでに同じ番号の資料があります。")
            if number.strip()
            else _("資料の番号を入力してください。")
        ) from error
    _add_version(material, by=by, data=data, file_name=file_name, change_note="")
    record(
        material,
        "council.material_added",
        actor=by,
        scope=meeting.body.council,
        data={"label": material.label},
    )
    return material


def _add_version(
    material: Material, *, by: User, data: bytes, file_name: str, change_note: str
) -> MaterialVersion:
    stored, file_format = files.store_material_file(data)
    last = material.versions.aggregate(last=Max("version"))["last"] or 0
    return MaterialVersion.objects.create(
        material=material,
        version=last + 1,
        file=stored,
        file_name=files.safe_file_name(file_name, file_format),
        file_format=file_format,
        size=len(data),
        change_note=change_note,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )


def people_to_tell_of_replacement(material: Material) -> list[User]:
    """Those who attended (in person or by proxy) the material's meeting, or else every seat holder."""
    attended = User.objects.filter(
        council_seats__body=material.meeting.body,
        is_active=True,
    )
    recorded = Attendance.objects.filter(meeting=material.meeting)
    if recorded.exists():
        present = recorded.exclude(status=Attendance.Status.ABSENT).values("member_id")
        attended = attended.filter(council_seats__in=present)
    return list(attended.distinct())


@transaction.atomic
def replace_material(
    *, material: Material, by: User, data: bytes, file_name: str, change_note: str
) -> MaterialVersion:
    """差替え: add the next version (the earlier ones are kept) and tell the meeting's attendees."""
    require(permissions.can_manage_meeting(by, material.meeting), NOT_ALLOWED, CouncilError)
    if not change_note.strip():
        raise CouncilError(_("差替えの内容を入力してください。"))
    material = (
        Material.objects.select_for_update().select_related("meeting__body__council").get(pk=material.pk)
    )
    _require_editable(material.meeting)
    version = _add_version(material, by=by, data=data, file_name=file_name, change_note=change_note.strip())
    record(
        material,
        "council.material_replaced",
        actor=by,
        scope=material.meeting.body.council,
        note=change_note,
        data={"version": version.version},
    )
    notify(
        "council.material_replaced",
        target=material,
        recipients=people_to_tell_of_replacement(material),
        context={
            "label": material.label,
            "title": material.title,
            "version": version.version,
            "meeting": str(material.meeting),
            "note": change_note.strip(),
        },
    )
    return version


@transaction.atomic
def record_attendance(
    *, meeting: Meeting, member: BodyMember, status: str, by: User, proxy_name: str = ""
) -> Attendance:
    """Record whether a seat holder attended, sent a substitute (代理出席) or was absent."""
    require(permissions.can_manage_meeting(by, meeting), NOT_ALLOWED, CouncilError)
    if member.body_id != meeting.body_id:
        raise CouncilError(_("この会議体の構成員を選んでください。"))
    if status == Attendance.Status.PROXY and not proxy_name.strip():
        raise CouncilError(_("代理出席者の氏名を入力してください。"))
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={
            "status": status,
            "proxy_name": proxy_name.strip() if status == Attendance.Status.PROXY else "",
        },
    )
    record(
        attendance,
        "council.attendance_recorded",
        actor=by,
        scope=meeting.body.council,
        data={"member": member.name, "status": status},
    )
    return attendance
