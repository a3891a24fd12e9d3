"""A project as an Open Contracting Data Standard 1.1 release package.

One compiled release per project: the lead body as buyer and procuring entity, the joined
municipalities as buyers too (a joint procurement has several), the tender, the award and the
contracts — one for the lead, or one per participant with its cost share when each signs its own.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from portal.labels import choice_label
from procurement.models import Award, Project
from procurement.services.costs import CostTable

# Each participant's contract names its own buyer (OCDS 1.1 core has one buyer per process).
CONTRACT_BUYER_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_contract_buyer_extension/"
    "master/extension.json"
)
STAGE_TAGS = {
    Project.Status.PLANNING: "planning",
    Project.Status.SURVEY: "planning",
    Project.Status.REQUIREMENTS: "planning",
    Project.Status.RFI: "planning",
    Project.Status.SPECIFICATION: "planning",
    Project.Status.TENDER: "tender",
    Project.Status.AWARD: "award",
    Project.Status.CONTRACT: "contract",
    Project.Status.OPERATION: "implementation",
    Project.Status.CLOSED: "implementation",
}
METHODS = {
    Project.Method.COMPETITIVE: "open",
    Project.Method.PROPOSAL: "open",
    Project.Method.DMP: "limited",
}


def _party_id(organisation) -> str:
    return f"JP-LG-{organisation.lg_code}" if organisation.lg_code else f"JP-DXPORTAL-ORG-{organisation.pk}"


def _tender_status(project: Project) -> str:
    order = Project.ORDER.index(project.status)
    if order < Project.ORDER.index(Project.Status.TENDER):
        return "planning"
    return "active" if project.status == Project.Status.TENDER else "complete"


def release_package(
    project: Project,
    *,
    award: Award | None,
    table: CostTable | None,
    uri: str,
    include_participants: bool,
    signed=(),
) -> dict:
    """The OCDS release package of one project (a dict ready for JSON); `signed`, the recorded
    Contract rows, give each contract its signature date."""
    ocid = f"{settings.OCDS_OCID_PREFIX}-{project.pk}"
    lead = {"id": _party_id(project.lead_body), "name": project.lead_body.name}
    rows = table.rows if (table and include_participants) else []
    parties = [{**lead, "roles": ["buyer", "procuringEntity"]}]
    parties += [
        {"id": _party_id(row.municipality), "name": row.municipality.name, "roles": ["buyer"]} for row in rows
    ]
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{project.updated_at:%Y%m%dT%H%M%S}",
        "date": project.updated_at.isoformat(),
        "tag": [STAGE_TAGS[project.status]],
        "initiationType": "tender",
        "language": "ja",
        "buyer": lead,
        "planning": {"rationale": project.description},
        "tender": {
            "id": f"{ocid}-tender",
            "title": project.title,
            "description": project.description,
            "status": _tender_status(project),
            "procurementMethod": METHODS[project.method],
            "procurementMethodDetails": str(choice_label(project, "method")),
            "mainProcurementCategory": "services",
            "procuringEntity": lead,
        },
        "parties": parties,
    }
    if award is not None:
        supplier = {"id": f"JP-CN-{award.supplier_number}" if award.supplier_number else f"{ocid}-supplier",
                    "name": award.supplier_name}  # fmt: skip
        parties.append({**supplier, "roles": ["supplier", "tenderer"]})
        award_id = f"{ocid}-award"
        release["awards"] = [
            {
                "id": award_id,
                "status": "active",
                "date": f"{award.awarded_on.isoformat()}T00:00:00+09:00",
                "value": {"amount": award.initial_amount, "currency": "JPY"},
                "suppliers": [supplier],
                "description": f"initial {award.initial_amount} JPY, annual {award.annual_amount} JPY",
            }
        ]
        if project.contract_model == Project.ContractModel.LEAD_SIGNS or not rows:
            contracts = [
                {
                    "id": f"{ocid}-contract",
                    "awardID": award_id,
                    "title": project.title,
                    "buyer": lead,
                    "value": {"amount": award.initial_amount, "currency": "JPY"},
                }
            ]
        else:
            contracts = [
                {
                    "id": f"{ocid}-contract-{row.municipality.lg_code}",
                    "awardID": award_id,
                    "title": f"{project.title}（{row.municipality.name}）",
                    "buyer": {"id": _party_id(row.municipality), "name": row.municipality.name},
                    "value": {"amount": row.share, "currency": "JPY"},
                }
                for row in rows
            ]
        dates = {_party_id(c.buyer): f"{c.signed_on.isoformat()}T00:00:00+09:00" for c in signed}
        for contract in contracts:
            if contract["buyer"]["id"] in dates:
                contract["dateSigned"] = dates[contract["buyer"]["id"]]
        if project.status in (Project.Status.CONTRACT, Project.Status.OPERATION, Project.Status.CLOSED):
            release["contracts"] = [{**c, "status": "active"} for c in contracts]
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": timezone.now().isoformat(),
        "publisher": {"name": "地域DX推進ポータル"},
        "extensions": [CONTRACT_BUYER_EXTENSION],
        "releases": [release],
    }
