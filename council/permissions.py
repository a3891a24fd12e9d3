"""Who may do what in the council. Views and templates ask these; rows are scoped by visible_to()."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from council.models import (
    AgendaItem,
    Body,
    BodyMember,
    Candidate,
    CandidateStep,
    FollowUp,
    Material,
    MaterialVersion,
    Meeting,
    Minutes,
    OpinionRequest,
)
from portal.models import Organisation, Role
from portal.workflow import is_another_person


def can_manage_body(user, body: Body) -> bool:
    """The secretariat of the body's council, and site admins."""
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or user.has_role(Role.COUNCIL_SECRETARIAT, body.council_id))
    )


def can_manage_meeting(user, meeting: Meeting) -> bool:
    """Whoever manages the meeting's body."""
    return can_manage_body(user, meeting.body)


def _may_request_publication(user, meeting: Meeting) -> bool:
    # Before the meeting's approval nothing is asked: the meeting's approval covers it.
    return meeting.is_published and can_manage_meeting(user, meeting)


def _may_approve_publication(user, row, meeting: Meeting) -> bool:
    return (
        can_manage_meeting(user, meeting)
        and getattr(row, f"{row.AUTHOR}_id") != user.pk
        and row.approval_requested_by_id != user.pk
    )


def can_request_version_approval(user, version: MaterialVersion) -> bool:
    """The secretariat asks for a version's publication once its meeting is approved (before, the
    meeting's approval covers it)."""
    return _may_request_publication(user, version.material.meeting)


def can_approve_version(user, version: MaterialVersion) -> bool:
    """Another secretariat member than the one who uploaded the version or asked for its approval."""
    return _may_approve_publication(user, version, version.material.meeting)


def can_request_agenda_item_approval(user, item: AgendaItem) -> bool:
    """The secretariat asks for a line's (or its change's) publication once its meeting is approved."""
    return _may_request_publication(user, item.meeting)


def can_approve_agenda_item(user, item: AgendaItem) -> bool:
    """Another secretariat member than the one who added or changed the line or asked for approval."""
    return _may_approve_publication(user, item, item.meeting)


def can_manage_minutes(user, minutes) -> bool:
    """Whoever manages the body of the minutes' meeting."""
    return can_manage_meeting(user, minutes.meeting)


def can_approve_meeting(user, meeting: Meeting) -> bool:
    """Another secretariat member than the one who asked for the meeting's publication."""
    return can_manage_meeting(user, meeting) and is_another_person(meeting.approval_requested_by, user)


def can_approve_minutes(user, minutes) -> bool:
    """Another secretariat member than the one who asked for the minutes' publication."""
    return can_manage_minutes(user, minutes) and is_another_person(minutes.approval_requested_by, user)


def can_manage_follow_up(user, follow_up) -> bool:
    """Whoever manages the body of the meeting that raised it."""
    return can_manage_meeting(user, follow_up.meeting)


def can_manage_candidate(user, candidate) -> bool:
    """Whoever manages the body whose pipeline it is in."""
    return can_manage_body(user, candidate.body)


def can_link_projects(user, candidate) -> bool:
    """The secretariat links procurement projects to a candidate routed to joint procurement."""
    return candidate.status == Candidate.Status.JOINT_PROCUREMENT and can_manage_candidate(user, candidate)


def can_manage_opinion_request(user, request) -> bool:
    """Whoever manages the body that asks."""
    return can_manage_body(user, request.body)


def responding_seat(user, request):
    """The seat this user answers for when members are asked (None if they hold none on the body)."""
    if not user.is_authenticated or request.respondents != request.Respondents.MEMBERS:
        return None
    return BodyMember.objects.filter(body_id=request.body_id, user=user).order_by("pk").first()


# The kinds of organisation that answer when local governments are asked (services.opinions asks
# everyone holding a role other than talent in one of them).
ANSWERING_KINDS = (*Organisation.LOCAL_KINDS, Organisation.Kind.NATIONAL, Organisation.Kind.ASSOCIATION)


def responding_organisation(user, request):
    """The organisation this user answers for when local governments are asked: the one of their
    active role if it is a local or national body or an association, else their first such one."""
    if not user.is_authenticated or request.respondents != request.Respondents.LOCAL_GOVERNMENTS:
        return None
    answering = [
        m for m in user.role_memberships if m.role != Role.TALENT and m.organisation.kind in ANSWERING_KINDS
    ]
    return answering[0].organisation if answering else None


def can_respond(user, request) -> bool:
    """Whether this user may answer the request now (for a seat or an organisation)."""
    if not request.is_accepting():
        return False
    return bool(responding_seat(user, request) or responding_organisation(user, request))


def can_read_opinion_table(user, request) -> bool:
    """The whole consolidated table (page and CSV/XLSX): the secretariat always; the request's
    audience once the table is published and released to it."""
    from council.models import reach_of

    if can_manage_opinion_request(user, request):
        return True
    return request.status == OpinionRequest.Status.PUBLISHED and request.is_open_to(
        reach_of(user, request.body.council_id)
    )


def get_opinion_table_for(request, pk: int) -> OpinionRequest:
    """A request whose consolidated table the user may download; 404 for anyone else."""
    opinion_request = get_opinion_request_for(request, pk)
    if not can_read_opinion_table(request.user, opinion_request):
        raise Http404
    return opinion_request


def can_manage_any_council(user) -> bool:
    """Whether the secretariat's pages are for this user at all."""
    return user.is_authenticated and (user.is_superuser or bool(user.scope_ids(Role.COUNCIL_SECRETARIAT)))


def get_body_for(request, pk: int, *, manage: bool = False) -> Body:
    """A body (standing pages are public); 403 if managing it is asked and refused."""
    body = get_object_or_404(Body.objects.select_related("parent", "secretariat", "council"), pk=pk)
    if manage and not can_manage_body(request.user, body):
        raise PermissionDenied
    return body


def get_member_to_manage(request, pk: int) -> BodyMember:
    """A seat on a body (rosters are public); 403 unless the user manages the body."""
    member = get_object_or_404(BodyMember.objects.select_related("body__council", "body__parent"), pk=pk)
    if not can_manage_body(request.user, member.body):
        raise PermissionDenied
    return member


def get_meeting_for(request, pk: int, *, manage: bool = False) -> Meeting:
    """A meeting the user may read (404 otherwise); 403 if managing it is asked and refused."""
    qs = Meeting.objects.visible_to(request.user).select_related(
        "body", "body__parent", "body__council", "approval_requested_by", "approved_by"
    )
    meeting = get_object_or_404(qs, pk=pk)
    if manage and not can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def get_material_for(request, pk: int, *, manage: bool = False) -> Material:
    """A material the user may read now (404 otherwise); 403 if managing it is asked and refused."""
    qs = Material.objects.visible_to(request.user).select_related("meeting__body", "submitted_by")
    material = get_object_or_404(qs, pk=pk)
    if manage and not can_manage_meeting(request.user, material.meeting):
        raise PermissionDenied
    return material


def get_material_version_for(request, pk: int, version: int) -> MaterialVersion:
    """One version of a material the user may read now; 404 for anyone else, even for its file."""
    material = get_material_for(request, pk)
    qs = MaterialVersion.objects.visible_to(request.user).filter(material=material)
    material_version = get_object_or_404(qs, version=version)
    material_version.material = material
    return material_version


def get_version_to_approve(request, pk: int, version: int) -> MaterialVersion:
    """A version of a material for its secretariat's approval; 404 for anyone who may not read it,
    403 for a reader who may not manage its meeting."""
    material_version = get_material_version_for(request, pk, version)
    if not can_manage_meeting(request.user, material_version.material.meeting):
        raise PermissionDenied
    return material_version


def get_agenda_item_for(request, pk: int) -> AgendaItem:
    """A line of the 議事次第 for its secretariat to change or approve; 404 for anyone who may not
    read it, 403 for a reader who may not manage its meeting."""
    qs = AgendaItem.objects.visible_to(request.user).select_related("meeting__body__council")
    item = get_object_or_404(qs, pk=pk)
    if not can_manage_meeting(request.user, item.meeting):
        raise PermissionDenied
    return item


def get_minutes_for(request, meeting_pk: int, *, manage: bool = False) -> Minutes:
    """A meeting's minutes if the user may read them now (404 otherwise); 403 if managing is refused."""
    qs = Minutes.objects.visible_to(request.user).select_related(
        "meeting__body__council", "approval_requested_by", "approved_by"
    )
    minutes = get_object_or_404(qs, meeting_id=meeting_pk)
    if manage and not can_manage_minutes(request.user, minutes):
        raise PermissionDenied
    return minutes


def get_minutes_to_confirm(request, meeting_pk: int) -> Minutes:
    """Minutes out for confirmation in which this user speaks; 404 for anyone else."""
    qs = Minutes.objects.filter(
        status=Minutes.Status.CONFIRMING, remarks__speaker__user=request.user
    ).select_related("meeting__body")
    return get_object_or_404(qs.distinct(), meeting_id=meeting_pk)


def get_follow_up_for(request, pk: int, *, manage: bool = False) -> FollowUp:
    """A follow-up of a meeting the user may read (404 otherwise); 403 if managing it is refused."""
    qs = FollowUp.objects.visible_to(request.user).select_related("meeting__body")
    follow_up = get_object_or_404(qs, pk=pk)
    if manage and not can_manage_follow_up(request.user, follow_up):
        raise PermissionDenied
    return follow_up


def get_opinion_request_for(request, pk: int, *, manage: bool = False) -> OpinionRequest:
    """An opinion request the user may read (404 otherwise); 403 if managing it is refused."""
    qs = OpinionRequest.objects.visible_to(request.user).select_related(
        "body__council", "meeting", "agenda_item"
    )
    opinion_request = get_object_or_404(qs, pk=pk)
    if manage and not can_manage_opinion_request(request.user, opinion_request):
        raise PermissionDenied
    return opinion_request


def get_candidate_for(request, pk: int, *, manage: bool = False) -> Candidate:
    """A commonisation candidate the user may read (404 otherwise); 403 if managing it is refused."""
    qs = Candidate.objects.visible_to(request.user).select_related(
        "body__council", "body__parent", "proposer"
    )
    candidate = get_object_or_404(qs, pk=pk)
    if manage and not can_manage_candidate(request.user, candidate):
        raise PermissionDenied
    return candidate


def candidate_steps_seen_by(user, candidate) -> list:
    """The candidate's timeline; a step's meeting is named only to those who may read the meeting."""
    steps = list(candidate.steps.select_related("decided_by").order_by("decided_at", "pk"))
    meeting_ids = {s.meeting_id for s in steps if s.meeting_id}
    readable = {
        m.pk: m for m in Meeting.objects.visible_to(user).filter(pk__in=meeting_ids).select_related("body")
    }
    for step in steps:
        step.shown_meeting = readable.get(step.meeting_id)
    return steps


def meeting_page_for(user, meeting) -> dict:
    """What the meeting page shows this person: the agenda with the materials they may read under
    each item, the roster with attendance, the minutes and follow-ups within their reach, and the
    actions the secretariat may take (a fixed number of queries)."""
    materials = list(Material.objects.visible_to(user).filter(meeting=meeting).for_meeting_page(user))
    can_manage = can_manage_meeting(user, meeting)
    by_item: dict[int, list] = {}
    for material in materials:
        material.meeting = meeting
        by_item.setdefault(material.agenda_item_id, []).append(material)
        for version in material.waiting_versions if can_manage else ():
            version.actions = version.actions_for(user)
    shown = AgendaItem.objects.visible_to(user)
    agenda = list(
        shown.filter(meeting=meeting, parent__isnull=True)
        .prefetch_related(Prefetch("children", queryset=shown.order_by("position")))
        .order_by("position")
    )
    for item in agenda:
        for line in (item, *item.children.all()):
            line.meeting = meeting
            line.shown_materials = by_item.get(line.pk, [])
            line.actions = line.actions_for(user) if can_manage else []
    attendance = {a.member_id: a for a in meeting.attendances.all()}
    roster = sorted(meeting.body.members.all(), key=lambda m: m.sort_key)
    for member in roster:
        member.attendance = attendance.get(member.pk)
    minutes = Minutes.objects.visible_to(user).filter(meeting=meeting).first()
    follow_ups = list(FollowUp.objects.visible_to(user).for_meeting_page(meeting))
    decided = list(
        CandidateStep.objects.filter(meeting=meeting, candidate__in=Candidate.objects.visible_to(user))
        .select_related("candidate")
        .order_by("decided_at", "pk")
    )
    for follow_up in follow_ups:
        follow_up.actions = follow_up.actions_for(user) if can_manage else []
    return {
        "minutes": minutes,
        "candidate_steps": decided,
        "raised_here": [f for f in follow_ups if f.meeting_id == meeting.pk],
        "carried_over": [f for f in follow_ups if f.meeting_id != meeting.pk],
        "can_add_remarks": can_manage
        and meeting.status == Meeting.Status.HELD
        and (minutes is None or minutes.status == Minutes.Status.DRAFT),
        "can_edit_summary": can_manage
        and meeting.status == Meeting.Status.HELD
        and (minutes is None or minutes.summary_is_editable),
        "meeting": meeting,
        "agenda": agenda,
        "agenda_ids": {line.pk for item in agenda for line in (item, *item.children.all())},
        "materials": materials,
        "roster": roster,
        "attendance_recorded": bool(attendance),
        "can_manage": can_manage,
        "actions": meeting.actions_for(user) if can_manage else [],
    }


def opinion_page_for(user, opinion_request) -> dict:
    """What the opinion request's page shows this person: the answers they may read, whether they
    answer, may download the consolidated table, and the secretariat's actions."""
    can_manage = can_manage_opinion_request(user, opinion_request)
    return {
        "opinion_request": opinion_request,
        "responses": responses_seen_by(user, opinion_request, manage=can_manage),
        "can_manage": can_manage,
        "can_respond": can_respond(user, opinion_request),
        "can_download": can_read_opinion_table(user, opinion_request),
        "actions": opinion_request.actions_for(user) if can_manage else [],
    }


def responses_seen_by(user, opinion_request, *, manage: bool) -> list:
    """Every answer for the secretariat and, once published, for the request's audience; otherwise
    only the person's own answer (their seat's or their organisation's)."""
    responses = opinion_request.responses.select_related("seat", "organisation").order_by(
        "submitted_at", "pk"
    )
    if not (manage or can_read_opinion_table(user, opinion_request)):
        seat = responding_seat(user, opinion_request)
        organisation = responding_organisation(user, opinion_request)
        if seat:
            responses = responses.filter(seat=seat)
        else:
            responses = responses.filter(organisation=organisation) if organisation else responses.none()
    return list(responses)


def get_subscription_for_token(token: str, *, confirm: bool):
    """The subscription a signed mail link stands for (anyone holding the link may use it); 404 for
    a link that was altered or has expired."""
    from django.http import Http404

    from council.models import CouncilError
    from council.services.subscriptions import subscription_from

    try:
        return subscription_from(token, confirm=confirm)[0]
    except CouncilError as error:
        raise Http404(str(error)) from error
