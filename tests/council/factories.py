"""Builders for the council's tests: a body with a roster, meetings, materials with real file bytes."""

from __future__ import annotations

import datetime
import io
import zipfile
from zoneinfo import ZoneInfo

from council import services
from council.models import Audience, Body, BodyMember, Material, Meeting, Minutes
from council.pdf import minimal_pdf
from portal.models import Role, User
from tests.conftest import make_council, make_user

JST = ZoneInfo("Asia/Tokyo")
PDF = minimal_pdf(["Test material"])


def office_file(main_part: str = "word/document.xml") -> bytes:
    """A zip with the parts an Office file of that kind has (enough for the content check)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


def colleague() -> User:
    """A second member of the council's secretariat: the one who approves what the first prepared."""
    return User.objects.filter(email="colleague@council.test").first() or make_user(
        "colleague@council.test",
        name="事務局 同僚",
        role=Role.COUNCIL_SECRETARIAT,
        organisation=make_council(),
        mfa=True,
    )


def announce(meeting: Meeting, by, *, approver=None) -> Meeting:
    """Ask for approval as `by`; a colleague approves, and the meeting is announced."""
    meeting = services.change_meeting_status(meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=by)
    return services.change_meeting_status(
        meeting=meeting, status=Meeting.Status.ANNOUNCED, by=approver or colleague()
    )


def publish_minutes(minutes: Minutes, by, *, approver=None) -> Minutes:
    """Ask for approval as `by`; a colleague approves, and the minutes are published."""
    minutes = services.change_minutes_status(minutes=minutes, status=Minutes.Status.PENDING_APPROVAL, by=by)
    return services.change_minutes_status(
        minutes=minutes, status=Minutes.Status.PUBLISHED, by=approver or colleague()
    )


def make_body(name: str = "国・地方デジタル共通基盤推進連絡協議会") -> Body:
    return Body.objects.get_or_create(council=make_council(), name=name)[0]


def seat(body: Body, user=None, *, name: str = "構成 員", position=BodyMember.Position.MEMBER) -> BodyMember:
    return BodyMember.objects.create(
        body=body,
        name=name,
        affiliation="全国町村会",
        position=position,
        term_start=datetime.date(2024, 9, 1),
        user=user,
    )


def make_meeting(
    body: Body,
    by,
    *,
    status: str = Meeting.Status.DRAFT,
    starts_at: datetime.datetime | None = None,
    audience: str = Audience.PUBLIC,
    release_at=None,
) -> Meeting:
    starts_at = starts_at or datetime.datetime(2026, 12, 24, 10, 0, tzinfo=JST)
    meeting = services.create_meeting(
        body=body,
        by=by,
        starts_at=starts_at,
        is_online=True,
        audience=audience,
        release_at=release_at,
        non_disclosure_reason="" if audience == Audience.PUBLIC else "検討中の案のため",
    )
    if status != Meeting.Status.DRAFT:
        meeting = announce(meeting, by)
    return meeting


def approve_version(version, *, approver=None):
    """A colleague approves a version waiting for approval (one uploaded after the meeting's approval)."""
    if version.status != version.Status.PENDING_APPROVAL:
        return version
    return services.change_version_status(version=version, status="approved", by=approver or colleague())


def replace(material: Material, by, *, approve: bool = True, **kwargs):
    """差替え as `by`; unless `approve` is False a colleague approves the new version at once."""
    version = services.replace_material(
        material=material,
        by=by,
        data=kwargs.pop("data", PDF),
        file_name=kwargs.pop("file_name", "v2.pdf"),
        change_note=kwargs.pop("change_note", "訂正"),
    )
    return approve_version(version) if approve else version


def add_material(
    meeting: Meeting,
    by,
    *,
    number: str = "1",
    audience: str = Audience.PUBLIC,
    release_at=None,
    approve: bool = True,
    **kwargs,
) -> Material:
    """A material as `by`; added after the meeting's approval, a colleague approves it at once
    unless `approve` is False."""
    material = services.add_material(
        meeting=meeting,
        by=by,
        kind=kwargs.pop("kind", Material.Kind.MATERIAL),
        number=number,
        title=kwargs.pop("title", f"資料{number}の表題"),
        data=kwargs.pop("data", PDF),
        file_name=kwargs.pop("file_name", f"shiryo{number}.pdf"),
        audience=audience,
        release_at=release_at,
        non_disclosure_reason="" if audience == Audience.PUBLIC else "意思決定の過程にあるため",
        **kwargs,
    )
    if approve:
        approve_version(material.versions.get())
    return material


def add_agenda_item(*, approve: bool = True, **kwargs):
    """A line of the 議事次第 (the service's arguments); added after the meeting's approval, a
    colleague approves it at once unless `approve` is False."""
    item = services.add_agenda_item(**kwargs)
    if approve and item.status == item.Status.PENDING_APPROVAL:
        item = services.change_agenda_item_status(item=item, status="approved", by=colleague())
    return item
