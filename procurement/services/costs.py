"""The cost-sharing rule and the 負担金 table it gives for the municipalities that have joined."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import Organisation, User
from portal.workflow import require
from procurement import allocation, permissions
from procurement.exceptions import ProcurementError
from procurement.models import CostRule, Participant, Project

RULE_FIELDS = (
    "total_amount",
    "unit",
    "equal_weight",
    "population_weight",
    "volume_weight",
    "population_exponent",
    "volume_measure",
)


@transaction.atomic
def set_cost_rule(*, project: Project, by: User, values: dict) -> CostRule:
    """Record the project's cost-sharing rule (the coordinator's), auditing old and new values."""
    require(
        permissions.can_manage_project(by, project),
        _("この案件を変更する権限がありません。"),
        ProcurementError,
    )
    if values["equal_weight"] + values["population_weight"] + values["volume_weight"] != 100:
        raise ProcurementError(_("均等割・人口割・利用量割の合計を100%にしてください。"))
    if values["total_amount"] % values["unit"]:
        raise ProcurementError(_("総額は端数処理の単位の倍数にしてください。"))
    rule = CostRule.objects.select_for_update().filter(project=project).first()
    old = {name: str(getattr(rule, name)) for name in RULE_FIELDS} if rule else {}
    rule, _created = CostRule.objects.update_or_create(
        project=project, defaults={name: values[name] for name in RULE_FIELDS}
    )
    new = {name: str(values[name]) for name in RULE_FIELDS}
    record(
        project, "procurement.cost_rule_set", actor=by, scope=project.lead_body, data={"old": old, "new": new}
    )
    return rule


@dataclass
class ShareRow:
    municipality: Organisation
    population: int | None
    volume: int
    ideal: Fraction
    share: int


@dataclass
class CostTable:
    rule: CostRule | None
    rows: list[ShareRow]
    reference_date: object = None  # the latest population reference date used
    problem: str = ""

    @property
    def total(self) -> int:
        return sum(row.share for row in self.rows)


def cost_table(project: Project) -> CostTable:
    """Each joined municipality's 負担金 under the project's rule (two queries)."""
    rule = CostRule.objects.filter(project=project).first()
    joined = list(
        Participant.objects.joined()
        .filter(project=project)
        .select_related("municipality")
        .order_by("municipality__lg_code")
    )
    populations = {
        o.pk: (o.population_value, o.population_date)
        for o in Organisation.objects.filter(
            pk__in=[p.municipality_id for p in joined]
        ).with_latest_population()
    }
    if rule is None:
        return CostTable(rule=None, rows=[], problem=_("負担金の按分ルールがまだ決まっていません。"))
    measure = (
        "expected_accounts" if rule.volume_measure == CostRule.Measure.ACCOUNTS else "expected_transactions"
    )
    parties = [
        allocation.Party(
            key=p.municipality.lg_code,
            population=populations[p.municipality_id][0] or 0,
            volume=getattr(p, measure) or 0,
        )
        for p in joined
    ]
    dates = [date for _value, date in populations.values() if date]
    table = CostTable(rule=rule, rows=[], reference_date=max(dates) if dates else None)
    missing = [p.municipality.name for p in joined if populations[p.municipality_id][0] is None]
    if rule.population_weight and missing:
        table.problem = _("人口が取り込まれていない団体があります: %(names)s") % {"names": "、".join(missing)}
        return table
    try:
        result = allocation.breakdown(
            rule.total_amount,
            parties,
            allocation.Rule(
                equal=rule.equal_weight,
                population=rule.population_weight,
                volume=rule.volume_weight,
                exponent=Fraction(str(rule.population_exponent)),
                unit=rule.unit,
            ),
        )
    except allocation.AllocationError:
        table.problem = _(
            "この按分ルールでは計算できません（参加団体がない、または利用量・人口がすべて0です）。"
        )
        return table
    table.rows = [
        ShareRow(
            municipality=p.municipality,
            population=populations[p.municipality_id][0],
            volume=party.volume,
            ideal=result[party.key]["ideal"],
            share=result[party.key]["share"],
        )
        for p, party in zip(joined, parties, strict=True)
    ]
    return table
