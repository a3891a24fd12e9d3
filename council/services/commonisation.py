"""The commonisation pipeline (共通化): the secretariat registers candidates, records each decision
(and the meeting where it was taken) as the candidate moves along, and links a candidate routed to a
prefecture's joint procurement to the procurement projects that realise it."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from council import permissions
from council.models import Body, Candidate, CandidateProject, CandidateStep, CouncilError, Meeting
from council.services._common import NOT_ALLOWED, check_audience, require_manager, seat_holders
from portal.audit import record
from portal.models import Organisation, User
from portal.notifications import notify
from portal.workflow import require, transition
from procurement.services.links import project_summaries, projects_for_link


@transaction.atomic
def create_candidate(
    *,
    body: Body,
    by: User,
    title: str,
    description: str,
    proposer: Organisation,
    audience: str = "public",
    release_at: datetime.datetime | None = None,
    non_disclosure_reason: str = "",
) -> Candidate:
    """Register a candidate at 候補; the first line of its timeline says who proposed it."""
    require_manager(by, body)
    check_audience(audience, non_disclosure_reason)
    if not title.strip() or not description.strip():
        raise CouncilError(_("候補名と概要を入力してください。"))
    candidate = Candidate.objects.create(
        body=body,
        title=title.strip(),
        description=description.strip(),
        proposer=proposer,
        audience=audience,
        release_at=release_at,
        non_disclosure_reason=non_disclosure_reason.strip(),
        created_by=by,
    )
    CandidateStep.objects.create(
        candidate=candidate,
        to_status=candidate.status,
        decision=_("%(proposer)sの提案を共通化候補として登録") % {"proposer": proposer.name},
        decided_by=by,
    )
    record(
        candidate, "council.candidate_created", actor=by, scope=body.council, data={"title": candidate.title}
    )
    return candidate


@transaction.atomic
def change_candidate_status(
    *, candidate: Candidate, status: str, by: User, note: str = "", meeting: Meeting | None = None
) -> Candidate:
    """Move a candidate one step (or out of the pipeline) with the decision taken and, optionally,
    the meeting of its body where it was taken. Reaching 推進方針案 asks the members for consent."""
    require(permissions.can_manage_candidate(by, candidate), NOT_ALLOWED, CouncilError)
    if meeting is not None and meeting.body_id != candidate.body_id:
        raise CouncilError(_("決定した会議は、この会議体の会議から選んでください。"))
    previous = candidate.status
    candidate = transition(
        candidate,
        to=status,
        by=by,
        verb="council.candidate_status_changed",
        scope=candidate.body.council,
        note=note,
        data={"meeting": meeting.pk if meeting else None},
    )
    CandidateStep.objects.create(
        candidate=candidate,
        from_status=previous,
        to_status=status,
        decision=note.strip(),
        meeting=meeting,
        decided_by=by,
    )
    if status == Candidate.Status.POLICY:
        notify(
            "council.candidate_consent_requested",
            target=candidate,
            recipients=seat_holders(candidate.body),
            context={"title": candidate.title, "body": candidate.body.name},
        )
    return candidate


def linkable_projects(user, candidate: Candidate) -> list[tuple[int, str]]:
    """The procurement projects this person sees that are not linked to the candidate yet."""
    linked = set(candidate.project_links.values_list("project_id", flat=True))
    return [(pk, label) for pk, label in projects_for_link(user) if pk not in linked]


def linked_projects(user, candidate: Candidate) -> list[dict]:
    """The linked projects this person may see (procurement decides), in one query each side."""
    return project_summaries(candidate.project_links.values_list("project_id", flat=True), user)


@transaction.atomic
def link_project(*, candidate: Candidate, by: User, project_id: int) -> CandidateProject:
    """Name a procurement project that realises a candidate routed to joint procurement."""
    require(permissions.can_link_projects(by, candidate), NOT_ALLOWED, CouncilError)
    if project_id not in {pk for pk, _label in projects_for_link(by)}:
        raise CouncilError(_("共同調達案件を一覧から選んでください。"))
    link, created = CandidateProject.objects.get_or_create(
        candidate=candidate, project_id=project_id, defaults={"linked_by": by}
    )
    if not created:
        raise CouncilError(_("この共同調達案件はすでに紐付けられています。"))
    record(
        candidate,
        "council.candidate_project_linked",
        actor=by,
        scope=candidate.body.council,
        data={"project": project_id},
    )
    return link
