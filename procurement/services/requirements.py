"""Requirement items and the joined municipalities' votes on them, with the consolidated matrix."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import Organisation, Role, User
from portal.notifications import notify
from portal.workflow import require, require_another_person, transition
from procurement import permissions
from procurement.exceptions import ProcurementError
from procurement.models import Consolidation, Participant, Project, Requirement, Vote
from procurement.services.projects import lead_people, municipal_people


@transaction.atomic
def add_requirement(*, project: Project, section: str, text: str, by: User) -> Requirement:
    """The lead adds a requirement item, numbered after the last one."""
    require(permissions.can_draft_requirements(by, project), _("要件を追加できません。"), ProcurementError)
    Project.objects.select_for_update().get(pk=project.pk)  # numbers are handed out one at a time
    last = project.requirements.aggregate(last=Max("number"))["last"] or 0
    requirement = Requirement.objects.create(
        project=project, section=section.strip(), number=last + 1, text=text.strip(), created_by=by
    )
    record(
        requirement,
        "procurement.requirement_added",
        actor=by,
        scope=project.lead_body,
        data={"section": requirement.section, "number": requirement.number, "text": requirement.text},
    )
    return requirement


@transaction.atomic
def cast_votes(*, participant: Participant, votes: dict[int, tuple[str, str]], by: User) -> list[Vote]:
    """Record the municipality's vote (choice, comment) on each requirement given; each change is
    audited with who voted, the old and the new choice."""
    require(
        permissions.can_vote(by, participant),
        _("この案件の要件に回答する権限がありません。"),
        ProcurementError,
    )
    requirements = {r.pk: r for r in Requirement.objects.filter(project=participant.project_id, pk__in=votes)}
    require(len(requirements) == len(votes), _("この案件にない要件が含まれています。"), ProcurementError)
    existing = {
        v.requirement_id: v
        for v in Vote.objects.select_for_update().filter(
            participant=participant, requirement__in=requirements
        )
    }
    changed = []
    for pk, (choice, comment) in votes.items():
        require(choice in Vote.Choice.values, _("評価の指定が正しくありません。"), ProcurementError)
        vote = existing.get(pk)
        old = (vote.choice, vote.comment) if vote else None
        if old == (choice, comment):
            continue
        if vote is None:
            vote = Vote(requirement=requirements[pk], participant=participant)
        vote.choice, vote.comment, vote.voted_by = choice, comment, by
        vote.save()
        record(
            requirements[pk],
            "procurement.requirement_voted",
            actor=by,
            scope=participant.project.lead_body,
            data={
                "municipality": participant.municipality.lg_code,
                "old": old[0] if old else None,
                "new": choice,
                "comment": comment,
            },
        )
        changed.append(vote)
    return changed


@dataclass
class MatrixRow:
    requirement: Requirement
    cells: list[Vote | None]
    counts: dict[str, int] = field(default_factory=dict)
    actions: list = field(default_factory=list)  # the decisions this person may take on it now

    @property
    def agreement(self) -> str:
        """必須 by everyone who voted, or mixed."""
        voted = [cell.choice for cell in self.cells if cell]
        if voted and all(choice == Vote.Choice.MUST for choice in voted):
            return "must"
        return "mixed" if voted else ""


def vote_matrix(project: Project, *, user: User | None = None) -> tuple[list[Participant], list[MatrixRow]]:
    """Requirement × joined municipality, each cell the municipality's vote, and the decisions `user`
    may take on each row: none while the consolidation waits for approval or is published (four
    queries)."""
    frozen = Consolidation.objects.filter(
        project=project, status__in=[Consolidation.Status.SUBMITTED, Consolidation.Status.PUBLISHED]
    ).exists()
    columns = list(Participant.objects.joined().filter(project=project).select_related("municipality"))
    columns.sort(key=lambda p: p.municipality.lg_code)
    rows = []
    for requirement in project.requirements.for_matrix():
        by_participant = {vote.participant_id: vote for vote in requirement.votes.all()}
        cells = [by_participant.get(p.pk) for p in columns]
        counts = {choice: sum(1 for c in cells if c and c.choice == choice) for choice in Vote.Choice.values}
        requirement.project = project  # the permission of its actions reads it: no query each
        actions = requirement.actions_for(user) if user is not None and not frozen else []
        rows.append(MatrixRow(requirement, cells, counts, actions))
    return columns, rows


@transaction.atomic
def decide_requirement(
    *, requirement: Requirement, to: str, by: User, note: str, merge_into: int | None = None
) -> Requirement:
    """Adopt, merge (into the item numbered `merge_into`), drop or reopen a requirement, with the reason
    on the row and in the audit trail. A merged item's votes count for the item it was merged into."""
    require(
        permissions.can_decide_requirement(by, requirement),
        _("この要件の採否を決める権限がありません。"),
        ProcurementError,
    )
    target = None
    if to == Requirement.Status.MERGED:
        require(merge_into is not None, _("統合先の要件の番号を入力してください。"), ProcurementError)
        target = (
            Requirement.objects.select_for_update()
            .filter(project=requirement.project_id, number=merge_into)
            .exclude(pk=requirement.pk)
            .first()
        )
        require(
            target is not None and target.status in (Requirement.Status.PROPOSED, Requirement.Status.ADOPTED),
            _("統合先には、この案件の検討中か採用済みの別の要件の番号を入力してください。"),
            ProcurementError,
        )
    if requirement.status != Requirement.Status.PROPOSED and to == Requirement.Status.PROPOSED:
        require(
            not requirement.merged_sources.exists(),
            _("この要件に統合された要件があります。先にそれらを検討中に戻してください。"),
            ProcurementError,
        )
    return transition(
        requirement,
        to=to,
        by=by,
        verb="procurement.requirement_decided",
        scope=requirement.project.lead_body,
        note=note.strip(),
        data={"number": requirement.number, "merged_into": target.number if target else None},
        changes={
            "merged_into": target,
            "decision_reason": note.strip()[:500],
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )


STRENGTH = {Vote.Choice.MUST: 2, Vote.Choice.WANT: 1, Vote.Choice.NOT_NEEDED: 0}


@dataclass
class SpecificationLine:
    """An adopted requirement with the items merged into it and who asked for it (must / want)."""

    requirement: Requirement
    sources: list[Requirement]
    must: list[Organisation]
    want: list[Organisation]


def _merged_sources(requirement: Requirement, sources_of: dict[int, list[Requirement]]) -> list[Requirement]:
    found, stack = [], list(sources_of.get(requirement.pk, []))
    while stack:  # an item merged into one that was merged in turn still counts
        source = stack.pop()
        found.append(source)
        stack.extend(sources_of.get(source.pk, []))
    return sorted(found, key=lambda r: r.number)


def specification(project: Project) -> tuple[list[SpecificationLine], list[Requirement]]:
    """The specification's lines (adopted items, each with the municipalities that voted must or want
    on it or on an item merged into it; a municipality's strongest vote counts) and the items not
    adopted, with their reasons (two queries)."""
    items = list(project.requirements.for_matrix(municipalities=True))
    sources_of: dict[int, list[Requirement]] = {}
    for item in items:
        if item.merged_into_id:
            sources_of.setdefault(item.merged_into_id, []).append(item)
    lines = []
    for item in items:
        if item.status != Requirement.Status.ADOPTED:
            continue
        sources = _merged_sources(item, sources_of)
        strongest: dict[int, tuple[str, Organisation]] = {}
        for vote in [v for r in (item, *sources) for v in r.votes.all()]:
            municipality = vote.participant.municipality
            known = strongest.get(municipality.pk)
            if known is None or STRENGTH[vote.choice] > STRENGTH[known[0]]:
                strongest[municipality.pk] = (vote.choice, municipality)
        by_code = sorted(strongest.values(), key=lambda pair: pair[1].lg_code)
        must = [m for choice, m in by_code if choice == Vote.Choice.MUST]
        want = [m for choice, m in by_code if choice == Vote.Choice.WANT]
        lines.append(SpecificationLine(item, sources, must, want))
    others = [item for item in items if item.status != Requirement.Status.ADOPTED]
    return lines, others


def consolidation_of(project: Project) -> Consolidation:
    """The project's consolidation, or an unsaved draft one (its actions are still offered)."""
    consolidation = Consolidation.objects.filter(project=project).select_related("submitted_by").first()
    consolidation = consolidation or Consolidation(project=project)
    consolidation.project = project
    return consolidation


def consolidation_approvers(project: Project) -> list[User]:
    """The lead's coordinators and the prefecture's approvers: any of them but the submitter approves."""
    approvers = User.objects.filter(
        is_active=True,
        memberships__organisation=project.lead_body,
        memberships__role=Role.PREFECTURE_APPROVER,
    ).distinct()
    return list({*lead_people(project), *approvers})


@transaction.atomic
def move_consolidation(*, project: Project, to: str, by: User, note: str = "") -> Consolidation:
    """Ask for the consolidation's approval (the lead), or approve and publish it or return it (another
    person than the one who asked); each move audited, and whoever must act next told."""
    consolidation, _created = Consolidation.objects.select_for_update().get_or_create(project=project)
    consolidation.project = project
    action = consolidation.action_to(to)
    if to in (Consolidation.Status.PUBLISHED, Consolidation.Status.RETURNED):
        require_another_person(
            acted_by=consolidation.submitted_by,
            by=by,
            error=ProcurementError,
            message=_(
                "ご自身が承認を依頼した要件の取りまとめは承認も差戻しもできません。別の人の承認が必要です。"
            ),
        )
    require(
        action is not None and action.is_allowed(by, consolidation),
        _("この操作を行う権限がありません。"),
        ProcurementError,
    )
    now = timezone.now()
    changes = {
        Consolidation.Status.SUBMITTED: {"submitted_by": by, "submitted_at": now, "return_reason": ""},
        Consolidation.Status.PUBLISHED: {"decided_by": by, "published_at": now},
        Consolidation.Status.RETURNED: {"decided_by": by, "return_reason": note.strip()[:500]},
    }.get(to, {})
    consolidation = transition(
        consolidation,
        to=to,
        by=by,
        verb=CONSOLIDATION_VERBS.get(to, "procurement.consolidation_submitted"),
        scope=project.lead_body,
        note=note.strip(),
        changes=changes,
    )
    consolidation.project = project
    context = {"title": project.title, "by": by.full_name, "note": note.strip()}
    if to == Consolidation.Status.SUBMITTED:
        recipients = [u for u in consolidation_approvers(project) if u.pk != by.pk]
        notify(
            "procurement.consolidation_submitted",
            target=consolidation,
            recipients=recipients,
            context=context,
        )
    elif to == Consolidation.Status.RETURNED:
        notify(
            "procurement.consolidation_returned",
            target=consolidation,
            recipients=[consolidation.submitted_by],
            context=context,
        )
    else:
        ids = list(
            Participant.objects.joined().filter(project=project).values_list("municipality_id", flat=True)
        )
        recipients = {
            *municipal_people(ids, Role.MUNICIPAL_STAFF),
            *municipal_people(ids, Role.MUNICIPAL_APPROVER),
            consolidation.submitted_by,
        }
        notify(
            "procurement.consolidation_published",
            target=consolidation,
            recipients=recipients,
            context=context,
        )
    return consolidation


CONSOLIDATION_VERBS = {
    Consolidation.Status.SUBMITTED: "procurement.consolidation_submitted",
    Consolidation.Status.PUBLISHED: "procurement.consolidation_published",
    Consolidation.Status.RETURNED: "procurement.consolidation_returned",
}
