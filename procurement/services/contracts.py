"""Recording the contracts of a project (contract stage) and its participants' meetings (operation)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import Organisation, User
from portal.workflow import require
from procurement import permissions
from procurement.exceptions import ProcurementError
from procurement.models import Award, Contract, Meeting, Participant, Project
from procurement.services.costs import cost_table


@dataclass
class ContractLine:
    """One contract the project needs: who signs it, for how much, and the recorded one if any."""

    buyer: Organisation
    amount: int
    contract: Contract | None = None


def contract_lines(project: Project) -> list[ContractLine]:
    """The contracts this project needs: one for the lead (the award's initial amount) when the lead
    signs; one per joined participant with its share under the cost rule when each signs. Empty until
    the award is recorded (or, when each signs, while the shares cannot be computed)."""
    award = Award.objects.filter(project=project).first()
    if award is None:
        return []
    recorded = {c.buyer_id: c for c in Contract.objects.filter(project=project).select_related("buyer")}
    if project.contract_model == Project.ContractModel.LEAD_SIGNS:
        lines = [ContractLine(project.lead_body, award.initial_amount)]
    else:
        table = cost_table(project)
        lines = [] if table.problem else [ContractLine(row.municipality, row.share) for row in table.rows]
    for line in lines:
        line.contract = recorded.get(line.buyer.pk)
    return lines


@transaction.atomic
def record_contract(
    *, project: Project, buyer_id: int, number: str, signed_on: datetime.date, by: User
) -> Contract:
    """The lead records (or corrects) one signed contract at the contract stage; its amount is the
    line's (the share or the award), never typed."""
    require(
        permissions.can_record_contracts(by, project),
        _("契約は代表団体が「契約」の段階で記録します。"),
        ProcurementError,
    )
    project = Project.objects.select_for_update().get(pk=project.pk)
    line = next((line for line in contract_lines(project) if line.buyer.pk == buyer_id), None)
    require(line is not None, _("この団体の契約はこの案件にありません。"), ProcurementError)
    contract, created = Contract.objects.update_or_create(
        project=project,
        buyer=line.buyer,
        defaults={"amount": line.amount, "number": number, "signed_on": signed_on, "recorded_by": by},
    )
    record(
        project,
        "procurement.contract_recorded",
        actor=by,
        scope=project.lead_body,
        data={
            "buyer": line.buyer.name,
            "amount": line.amount,
            "number": number,
            "signed_on": signed_on.isoformat(),
            "corrected": not created,
        },
    )
    return contract


@transaction.atomic
def record_meeting(
    *, project: Project, held_on: datetime.date, title: str, attendees, minutes: str, by: User
) -> Meeting:
    """The lead records a participants' meeting during operation; attendees are joined participants."""
    require(
        permissions.can_record_meeting(by, project),
        _("会議の記録は代表団体が「運用」の段階で行います。"),
        ProcurementError,
    )
    attendees = list(attendees)
    joined = set(Participant.objects.joined().filter(project=project).values_list("pk", flat=True))
    require(
        all(a.pk in joined for a in attendees),
        _("出席団体は参加団体から選んでください。"),
        ProcurementError,
    )
    meeting = Meeting.objects.create(
        project=project, held_on=held_on, title=title, minutes=minutes, recorded_by=by
    )
    meeting.attendees.set(attendees)
    record(
        project,
        "procurement.meeting_recorded",
        actor=by,
        scope=project.lead_body,
        data={"held_on": held_on.isoformat(), "title": title, "attendees": len(attendees)},
    )
    return meeting
