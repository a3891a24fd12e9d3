"""Workflows of the minutes: remarks per speaker, confirmation by each speaker, reminders, publication."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from council import permissions
from council.models import BodyMember, CouncilError, Meeting, Minutes, Remark
from council.services._common import NOT_ALLOWED, other_secretariat
from council.services.search import index_remark
from council.services.subscriptions import publish_to_subscribers
from portal.audit import record
from portal.models import Role, User
from portal.notifications import notify
from portal.workflow import require, require_another_person, transition


def _speaker_users(seats: list[BodyMember]) -> list[User]:
    return [seat.user for seat in seats if seat.user_id and seat.user.is_active]


def _context(minutes: Minutes) -> dict:
    return {
        "meeting": str(minutes.meeting),
        "confirm_by": timezone.localtime(minutes.confirm_by).strftime("%Y-%m-%d %H:%M")
        if minutes.confirm_by
        else "",
    }


@transaction.atomic
def add_remark(
    *, meeting: Meeting, by: User, speaker_name: str, text: str, speaker: BodyMember | None = None
) -> Remark:
    """Add the next remark to a held meeting's draft minutes (the minutes start with the first one)."""
    meeting, minutes = _minutes_of(meeting, by)
    if speaker is not None and speaker.body_id != meeting.body_id:
        raise CouncilError(_("発言者は、この会議体の構成員から選んでください。"))
    if minutes.status != Minutes.Status.DRAFT:
        raise CouncilError(_("発言を追加できるのは、議事録が作成中のときだけです。"))
    last = minutes.remarks.aggregate(last=Max("position"))["last"] or 0
    remark = Remark.objects.create(
        minutes=minutes,
        position=last + 1,
        speaker=speaker,
        speaker_name=speaker_name.strip(),
        drafted_text=text.strip(),
        text=text.strip(),
    )
    index_remark(remark)
    return remark


def _minutes_of(meeting: Meeting, by: User) -> tuple[Meeting, Minutes]:
    """The held meeting (locked) and its minutes, started with the meeting's audience if missing."""
    require(permissions.can_manage_meeting(by, meeting), NOT_ALLOWED, CouncilError)
    meeting = Meeting.objects.select_for_update().select_related("body__council").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.HELD:
        raise CouncilError(_("議事録は、開催済みの会議について作成します。"))
    minutes, created = Minutes.objects.select_for_update().get_or_create(
        meeting=meeting,
        defaults={
            "created_by": by,
            "audience": meeting.audience,
            "release_at": meeting.release_at,
            "non_disclosure_reason": meeting.non_disclosure_reason,
        },
    )
    if created:
        record(minutes, "council.minutes_created", actor=by, scope=meeting.body.council)
    return meeting, minutes


@transaction.atomic
def save_minutes_summary(*, meeting: Meeting, by: User, summary: str) -> Minutes:
    """Write the 議事要旨 of a held meeting; it is published with the minutes, to their audience."""
    meeting, minutes = _minutes_of(meeting, by)
    if not minutes.summary_is_editable:
        raise CouncilError(_("公開の承認を依頼した後は、議事要旨を変更できません。"))
    minutes.summary = summary.strip()
    minutes.save(update_fields=["summary", "updated_at"])
    record(
        minutes,
        "council.minutes_summary_saved",
        actor=by,
        scope=meeting.body.council,
        data={"length": len(minutes.summary)},
    )
    return minutes


@transaction.atomic
def change_minutes_status(
    *, minutes: Minutes, status: str, by: User, note: str = "", confirm_by: datetime.datetime | None = None
) -> Minutes:
    """Ask the speakers to confirm (by a deadline), ask another secretariat member to approve
    publication, approve (the minutes are published) or return them, or take them back to drafting."""
    require(permissions.can_manage_minutes(by, minutes), NOT_ALLOWED, CouncilError)
    now = timezone.now()
    changes: dict = {}
    current = Minutes.objects.select_for_update().get(pk=minutes.pk)
    returned = current.status == Minutes.Status.PENDING_APPROVAL and status == Minutes.Status.CONFIRMING
    if status == Minutes.Status.CONFIRMING and current.status == Minutes.Status.DRAFT:
        # check_move reads the deadline, so it is set on the row before the move.
        Minutes.objects.filter(pk=minutes.pk).update(confirm_by=confirm_by)
        changes = {"sent_at": now}
    elif status == Minutes.Status.PENDING_APPROVAL:
        changes = {"approval_requested_by": by, "approval_requested_at": now}
    elif current.status == Minutes.Status.PENDING_APPROVAL:
        require_another_person(acted_by=current.approval_requested_by, by=by, error=CouncilError)
        if status == Minutes.Status.PUBLISHED:
            changes = {"published_at": now, "approved_by": by}
    scope = minutes.meeting.body.council
    minutes = transition(
        minutes,
        to=status,
        by=by,
        verb="council.minutes_status_changed",
        scope=scope,
        note=note,
        changes=changes,
    )
    if returned:
        notify(
            "council.minutes_publication_returned",
            target=minutes,
            recipients=[minutes.approval_requested_by],
            context={**_context(minutes), "note": note},
        )
    elif status == Minutes.Status.CONFIRMING:
        notify(
            "council.minutes_confirmation_requested",
            target=minutes,
            recipients=_speaker_users(minutes.unconfirmed_speakers()),
            context=_context(minutes),
        )
    elif status == Minutes.Status.PENDING_APPROVAL:
        notify(
            "council.minutes_approval_requested",
            target=minutes,
            recipients=other_secretariat(scope, besides=by),
            context={**_context(minutes), "requested_by": str(by)},
        )
    elif status == Minutes.Status.PUBLISHED:
        if minutes.meeting.status == Meeting.Status.HELD:
            transition(
                minutes.meeting,
                to=Meeting.Status.MINUTES_PUBLISHED,
                by=by,
                verb="council.meeting_status_changed",
                scope=scope,
            )
        publish_to_subscribers(minutes)
    return minutes


@transaction.atomic
def confirm_remarks(*, minutes: Minutes, by: User, corrections: dict[int, str]) -> list[Remark]:
    """「発言内容を確認する」: the speaker confirms their own remarks, correcting any of them; the
    secretariat's draft is kept beside the corrected text."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__body__council").get(pk=minutes.pk)
    if minutes.status != Minutes.Status.CONFIRMING:
        raise CouncilError(_("この議事録は発言確認を受け付けていません。"))
    remarks = list(minutes.remarks.filter(speaker__user=by).order_by("position"))
    if not remarks:
        raise CouncilError(_("この議事録にあなたの発言はありません。"))
    now, corrected = timezone.now(), []
    for remark in remarks:
        text = corrections.get(remark.pk, remark.text).strip()
        if not text:
            raise CouncilError(_("発言内容を空にはできません。"))
        if text != remark.text:
            corrected.append(remark.pk)
        remark.text, remark.confirmed_at, remark.confirmed_by = text, now, by
        remark.save(update_fields=["text", "confirmed_at", "confirmed_by"])
        if remark.pk in corrected:
            index_remark(remark)
    record(
        minutes,
        "council.remarks_confirmed",
        actor=by,
        scope=minutes.meeting.body.council,
        data={"remarks": [r.pk for r in remarks], "corrected": corrected},
    )
    if not minutes.unconfirmed_speakers():
        notify(
            "council.minutes_confirmed",
            target=minutes,
            recipients=User.objects.filter(
                memberships__role=Role.COUNCIL_SECRETARIAT,
                memberships__organisation=minutes.meeting.body.council,
                is_active=True,
            ),
            context=_context(minutes),
        )
    return remarks


@transaction.atomic
def remind_speakers(*, minutes_id: int, now: datetime.datetime | None = None) -> int:
    """Remind speakers who have not confirmed, at most once a day (JST) and only before the deadline;
    returns how many were reminded. Safe to run again: the day's marker is checked under a lock."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    minutes = Minutes.objects.select_for_update().select_related("meeting__body").get(pk=minutes_id)
    if (
        minutes.status != Minutes.Status.CONFIRMING
        or minutes.confirm_by <= now
        or minutes.reminded_on == today
    ):
        return 0
    people = _speaker_users(minutes.unconfirmed_speakers())
    minutes.reminded_on = today
    minutes.save(update_fields=["reminded_on"])
    notify(
        "council.minutes_confirmation_reminder", target=minutes, recipients=people, context=_context(minutes)
    )
    return len(people)
