"""Builders for joint procurement's tests (organisations come from the real reference data)."""

from __future__ import annotations

import datetime

from portal.dates import today
from portal.models import Organisation, Population, PopulationImport
from procurement.models import Participant, Project, StagePlan, Visibility
from procurement.services import projects, surveys
from tests.conftest import HIROSHIMA, JINSEKI, KURE, org


def make_project(
    by, *, lead: str = HIROSHIMA, title: str = "電子申請システムの共同調達", **fields
) -> Project:
    values = {
        "title": title,
        "category": Project.Category.TOOL,
        "description": "住民向け電子申請",
        "method": Project.Method.PROPOSAL,
        "contract_model": Project.ContractModel.EACH_SIGNS,
        **fields,
    }
    return projects.create_project(lead_body=org(lead), by=by, **values)


def open_survey(project: Project, by, *, codes=(JINSEKI, KURE), days: int = 14) -> Project:
    municipalities = Organisation.objects.filter(lg_code__in=codes) if codes else None
    if municipalities is None:
        municipalities = Organisation.objects.municipalities().filter(prefecture=project.lead_body)
    return projects.open_survey(
        project=project,
        deadline=today() + datetime.timedelta(days=days),
        municipalities=municipalities,
        by=by,
    )


def participant(project: Project, code: str = JINSEKI) -> Participant:
    return Participant.objects.select_related("project", "municipality").get(
        project=project, municipality__lg_code=code
    )


ANSWER = {
    "intent": Participant.Intent.JOIN,
    "expected_accounts": 40,
    "expected_transactions": 1200,
    "budget_secured": True,
    "comment": "",
}


def join(project: Project, code: str, *, staff, approver, **answer) -> Participant:
    """A municipality answers (staff) and confirms (approver) its intent."""
    answered = surveys.submit_answer(
        participant=participant(project, code), answer={**ANSWER, **answer}, by=staff
    )
    return surveys.decide_participant(participant=answered, to=Participant.Status.CONFIRMED, by=approver)


def set_visibility(project: Project, visibility: str, stage: str | None = None) -> StagePlan:
    return StagePlan.objects.update_or_create(
        project=project, stage=stage or project.status, defaults={"visibility": visibility}
    )[0]


def set_populations(by, populations: dict[str, int], *, on: str = "2026-01-01") -> None:
    source = PopulationImport.objects.create(reference_date=on, file_name="test.csv", uploaded_by=by)
    for code, value in populations.items():
        Population.objects.update_or_create(
            organisation=org(code), reference_date=on, defaults={"population": value, "source": source}
        )


__all__ = [
    "Visibility",
    "join",
    "make_project",
    "open_survey",
    "participant",
    "set_populations",
    "set_visibility",
]
