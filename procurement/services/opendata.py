"""The open-data index of completed joint procurements: the fields デジタル庁's 共同調達ダッシュボード
publishes per case (participants and their population, initial and annual cost, process, whether
the specification may be shared), each with its OCDS release package."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.labels import choice_label
from portal.models import Organisation
from procurement.models import Project


@dataclass
class OpenDataParticipant:
    municipality: Organisation
    population: int | None
    reference_date: datetime.date | None


@dataclass
class OpenDataRow:
    project: Project
    participants: list[OpenDataParticipant]

    @property
    def total_population(self) -> int:
        return sum(p.population or 0 for p in self.participants)

    @property
    def reference_date(self) -> datetime.date | None:
        dates = [p.reference_date for p in self.participants if p.reference_date]
        return max(dates) if dates else None

    def as_dict(self, absolute) -> dict:
        """The row for the JSON download (`absolute` turns a path into a full URL)."""
        project, award = self.project, self.project.award
        return {
            "title": project.title,
            "lead_body": {"lg_code": project.lead_body.lg_code, "name": project.lead_body.name},
            "category": project.category,
            "method": project.method,
            "method_label": str(choice_label(project, "method")),
            "contract_model": project.contract_model,
            "stage": project.status,
            "participants": [
                {"lg_code": p.municipality.lg_code, "name": p.municipality.name, "population": p.population}
                for p in self.participants
            ],
            "total_population": self.total_population,
            "population_reference_date": self.reference_date.isoformat() if self.reference_date else None,
            "initial_cost_jpy": award.initial_amount,
            "annual_cost_jpy": award.annual_amount,
            "supplier": award.supplier_name,
            "awarded_on": award.awarded_on.isoformat(),
            "specification_shareable": project.specification_shareable,
            "page": absolute(reverse("procurement:project-detail", args=[project.pk])),
            "ocds": absolute(reverse("procurement:project-ocds", args=[project.pk])),
        }


def open_data_rows(projects) -> list[OpenDataRow]:
    """Rows for these projects (from Project.objects.open_data()), each participant with its latest
    imported population (one query for all of them)."""
    projects = list(projects)
    ids = {p.municipality_id for project in projects for p in project.joined}
    populations = {
        o.pk: (o.population_value, o.population_date)
        for o in Organisation.objects.filter(pk__in=ids).with_latest_population()
    }

    def participant(row) -> OpenDataParticipant:
        return OpenDataParticipant(row.municipality, *populations.get(row.municipality_id, (None, None)))

    return [OpenDataRow(project, [participant(p) for p in project.joined]) for project in projects]


def _named_population(participant: OpenDataParticipant) -> str:
    if participant.population is None:
        return participant.municipality.name
    return f"{participant.municipality.name}（{participant.population:,}）"


def open_data_table(rows: list[OpenDataRow], absolute) -> tuple[list[str], list[list]]:
    """Header and rows of the CSV download (one line per project)."""
    header = [
        _("案件名"), _("代表団体"), _("システムの分類"), _("調達方式"), _("契約の形"), _("参加団体（人口）"),
        _("参加団体の人口の合計"), _("人口の基準日"), _("初期費用（円）"), _("年間運用費用（円）"),
        _("事業者名"), _("決定日"), _("仕様書の共有"), _("OCDSデータ"),
    ]  # fmt: skip
    lines = [
        [
            row.project.title,
            row.project.lead_body.name,
            choice_label(row.project, "category"),
            choice_label(row.project, "method"),
            choice_label(row.project, "contract_model"),
            "、".join(_named_population(p) for p in row.participants),
            row.total_population,
            row.reference_date,
            row.project.award.initial_amount,
            row.project.award.annual_amount,
            row.project.award.supplier_name,
            row.project.award.awarded_on,
            _("可") if row.project.specification_shareable else _("不可"),
            absolute(reverse("procurement:project-ocds", args=[row.project.pk])),
        ]
        for row in rows
    ]
    return header, lines
