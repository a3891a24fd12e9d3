"""Requirement items and the joined municipalities' votes on them, with the consolidated matrix."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import User
from portal.workflow import require
from procurement import permissions
from procurement.exceptions import ProcurementError
from procurement.models import Participant, Project, Requirement, Vote


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

    @property
    def agreement(self) -> str:
        """必須 by everyone who voted, or mixed."""
        voted = [cell.choice for cell in self.cells if cell]
        if voted and all(choice == Vote.Choice.MUST for choice in voted):
            return "must"
        return "mixed" if voted else ""


def vote_matrix(project: Project) -> tuple[list[Participant], list[MatrixRow]]:
    """Requirement × joined municipality, each cell the municipality's vote (three queries)."""
    columns = list(Participant.objects.joined().filter(project=project).select_related("municipality"))
    columns.sort(key=lambda p: p.municipality.lg_code)
    rows = []
    for requirement in project.requirements.for_matrix():
        by_participant = {vote.participant_id: vote for vote in requirement.votes.all()}
        cells = [by_participant.get(p.pk) for p in columns]
        counts = {choice: sum(1 for c in cells if c and c.choice == choice) for choice in Vote.Choice.values}
        rows.append(MatrixRow(requirement, cells, counts))
    return columns, rows
