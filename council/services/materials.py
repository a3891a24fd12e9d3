"""Workflows of materials: the first version, each 差替え, and the approval of what is uploaded after
the meeting's own approval (nothing reaches an audience unapproved)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from council.services._common import NOT_ALLOWED, check_audience, require_editable
from council.services.publication import approve_with_meeting, change_publication_status
from council.services.search import index_material, queue_extraction
from council.services.subscriptions import publish_to_subscribers
from portal.audit import record
from portal.models import User
from portal.notifications import notify
from portal.workflow import require

VERB = "council.material_version_status_changed"
SELF_APPROVAL = gettext_lazy(
    "ご自身が登録した資料、またはご自身が承認を依頼した資料は承認・差戻しできません。"
    "別の事務局員による承認が必要です。"
)


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
    version = _add_version(material, by=by, data=data, file_name=file_name, change_note="")
    index_material(material)
    record(
        material,
        "council.material_added",
        actor=by,
        scope=meeting.body.council,
        data={"label": material.label},
    )
    # Added to a meeting already approved: it waits for another secretariat member's approval.
    _ask_approval_if_published(version, material=material, by=by)
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
    record(
        material,
        "council.material_replaced",
        actor=by,
        scope=material.meeting.body.council,
        note=change_note,
        data={"version": version.version},
    )
    # The earlier version stays current, and attendees hear of the replacement, once it is approved.
    return _ask_approval_if_published(version, material=material, by=by)


def _context(version: MaterialVersion, material: Material, note: str = "") -> dict:
    return {
        "label": material.label,
        "title": material.title,
        "version": version.version,
        "meeting": str(material.meeting),
        "note": note,
    }


def _ask_approval_if_published(version: MaterialVersion, *, material: Material, by: User) -> MaterialVersion:
    """After the meeting's approval, a new version asks for another secretariat member's approval;
    before it, the version stays 準備中 and the meeting's approval covers it."""
    if not material.meeting.is_published:
        return version
    return change_version_status(version=version, status=MaterialVersion.Status.PENDING_APPROVAL, by=by)


@transaction.atomic
def change_version_status(
    *, version: MaterialVersion, status: str, by: User, note: str = ""
) -> MaterialVersion:
    """Ask for a version's publication, approve it (another secretariat member than its uploader and
    requester: a new material then reaches its audience, a replacement becomes current and the
    attendees are told) or return it with a reason."""
    material = Material.objects.select_related("meeting__body__council").get(pk=version.material_id)
    require(permissions.can_manage_meeting(by, material.meeting), NOT_ALLOWED, CouncilError)
    version = change_publication_status(
        version,
        status=status,
        by=by,
        council=material.meeting.body.council,
        verb=VERB,
        event="council.material",
        context=_context(version, material),
        self_approval=SELF_APPROVAL,
        note=note,
        data={"material": material.label, "version": version.version},
    )
    version.material = material
    if status == MaterialVersion.Status.APPROVED:
        _published(version, material)
    return version


def _published(version: MaterialVersion, material: Material) -> None:
    """What follows an approval: the search row shows the new current version; the first approved
    version reaches subscribers, a later one is a 差替え the attendees hear of."""
    index_material(material)
    earlier = material.versions.filter(status=MaterialVersion.Status.APPROVED, version__lt=version.version)
    if not earlier.exists():
        publish_to_subscribers(material)
        return
    notify(
        "council.material_replaced",
        target=material,
        recipients=people_to_tell_of_replacement(material),
        context=_context(version, material, version.change_note),
    )


def approve_versions_with_meeting(*, meeting: Meeting, by: User) -> int:
    """The meeting's approval covers every version uploaded before it; their materials' search rows
    then show them. Runs in change_meeting_status's transaction."""
    approved = approve_with_meeting(
        MaterialVersion.objects.filter(material__meeting=meeting),
        meeting=meeting,
        by=by,
        verb=VERB,
        data=lambda version: {"version": version.version},
    )
    materials = Material.objects.filter(pk__in={v.material_id for v in approved})
    for material in materials.select_related("meeting", "submitted_by"):
        index_material(material)
    return len(approved)
