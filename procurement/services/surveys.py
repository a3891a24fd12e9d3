"""The intent survey: answers, their confirmation by another person, late joining, withdrawal, and
the reminders before the deadline."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.dates import today
from portal.labels import choice_label
from portal.models import Role, User
from portal.notifications import notify
from portal.workflow import require, require_another_person, transition
from procurement import permissions
from procurement.exceptions import ProcurementError
from procurement.models import Participant, Project
from procurement.services.costs import refresh_share_confirmations
from procurement.services.projects import ask_for_votes, lead_people, municipal_people

MAX_REMINDER_DAYS = 60  # the model's check constraint on reminder_days
ANSWER_FIELDS = ("intent", "expected_accounts", "expected_transactions", "budget_secured", "comment")


def _context(participant: Participant, **extra) -> dict:
    return {
        "title": participant.project.title,
        "municipality": participant.municipality.name,
        "deadline": str(participant.project.survey_deadline or ""),
        **extra,
    }


@transaction.atomic
def submit_answer(*, participant: Participant, answer: dict, by: User) -> Participant:
    """Municipal staff answer join / considering / decline with volume and budget; the approver is told."""
    require(
        permissions.can_answer_survey(by, participant),
        _("この意向調査に回答する権限がありません。"),
        ProcurementError,
    )
    require(
        answer.get("intent") in Participant.Intent.values, _("参加の意向を選んでください。"), ProcurementError
    )
    participant = transition(
        participant,
        to=Participant.Status.ANSWERED,
        by=by,
        verb="procurement.answer_submitted",
        scope=participant.project.lead_body,
        data={name: answer.get(name) for name in ANSWER_FIELDS if name != "comment"},
        changes={
            **{name: answer.get(name) for name in ANSWER_FIELDS},
            "comment": answer.get("comment") or "",
            "answered_by": by,
            "answered_at": timezone.now(),
            "waiting_since": timezone.now(),
        },
    )
    notify(
        "procurement.answer_submitted",
        target=participant,
        recipients=municipal_people([participant.municipality_id], Role.MUNICIPAL_APPROVER),
        context=_context(participant, by=by.full_name, intent=choice_label(participant, "intent")),
    )
    return participant


@transaction.atomic
def decide_participant(*, participant: Participant, to: str, by: User, note: str = "") -> Participant:
    """Make one of the answer's named moves (confirm, return, withdraw, ask or decide late joining)
    and tell whoever must act next."""
    action = participant.action_to(to)
    require(
        action is not None and action.is_allowed(by, participant),
        _("この操作を行う権限がありません。"),
        ProcurementError,
    )
    if to == Participant.Status.CONFIRMED and participant.status == Participant.Status.ANSWERED:
        require_another_person(acted_by=participant.answered_by, by=by, error=ProcurementError)
    now = timezone.now()
    changes: dict = {"waiting_since": now}
    if to == Participant.Status.CONFIRMED:
        changes |= {"confirmed_by": by, "confirmed_at": now}
        if participant.status == Participant.Status.LATE_REQUESTED:
            changes |= {"intent": Participant.Intent.JOIN, "joined_late": True, "withdrawn_on": None}
    if to == Participant.Status.WITHDRAWN:
        changes["withdrawn_on"] = today()
    previous = participant.status
    participant = transition(
        participant,
        to=to,
        by=by,
        verb=VERBS[to],
        scope=participant.project.lead_body,
        note=note,
        changes=changes,
    )
    if participant.is_joined or to == Participant.Status.WITHDRAWN:
        refresh_share_confirmations(project=participant.project, by=by)
    if (
        participant.is_joined
        and participant.joined_late
        and participant.project.status == Project.Status.REQUIREMENTS
    ):
        ask_for_votes(participant.project, [participant.municipality_id])
    event, recipients = _who_is_told(participant, previous)
    if event:
        notify(
            event,
            target=participant,
            recipients=recipients,
            context=_context(participant, note=note, by=by.full_name),
        )
    return participant


VERBS = {
    Participant.Status.CONFIRMED: "procurement.answer_confirmed",
    Participant.Status.INVITED: "procurement.answer_returned",
    Participant.Status.WITHDRAWN: "procurement.participant_withdrawn",
    Participant.Status.LATE_REQUESTED: "procurement.late_join_requested",
    Participant.Status.REFUSED: "procurement.late_join_refused",
}


def _who_is_told(participant: Participant, previous: str) -> tuple[str, list[User]]:
    status = participant.status
    municipality = [participant.municipality_id]
    if status == Participant.Status.CONFIRMED and previous == Participant.Status.LATE_REQUESTED:
        return "procurement.late_join_decided", municipal_people(municipality, Role.MUNICIPAL_APPROVER)
    if status == Participant.Status.REFUSED:
        return "procurement.late_join_decided", municipal_people(municipality, Role.MUNICIPAL_APPROVER)
    if status == Participant.Status.CONFIRMED:
        return "procurement.answer_confirmed", lead_people(participant.project)
    if status == Participant.Status.INVITED:
        return "procurement.answer_returned", municipal_people(municipality, Role.MUNICIPAL_STAFF)
    if status == Participant.Status.LATE_REQUESTED:
        return "procurement.late_join_requested", lead_people(participant.project)
    if status == Participant.Status.WITHDRAWN:
        return "procurement.participant_withdrawn", lead_people(participant.project)
    return "", []


@transaction.atomic
def remind_survey_participants(*, on: datetime.date | None = None) -> int:
    """Tell municipalities whose answer is still missing or unconfirmed, once, when their survey's
    deadline is `reminder_days` away or closer. Returns how many answers were reminded."""
    on = on or today()
    due = (
        Participant.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(
            project__status=Project.Status.SURVEY,
            project__survey_deadline__gte=on,
            project__survey_deadline__lte=on + datetime.timedelta(days=MAX_REMINDER_DAYS),
            status__in=[Participant.Status.INVITED, Participant.Status.ANSWERED],
            reminded_at__isnull=True,
        )
        .select_related("project", "municipality")
    )
    count = 0
    for participant in due:
        if (participant.project.survey_deadline - on).days > participant.project.reminder_days:
            continue
        role = (
            Role.MUNICIPAL_STAFF
            if participant.status == Participant.Status.INVITED
            else Role.MUNICIPAL_APPROVER
        )
        notify(
            "procurement.survey_reminder",
            target=participant,
            recipients=municipal_people([participant.municipality_id], role),
            context=_context(participant, waiting=choice_label(participant, "status")),
        )
        participant.reminded_at = timezone.now()
        participant.save(update_fields=["reminded_at"])
        count += 1
    return count


def remind_voters(*, on: datetime.date | None = None) -> int:
    """Tell the staff and approvers of joined municipalities with requirement items still to vote on,
    once per project, when the requirements stage's planned end is `reminder_days` away or closer.
    Returns how many municipalities were reminded."""
    on = on or today()
    due = Participant.objects.with_votes_due().filter(
        votes_reminded_at__isnull=True,
        deadline__gte=on,
        deadline__lte=on + datetime.timedelta(days=MAX_REMINDER_DAYS),
    )
    count = 0
    for participant in due:
        if (participant.deadline - on).days > participant.project.reminder_days:
            continue
        with transaction.atomic():
            # The update is the marker: a second run (or a parallel worker) finds it set and sends nothing.
            if not Participant.objects.filter(pk=participant.pk, votes_reminded_at__isnull=True).update(
                votes_reminded_at=timezone.now()
            ):
                continue
            ids = [participant.municipality_id]
            notify(
                "procurement.votes_reminder",
                target=participant.project,
                recipients={
                    *municipal_people(ids, Role.MUNICIPAL_STAFF),
                    *municipal_people(ids, Role.MUNICIPAL_APPROVER),
                },
                context={
                    "title": participant.project.title,
                    "municipality": participant.municipality.name,
                    "count": participant.due,
                    "deadline": str(participant.deadline),
                },
            )
        count += 1
    return count
