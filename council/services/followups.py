"""Workflows of follow-up items (宿題事項): raising one in a meeting, closing it at a later one."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council import permissions
from council.models import CouncilError, FollowUp, Meeting
from council.services._common import NOT_ALLOWED, require_editable
from portal.audit import record
from portal.models import Organisation, User
from portal.workflow import require, transition


@transaction.atomic
def add_follow_up(
    *, meeting: Meeting, by: User, title: str, owner: Organisation, due_on: datetime.date | None = None
) -> FollowUp:
    """Record a follow-up raised in a meeting, owned by an organisation."""
    require(permissions.can_manage_meeting(by, meeting), NOT_ALLOWED, CouncilError)
    require_editable(meeting)
    follow_up = FollowUp.objects.create(
        meeting=meeting, title=title.strip(), owner=owner, due_on=due_on, created_by=by
    )
    record(
        follow_up, "council.follow_up_added", actor=by, scope=meeting.body.council, data={"owner": owner.name}
    )
    return follow_up


@transaction.atomic
def change_follow_up_status(
    *, follow_up: FollowUp, status: str, by: User, note: str = "", reported_at: Meeting | None = None
) -> FollowUp:
    """Close a follow-up with what was done (and the meeting it was reported at), or reopen it."""
    require(permissions.can_manage_follow_up(by, follow_up), NOT_ALLOWED, CouncilError)
    if reported_at is not None and (
        reported_at.body_id != follow_up.meeting.body_id or reported_at.number < follow_up.meeting.number
    ):
        raise CouncilError(_("報告した会議は、この会議体の、提起された会議以降の会議から選んでください。"))
    if status == FollowUp.Status.DONE:
        changes = {"resolution": note.strip(), "done_at": timezone.now(), "done_meeting": reported_at}
    else:
        changes = {"done_at": None, "done_meeting": None}
    return transition(
        follow_up,
        to=status,
        by=by,
        verb="council.follow_up_status_changed",
        scope=follow_up.meeting.body.council,
        note=note,
        changes=changes,
    )
