"""Workflows of materials: the first version and each 差替え."""

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
    BodyMember,
    CouncilError,
    Material,
    MaterialVersion,
    Meeting,
)
from council.services._common import (
    NOT_ALLOWED,
    check_audience,
    require_editable,
)
from council.services.search import index_material, queue_extraction
from council.services.subscriptions import publish_to_subscribers
from portal.audit import record
from portal.models import User
from portal.notifications import notify
from portal.workflow import require


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
    require_editable(meeting)
    check_audience(audience, non_disclosure_reason)
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
    index_material(material)
    record(
        material,
        "council.material_added",
        actor=by,
        scope=meeting.body.council,
        data={"label": material.label},
    )
    # Added to a meeting already announced: the public (and subscribers) may read it now.
    publish_to_subscribers(material)
    return material


def _add_version(
    material: Material, *, by: User, data: bytes, file_name: str, change_note: str
) -> MaterialVersion:
    stored, file_format = files.store_material_file(data)
    last = material.versions.aggregate(last=Max("version"))["last"] or 0
    version = MaterialVersion.objects.create(
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
    queue_extraction(version)
    return version


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
    require_editable(material.meeting)
    version = _add_version(material, by=by, data=data, file_name=file_name, change_note=change_note.strip())
    index_material(material)
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
