"""Workflows of opinion requests (意見照会): asking, answering once per seat or organisation, publishing."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council import permissions
from council.models import AgendaItem, Audience, Body, CouncilError, Meeting, OpinionRequest, OpinionResponse
from council.services._common import NOT_ALLOWED, check_audience, require_manager
from portal.audit import record
from portal.models import Membership, Notification, Role, User
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
    """Open, close, reopen or publish an opinion request; opening tells those asked (members, or the
    people who answer for local governments), each once."""
    require(permissions.can_manage_opinion_request(by, opinion_request), NOT_ALLOWED, CouncilError)
    opinion_request = transition(
        opinion_request,
        to=status,
        by=by,
        verb="council.opinion_request_status_changed",
        scope=opinion_request.body.council,
        note=note,
    )
    if status == OpinionRequest.Status.OPEN:
        notify(
            "council.opinion_requested",
            target=opinion_request,
            recipients=people_to_ask(opinion_request),
            context={
                "title": opinion_request.title,
                "deadline": timezone.localtime(opinion_request.deadline).strftime("%Y-%m-%d %H:%M"),
            },
        )
    return opinion_request


def people_to_ask(opinion_request: OpinionRequest):
    """Those who answer the request and have not been told of it yet (reopening tells nobody twice):
    the seat holders when members are asked; when local governments are asked, everyone whom
    permissions.responding_organisation accepts (any role but talent, in a local government, a
    national body or an association), as one query of ids for notify()'s bulk path."""
    told = Notification.objects.filter(
        event="council.opinion_requested",
        target_type=ContentType.objects.get_for_model(OpinionRequest),
        target_id=str(opinion_request.pk),
    ).values("recipient_id")
    if opinion_request.respondents == OpinionRequest.Respondents.MEMBERS:
        people = User.objects.filter(council_seats__body=opinion_request.body)
    else:
        people = User.objects.filter(
            pk__in=Membership.objects.filter(organisation__kind__in=permissions.ANSWERING_KINDS)
            .exclude(role=Role.TALENT)
            .values("user_id")
        )
    return people.filter(is_active=True).exclude(pk__in=told).only("pk").distinct()


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


def opinion_table_rows(opinion_request: OpinionRequest) -> tuple[list[str], list[list]]:
    """The consolidated table's header and rows, oldest answer first: respondent (organisation, or
    a seat's affiliation and name), opinion, and when it was submitted (Japan time)."""
    header = [_("団体・構成員"), _("意見"), _("回答日時")]
    responses = opinion_request.responses.select_related("seat", "organisation")
    rows = [
        [r.respondent, r.text, timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M")]
        for r in responses.order_by("submitted_at", "pk")
    ]
    return header, rows
