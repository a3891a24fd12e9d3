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


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_completed(coordinator, staff, approver, *, title: str, public: bool = True, code: str = JINSEKI):
    """A project one municipality joined, carried to the contract stage: an adopted requirement it
    voted must on, an equal-share cost rule, a specification (v1 and v2) and an award."""
    from procurement.models import Document
    from procurement.services import awards, costs, documents, requirements

    project = open_survey(make_project(coordinator, title=title), coordinator, codes=[code])
    joined = join(project, code, staff=staff, approver=approver)
    project = projects.change_project_stage(
        project=project, stage=Project.Status.REQUIREMENTS, by=coordinator
    )
    item = requirements.add_requirement(
        project=project, section="申請", text="電子署名に対応する", by=coordinator
    )
    joined.project = project
    requirements.cast_votes(participant=joined, votes={item.pk: ("must", "窓口で必要")}, by=staff)
    item.project = project
    requirements.decide_requirement(
        requirement=item, to="adopted", note="参加団体が必須とした", by=coordinator
    )
    rule = {"total_amount": 1_200_000, "unit": 1000, "equal_weight": 100, "population_weight": 0,
            "volume_weight": 0, "population_exponent": 1, "volume_measure": "accounts"}  # fmt: skip
    costs.set_cost_rule(project=project, by=coordinator, values=rule)
    spec = documents.add_document(
        project=project, kind=Document.Kind.SPECIFICATION, title="仕様書", shareable=True,
        file_name="shiyousho.pdf", data=PDF, by=coordinator,
    ).document  # fmt: skip
    documents.add_document_version(
        document=spec, file_name="shiyousho-2.pdf", data=PDF, change_note="第2章を改訂", by=coordinator
    )
    for stage in Project.ORDER[3:7]:
        project = projects.change_project_stage(project=project, stage=stage, by=coordinator)
    values = {"supplier_name": "株式会社テスト", "supplier_number": "", "initial_amount": 1_200_000,
              "annual_amount": 300_000, "awarded_on": datetime.date(2026, 10, 1)}  # fmt: skip
    awards.record_award(project=project, by=coordinator, values=values)
    project = projects.change_project_stage(project=project, stage=Project.Status.CONTRACT, by=coordinator)
    if public:
        set_visibility(project, Visibility.PUBLIC)
    return project


__all__ = [
    "Visibility",
    "join",
    "make_completed",
    "make_project",
    "open_survey",
    "participant",
    "set_populations",
    "set_visibility",
]
