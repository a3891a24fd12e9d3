"""Workflows of opinion requests (意見照会): asking, answering once per seat or organisation, publishing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council import permissions
from council.models import AgendaItem, Audience, Body, CouncilError, Meeting, OpinionRequest, OpinionResponse
from council.services._common import NOT_ALLOWED, check_audience, require_manager, seat_holders
from portal.audit import record
from portal.models import User
from portal.notifications import notify
from portal.workflow import require, transition


@transaction.atomic
def create_opinion_request(
    *,
    body: Body,
    by: User,
    title: str,
    question: str,
    respondents: str,
    deadline: datetime.datetime,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    audience: str = Audience.PUBLIC,
    release_at: datetime.datetime | None = None,
    non_disclosure_reason: str = "",
) -> OpinionRequest:
    """Draft an opinion request; the audience is that of the consolidated table once published."""
    require_manager(by, body)
    check_audience(audience, non_disclosure_reason)
    if meeting is not None and meeting.body_id != body.pk:
        raise CouncilError(_("関係する会議は、この会議体の会議から選んでください。"))
    if agenda_item is not None and (meeting is None or agenda_item.meeting_id != meeting.pk):
        raise CouncilError(_("議事次第の項目は、この会議のものから選んでください。"))
    opinion_request = OpinionRequest.objects.create(
        body=body,
        meeting=meeting,
        agenda_item=agenda_item,
        title=title.strip(),
        question=question.strip(),
        respondents=respondents,
        deadline=deadline,
        audience=audience,
        release_at=release_at,
        non_disclosure_reason=non_disclosure_reason.strip() if audience != Audience.PUBLIC else "",
        created_by=by,
    )
    record(opinion_request, "council.opinion_request_created", actor=by, scope=body.council)
    return opinion_request


@transaction.atomic
def change_opinion_request_status(
    *, opinion_request: OpinionRequest, status: str, by: User, note: str = ""
) -> OpinionRequest:
    """Open, close, reopen or publish an opinion request; opening tells the members asked."""
    require(permissions.can_manage_opinion_request(by, opinion_request), NOT_ALLOWED, CouncilError)
    opinion_request = transition(
        opinion_request,
        to=status,
        by=by,
        verb="council.opinion_request_status_changed",
        scope=opinion_request.body.council,
        note=note,
    )
    if (
        status == OpinionRequest.Status.OPEN
        and opinion_request.respondents == OpinionRequest.Respondents.MEMBERS
    ):
        notify(
            "council.opinion_requested",
            target=opinion_request,
            recipients=seat_holders(opinion_request.body),
            context={
                "title": opinion_request.title,
                "deadline": timezone.localtime(opinion_request.deadline).strftime("%Y-%m-%d %H:%M"),
            },
        )
    return opinion_request


@transaction.atomic
def submit_opinion(*, opinion_request: OpinionRequest, by: User, text: str) -> OpinionResponse:
    """Answer (or revise the answer) for the seat or organisation this user speaks for, until the deadline."""
    opinion_request = (
        OpinionRequest.objects.select_for_update().select_related("body__council").get(pk=opinion_request.pk)
    )
    if not opinion_request.is_accepting():
        raise CouncilError(_("この意見照会は回答を受け付けていません。"))
    if not text.strip():
        raise CouncilError(_("意見を入力してください。"))
    seat = permissions.responding_seat(by, opinion_request)
    organisation = permissions.responding_organisation(by, opinion_request)
    require(bool(seat or organisation), _("この意見照会の照会先ではありません。"), CouncilError)
    response, created = OpinionResponse.objects.update_or_create(
        request=opinion_request,
        seat=seat,
        organisation=organisation,
        defaults={"text": text.strip(), "submitted_by": by, "submitted_at": timezone.now()},
    )
    record(
        opinion_request,
        "council.opinion_submitted" if created else "council.opinion_revised",
        actor=by,
        scope=opinion_request.body.council,
        data={"respondent": response.respondent},
    )
    return response
