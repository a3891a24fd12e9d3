"""Workflows of the 議事次第: adding and changing its lines, and the approval of what is added or
changed after the meeting's own approval (nothing reaches an audience unapproved)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council import permissions
from council.models import AgendaItem, CouncilError, Meeting
from council.services._common import NOT_ALLOWED, require_editable
from council.services.publication import approve_with_meeting, change_publication_status, tell_approvers
from council.services.search import index_agenda_item, reindex_agenda
from portal.audit import record
from portal.models import User
from portal.workflow import require

VERB = "council.agenda_item_status_changed"
SELF_APPROVAL = gettext_lazy(
    "ご自身が追加・変更した議事次第の項目、またはご自身が承認を依頼した項目は承認・差戻しできません。"
    "別の事務局員による承認が必要です。"
)


def _locked_meeting(item_or_meeting, by: User) -> Meeting:
    meeting_id = item_or_meeting.pk if isinstance(item_or_meeting, Meeting) else item_or_meeting.meeting_id
    meeting = Meeting.objects.select_for_update().select_related("body__council").get(pk=meeting_id)
    require(permissions.can_manage_meeting(by, meeting), NOT_ALLOWED, CouncilError)
    return meeting


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
    """Append a line to the 議事次第, at the top level or as the next (n) under an item; after the
    meeting's approval it waits for another secretariat member's approval."""
    meeting = _locked_meeting(meeting, by)
    require_editable(meeting)
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
        drafted_by=by,
    )
    index_agenda_item(item)
    record(item, "council.agenda_item_added", actor=by, scope=meeting.body.council, data={"title": title})
    if meeting.is_published:
        item = _change_status(item, meeting=meeting, status=AgendaItem.Status.PENDING_APPROVAL, by=by)
    return item


@transaction.atomic
def change_agenda_item(
    *,
    item: AgendaItem,
    by: User,
    title: str,
    presenter: str = "",
    duration_minutes: int | None = None,
    position: int | None = None,
) -> AgendaItem:
    """Change a line's title, presenter, duration or order: in place before the meeting's approval;
    after it, the change is kept apart (audiences go on reading the approved line) and waits for
    another secretariat member's approval."""
    meeting = _locked_meeting(item, by)
    require_editable(meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    siblings = AgendaItem.objects.filter(meeting=meeting, parent_id=item.parent_id).count()
    if position is not None and not 1 <= position <= siblings:
        raise CouncilError(_("順序は1から%(count)dまでの数で指定してください。") % {"count": siblings})
    if not title.strip():
        raise CouncilError(_("項目を入力してください。"))
    wanted = {
        "title": title.strip(),
        "presenter": presenter.strip(),
        "duration_minutes": duration_minutes,
        "position": position or item.position,
    }
    changes = {name: value for name, value in wanted.items() if getattr(item, name) != value}
    if not changes:
        raise CouncilError(_("変更された内容がありません。"))
    record(item, "council.agenda_item_changed", actor=by, scope=meeting.body.council, data=changes)
    if not meeting.is_published:
        _apply(item, changes)
        return item
    item.proposed = changes
    item.drafted_by = by
    item.save(update_fields=["proposed", "drafted_by"])
    if item.status == AgendaItem.Status.PENDING_APPROVAL:
        # Changed again while it waited: the approvers are told, or they would approve what they read.
        tell_approvers(
            item,
            council=meeting.body.council,
            by=by,
            event="council.agenda_item",
            context={"meeting": str(meeting), "title": changes.get("title", item.title)},
        )
        return item
    return _change_status(
        item, meeting=meeting, status=AgendaItem.Status.PENDING_APPROVAL, by=by, named=False
    )


@transaction.atomic
def change_agenda_item_status(*, item: AgendaItem, status: str, by: User, note: str = "") -> AgendaItem:
    """Ask for the publication of a line (or of its change), approve it (another secretariat member
    than who wrote it and who asked: the change then replaces the approved line) or return it with a
    reason."""
    meeting = _locked_meeting(item, by)
    return _change_status(item, meeting=meeting, status=status, by=by, note=note)


def _change_status(
    item: AgendaItem, *, meeting: Meeting, status: str, by: User, note: str = "", named: bool = True
) -> AgendaItem:
    if status == AgendaItem.Status.APPROVED and item.parent_id and not item.parent.is_published:
        raise CouncilError(_("親の項目を先に承認してください。"))
    item = change_publication_status(
        item,
        status=status,
        by=by,
        council=meeting.body.council,
        verb=VERB,
        event="council.agenda_item",
        context={"meeting": str(meeting), "title": item.proposed.get("title", item.title)},
        self_approval=SELF_APPROVAL,
        note=note,
        data={"title": item.title, "proposed": item.proposed},
        named=named,
    )
    item.meeting = meeting
    if status == AgendaItem.Status.APPROVED and item.proposed:
        _apply(item, item.proposed)
    return item


def _apply(item: AgendaItem, changes: dict) -> None:
    """Write a change into the line; a new order moves its siblings (and the search rows follow)."""
    changes = dict(changes)
    position = changes.pop("position", None)
    for name, value in changes.items():
        setattr(item, name, value)
    item.proposed = {}
    item.save(update_fields=[*changes, "proposed"])
    if position is not None:
        _put_at(item, position)
    reindex_agenda(item.meeting)


def _put_at(item: AgendaItem, position: int) -> None:
    siblings = list(
        AgendaItem.objects.filter(meeting_id=item.meeting_id, parent_id=item.parent_id)
        .exclude(pk=item.pk)
        .order_by("position", "pk")
    )
    siblings.insert(position - 1, item)
    # (meeting, parent, position) is unique row by row: every sibling steps out of the way first.
    AgendaItem.objects.filter(pk__in=[s.pk for s in siblings]).update(position=F("position") + 1000)
    for number, sibling in enumerate(siblings, 1):
        sibling.position = number
    AgendaItem.objects.bulk_update(siblings, ["position"])


def approve_agenda_with_meeting(*, meeting: Meeting, by: User) -> int:
    """The meeting's approval covers every line written before it. Runs in change_meeting_status's
    transaction."""
    approved = approve_with_meeting(
        meeting.agenda.all(), meeting=meeting, by=by, verb=VERB, data=lambda item: {"title": item.title}
    )
    return len(approved)
