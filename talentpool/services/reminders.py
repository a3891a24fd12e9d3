"""Reminders for dispatch steps left waiting (beat, daily). The completion report has its own
(services.work.remind_overdue_reports); every other step whose turn is someone's is chased here,
and so is an unanswered follow-up survey."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.dates import today
from portal.models import Role, User
from portal.notifications import notify
from talentpool.models import DispatchRequest, FollowUpSurvey, Proposal
from talentpool.services.dispatch import S, _context, _people
from talentpool.services.follow_up import municipal_people

# Days a step may wait before whoever's turn it is is reminded; then again every REPEAT_DAYS.
STEP_DAYS = {
    S.SUBMITTED: 3,
    S.SCREENING: 7,
    S.RETURNED: 14,
    S.MATCHING: 7,
    S.PENDING_APPROVAL: 5,
    S.WAITLISTED: 14,
    S.REPORTING: 7,  # only once the report is filed: the municipality confirms it
}
SURVEY_DAYS = 14
REPEAT_DAYS = 7


def people_whose_turn(request: DispatchRequest) -> list[User]:
    """Who must act for a request to move on (the same people its moves notify)."""
    prefecture = request.municipality.prefecture_id
    status = request.status
    if status == S.SUBMITTED:
        return _people(Role.MUNICIPAL_APPROVER, request.municipality_id, besides=request.submitted_by)
    if status in (S.SCREENING, S.WAITLISTED):
        return _people(Role.PREFECTURE_COORDINATOR, prefecture)
    if status == S.RETURNED or (status == S.REPORTING and request.report_filed_at):
        return [request.created_by]
    if status == S.MATCHING:
        proposals = {p.status: p for p in request.proposals.select_related("talent__user")}
        asked = proposals.get(Proposal.Status.ASKED)
        if asked:
            return [asked.talent.user] if asked.talent.user_id else []
        if Proposal.Status.WAITING in proposals:
            return [request.created_by]
        return _people(Role.PREFECTURE_COORDINATOR, prefecture)
    if status == S.PENDING_APPROVAL and request.needs_home_consent:
        home = request.talent.prefecture_id
        return _people(Role.PREFECTURE_COORDINATOR, home) + _people(Role.PREFECTURE_APPROVER, home)
    if status == S.PENDING_APPROVAL:
        return _people(Role.PREFECTURE_APPROVER, prefecture, besides=request.submitted_by)
    return []


def _due(waited: int, after: int) -> bool:
    """Overdue today: on the day the wait passes `after` days, then every REPEAT_DAYS."""
    return waited >= after and (waited - after) % REPEAT_DAYS == 0


def remind_waiting_steps(*, day: datetime.date | None = None) -> int:
    """Remind whoever's turn it is of a request step left waiting too long; at most once a day per
    request (the conditional update of step_reminded_on is the marker, so two runs send once)."""
    day = day or today()
    count = 0
    waiting = (
        DispatchRequest.objects.filter(status__in=list(STEP_DAYS))
        .exclude(status=S.REPORTING, report_filed_at__isnull=True)
        .exclude(step_reminded_on=day)
        .select_related("municipality", "talent", "created_by", "submitted_by")
    )
    for request in waiting:
        waited = (day - timezone.localdate(request.status_changed_at)).days
        if not _due(waited, STEP_DAYS[request.status]):
            continue
        with transaction.atomic():
            marked = (
                DispatchRequest.objects.filter(pk=request.pk, status=request.status)
                .exclude(step_reminded_on=day)
                .update(step_reminded_on=day)
            )
            recipients = people_whose_turn(request) if marked else []
            if recipients:
                note = _("%(days)s日間、対応を待っています。") % {"days": waited}
                notify(
                    "dispatch.reminder",
                    target=request,
                    recipients=recipients,
                    context=_context(request, None, note),
                )
                count += 1
    return count


def remind_unanswered_surveys(*, day: datetime.date | None = None) -> int:
    """Remind the municipality of a follow-up survey unanswered for SURVEY_DAYS, then weekly; once a day."""
    day = day or today()
    count = 0
    unanswered = (
        FollowUpSurvey.objects.filter(answered_at__isnull=True)
        .exclude(reminded_on=day)
        .select_related("assignment__request__municipality")
    )
    for survey in unanswered:
        if not _due((day - timezone.localdate(survey.asked_at)).days, SURVEY_DAYS):
            continue
        with transaction.atomic():
            if FollowUpSurvey.objects.filter(pk=survey.pk).exclude(reminded_on=day).update(reminded_on=day):
                request = survey.assignment.request
                notify(
                    "dispatch.follow_up",
                    target=request,
                    recipients=municipal_people(request),
                    context=_context(request, None, _("追跡調査への回答をお待ちしています。")),
                )
                count += 1
    return count
