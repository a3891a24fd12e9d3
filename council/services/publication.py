"""The approval every part of an approved meeting goes through before it reaches an audience
(material versions, agenda items): ask, approve (another secretariat member), return with a reason;
and the meeting's own approval, which covers what was written before it."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import CouncilError, Meeting
from council.models.publication import Publication, PublicationStatus
from council.services._common import other_secretariat
from portal.labels import choice_label
from portal.models import User
from portal.notifications import notify
from portal.workflow import require_another_person, transition


def change_publication_status(
    row: Publication,
    *,
    status: str,
    by: User,
    council,
    verb: str,
    event: str,
    context: dict,
    self_approval,
    note: str = "",
    data: dict | None = None,
    named: bool = True,
) -> Publication:
    """Ask for a row's publication (the council's other secretariat members are told), approve it
    (not its author nor who asked) or return it with a reason (who asked is told). Only the named
    actions unless `named` is False (a service moving a row for its own reason, e.g. a change of an
    approved agenda item). Runs in the caller's transaction; returns the saved row."""
    locked = type(row).objects.select_for_update().get(pk=row.pk)
    if named and locked.action_to(status) is None:
        raise CouncilError(
            locked.refused_move_message
            % {"from": choice_label(locked, "status"), "to": PublicationStatus(status).label}
        )
    changes: dict = {}
    if status == PublicationStatus.PENDING_APPROVAL:
        changes = {"approval_requested_by": by, "approval_requested_at": timezone.now()}
    else:
        for acted_by in (locked.author, locked.approval_requested_by):
            require_another_person(acted_by=acted_by, by=by, error=CouncilError, message=self_approval)
        if status == PublicationStatus.APPROVED:
            changes = {"approved_by": by, "approved_at": timezone.now()}
    row = transition(
        locked, to=status, by=by, verb=verb, scope=council, note=note, data=data, changes=changes
    )
    if status == PublicationStatus.PENDING_APPROVAL:
        tell_approvers(row, council=council, by=by, event=event, context=context)
    elif status == PublicationStatus.DRAFT:
        notify(
            f"{event}_publication_returned",
            target=row,
            recipients=[row.approval_requested_by],
            context={**context, "note": note},
        )
    return row


def tell_approvers(row: Publication, *, council, by: User, event: str, context: dict) -> None:
    """Tell the council's other secretariat members that `row` waits for their approval (asked for,
    or changed again while it waited)."""
    notify(
        f"{event}_approval_requested",
        target=row,
        recipients=other_secretariat(council, besides=by),
        context={**context, "requested_by": str(by)},
    )


def approve_with_meeting(
    rows: QuerySet, *, meeting: Meeting, by: User, verb: str, data: Callable[[Publication], dict]
) -> list[Publication]:
    """The meeting's approval covers the rows written before it (準備中): each is approved by the
    meeting's approver, audited one by one. Runs in change_meeting_status's transaction."""
    now = timezone.now()
    return [
        transition(
            row,
            to=PublicationStatus.APPROVED,
            by=by,
            verb=verb,
            scope=meeting.body.council,
            note=_("会議の公開承認による"),
            data=data(row),
            changes={"approved_by": by, "approved_at": now},
        )
        for row in rows.filter(status=PublicationStatus.DRAFT).order_by("pk")
    ]
