"""The cost-sharing rule and the 負担金 table it gives for the municipalities that have joined."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.audit import record
from portal.dates import fiscal_year, fiscal_year_label, today
from portal.labels import choice_label
from portal.models import Organisation, Role, User
from portal.notifications import notify
from portal.workflow import require, transition
from procurement import allocation, permissions
from procurement.exceptions import ProcurementError
from procurement.models import CostRule, Participant, Project, ShareConfirmation
from procurement.services.projects import municipal_people

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
        project=project,
        defaults={**{name: values[name] for name in RULE_FIELDS}, "confirm_by": values.get("confirm_by")},
    )
    new = {name: str(values[name]) for name in RULE_FIELDS}
    record(
        project, "procurement.cost_rule_set", actor=by, scope=project.lead_body, data={"old": old, "new": new}
    )
    refresh_share_confirmations(project=project, by=by)
    return rule


CONFIRM_DAYS = 14  # when the rule names no date, or its date has passed


def _rule_summary(rule: CostRule) -> str:
    text = _(
        "総額%(total)s円、均等割%(equal)d%%・人口割%(population)d%%（逓減指数%(k)s）・利用量割%(volume)d%%"
    )
    return text % {
        "total": f"{rule.total_amount:,}",
        "equal": rule.equal_weight,
        "population": rule.population_weight,
        "k": rule.population_exponent,
        "volume": rule.volume_weight,
    }


def _share_context(confirmation: ShareConfirmation, project: Project) -> dict:
    return {
        "title": project.title,
        "municipality": confirmation.participant.municipality.name,
        "amount": f"{confirmation.amount:,}",
        "previous": f"{confirmation.previous_amount:,}" if confirmation.previous_amount is not None else "",
        "rule": confirmation.rule_summary,
        "reference_date": str(confirmation.reference_date or ""),
        "deadline": str(confirmation.deadline),
    }


def refresh_share_confirmations(
    *, project: Project, by: User, cause: dict | None = None
) -> list[ShareConfirmation]:
    """Ask each joined municipality's approvers to confirm its 負担金 sheet: the first time the shares
    can be computed, and again (with the old and the new amount, its confirmation reset) whenever a
    recomputation changes its share; `cause` is added to the audit data. Runs inside the caller's
    transaction; returns the rows asked (none when every amount is as it was: safe to repeat)."""
    rule = CostRule.objects.filter(project=project).first()
    table = cost_table(project, rule=rule) if rule else None  # no rule yet (a survey): nothing to ask
    if table is None or table.problem or not table.rows:
        return []
    existing = {
        c.participant.municipality_id: c
        for c in ShareConfirmation.objects.select_for_update(of=("self",))
        .filter(participant__project=project)
        .select_related("participant__municipality")
    }
    joined = {
        p.municipality_id: p
        for p in Participant.objects.joined().filter(project=project).select_related("municipality")
    }
    deadline = rule.confirm_by if rule.confirm_by and rule.confirm_by >= today() else None
    deadline = deadline or today() + datetime.timedelta(days=CONFIRM_DAYS)
    common = {"reference_date": table.reference_date, "rule_summary": _rule_summary(rule)[:200]}
    asked = []
    for row in table.rows:
        confirmation = existing.get(row.municipality.pk)
        if confirmation is not None and confirmation.amount == row.share:
            continue
        old = confirmation.amount if confirmation else None
        data = {"municipality": row.municipality.lg_code, "old": old, "new": row.share, **(cause or {})}
        changes = {
            **common,
            "amount": row.share,
            "previous_amount": old,
            "deadline": deadline,
            "waiting_since": timezone.now(),
            "reminded_at": None,
        }
        if confirmation is None:
            confirmation = ShareConfirmation.objects.create(
                participant=joined[row.municipality.pk], **changes
            )
            verb = "procurement.share_confirmation_requested"
            record(confirmation, verb, actor=by, scope=project.lead_body, data=data)
        elif confirmation.status == ShareConfirmation.Status.CONFIRMED:
            confirmation = transition(
                confirmation,
                to=ShareConfirmation.Status.REQUESTED,
                by=by,
                verb="procurement.share_recomputed",
                scope=project.lead_body,
                data=data,
                changes={**changes, "confirmed_by": None, "confirmed_at": None},
            )
        else:
            for name, value in changes.items():
                setattr(confirmation, name, value)
            confirmation.save(update_fields=list(changes))
            record(confirmation, "procurement.share_recomputed", actor=by, scope=project.lead_body, data=data)
        confirmation.participant = joined[row.municipality.pk]
        notify(
            "procurement.share_confirmation_requested",
            target=confirmation,
            recipients=municipal_people([row.municipality.pk], Role.MUNICIPAL_APPROVER),
            context=_share_context(confirmation, project),
        )
        asked.append(confirmation)
    return asked


def refresh_shares_after_population(
    *, municipality_ids, by: User, population_import_id: int | None = None
) -> list[ShareConfirmation]:
    """After a population import changed these municipalities' latest population: refresh the
    confirmations of every project whose shares it may change (`Project.objects.sharing_by_population`,
    one query), each in its own transaction, audited as done by `by` (who applied the import).
    Repeating it changes nothing. Returns the rows asked."""
    if not municipality_ids:
        return []
    cause = {"population_import": population_import_id} if population_import_id else None
    asked = []
    for project in Project.objects.sharing_by_population(municipality_ids).order_by("pk"):
        with transaction.atomic():
            asked += refresh_share_confirmations(project=project, by=by, cause=cause)
    return asked


@transaction.atomic
def confirm_share(*, confirmation: ShareConfirmation, by: User) -> ShareConfirmation:
    """「負担金を確認した」: the municipality's approver confirms the amount it was asked about."""
    require(
        permissions.can_confirm_share(by, confirmation),
        _("この負担金を確認する権限がありません。"),
        ProcurementError,
    )
    participant = confirmation.participant
    return transition(
        confirmation,
        to=ShareConfirmation.Status.CONFIRMED,
        by=by,
        verb="procurement.share_confirmed",
        scope=participant.project.lead_body,
        data={"municipality": participant.municipality.lg_code, "amount": confirmation.amount},
        changes={"confirmed_by": by, "confirmed_at": timezone.now()},
    )


@transaction.atomic
def remind_share_confirmations(*, on: datetime.date | None = None) -> int:
    """Tell the approvers of municipalities whose sheet is still unconfirmed, once per request, when
    its deadline is the project's `reminder_days` away or closer. Returns how many were reminded."""
    on = on or today()
    due = (
        ShareConfirmation.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(
            status=ShareConfirmation.Status.REQUESTED,
            deadline__gte=on,
            reminded_at__isnull=True,
            participant__status=Participant.Status.CONFIRMED,
            participant__intent=Participant.Intent.JOIN,
        )
        .select_related("participant__project", "participant__municipality")
    )
    count = 0
    for confirmation in due:
        project = confirmation.participant.project
        if (confirmation.deadline - on).days > project.reminder_days:
            continue
        notify(
            "procurement.share_reminder",
            target=confirmation,
            recipients=municipal_people([confirmation.participant.municipality_id], Role.MUNICIPAL_APPROVER),
            context=_share_context(confirmation, project),
        )
        confirmation.reminded_at = timezone.now()
        confirmation.save(update_fields=["reminded_at"])
        count += 1
    return count


def cost_table_for(user: User, project: Project, own: list[Participant]) -> CostTable:
    """The cost table, each row with its sheet confirmation where this reader opens that sheet (the
    lead: every row; a municipality: its own) (four queries)."""
    codes = permissions.sheet_codes(user, project, own)
    table = cost_table(project)
    found = {
        c.participant.municipality_id: c
        for c in ShareConfirmation.objects.filter(participant__project=project).select_related(
            "participant", "confirmed_by"
        )
    }
    for row in table.rows:
        if codes is None or row.municipality.lg_code in codes:
            row.confirmation = found.get(row.municipality.pk)
    return table


def _engine_rule(rule: CostRule, **weights) -> allocation.Rule:
    values = {"equal": rule.equal_weight, "population": rule.population_weight, "volume": rule.volume_weight}
    return allocation.Rule(
        **(weights or values), exponent=Fraction(str(rule.population_exponent)), unit=rule.unit
    )


@dataclass
class ShareRow:
    municipality: Organisation
    population: int | None
    volume: int
    ideal: Fraction
    share: int
    party: allocation.Party | None = None
    confirmation: ShareConfirmation | None = None  # attached for readers who may see it


@dataclass
class CostTable:
    rule: CostRule | None
    rows: list[ShareRow]
    reference_date: object = None  # the latest population reference date used
    problem: str = ""

    @property
    def total(self) -> int:
        return sum(row.share for row in self.rows)


def cost_table(project: Project, *, rule: CostRule | None = None) -> CostTable:
    """Each joined municipality's 負担金 under the project's rule, or under `rule` (an unsaved one
    the simulator tries) (three queries)."""
    rule = rule or CostRule.objects.filter(project=project).first()
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
        result = allocation.breakdown(rule.total_amount, parties, _engine_rule(rule))
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
            party=party,
        )
        for p, party in zip(joined, parties, strict=True)
    ]
    return table


@dataclass
class SimulationRow:
    municipality: Organisation
    population: int | None
    volume: int
    current: int | None  # under the saved rule (None when there is none or it cannot be computed)
    simulated: int

    @property
    def difference(self) -> int | None:
        return None if self.current is None else self.simulated - self.current


def simulate(project: Project, rule: CostRule) -> tuple[CostTable, list[SimulationRow]]:
    """Every joined municipality's share under `rule` (not saved) beside its share under the saved rule."""
    trial = cost_table(project, rule=rule)
    saved = cost_table(project)
    current = {row.municipality.pk: row.share for row in saved.rows}
    rows = [
        SimulationRow(r.municipality, r.population, r.volume, current.get(r.municipality.pk), r.share)
        for r in trial.rows
    ]
    return trial, rows


@dataclass
class Component:
    label: str
    weight: int
    amount: Fraction  # this component's part of the municipality's share in yen, before rounding


@dataclass
class ShareSheet:
    """One municipality's 負担金 for its 予算要求: its share, how it was computed, and the population
    reference date."""

    project: Project
    participant: Participant
    table: CostTable
    row: ShareRow | None
    components: list[Component]
    budget_year: int  # the fiscal year the budget is requested for
    participant_count: int
    total_population: int
    issued_on: datetime.date

    @property
    def budget_year_label(self) -> str:
        """令和9年度 / FY2027 (Reiwa 9), in the active language."""
        return fiscal_year_label(self.budget_year, (get_language() or "ja")[:2])

    @property
    def percent(self) -> Fraction | None:
        if self.row is None or not self.table.rule.total_amount:
            return None
        return Fraction(self.row.share * 100, self.table.rule.total_amount)


def share_sheet(participant: Participant) -> ShareSheet:
    """The 負担金 sheet of one joined municipality (three queries)."""
    project = participant.project
    table = cost_table(project)
    row = next((r for r in table.rows if r.municipality.pk == participant.municipality_id), None)
    components = []
    if row is not None:
        parties = [r.party for r in table.rows]
        for label, name, weight in (
            (_("均等割"), "equal", table.rule.equal_weight),
            (_("人口割"), "population", table.rule.population_weight),
            (_("利用量割"), "volume", table.rule.volume_weight),
        ):
            if weight:
                alone = {"equal": 0, "population": 0, "volume": 0, name: 100}
                ideal = allocation.ideal_shares(
                    table.rule.total_amount, parties, _engine_rule(table.rule, **alone)
                )
                amount = ideal[row.party.key] * table.rule.unit * weight / 100
                components.append(Component(label, weight, amount))
    return ShareSheet(
        project=project,
        participant=participant,
        table=table,
        row=row,
        components=components,
        budget_year=fiscal_year(today()) + 1,
        issued_on=today(),
        participant_count=len(table.rows),
        total_population=sum(r.population or 0 for r in table.rows),
    )


def share_sheet_table(sheet: ShareSheet) -> tuple[list[str], list[list]]:
    """The sheet as two columns (item, value) for the XLSX download."""
    rule, row = sheet.table.rule, sheet.row
    lines = [
        [_("案件名"), sheet.project.title],
        [_("代表団体"), sheet.project.lead_body.name],
        [_("団体名"), sheet.participant.municipality.name],
        [_("地方公共団体コード"), sheet.participant.municipality.lg_code],
        [_("予算要求の対象年度"), sheet.budget_year_label],
        [_("作成日"), sheet.issued_on],
        [_("按分する総額（円）"), rule.total_amount if rule else ""],
        [_("端数処理の単位"), str(choice_label(rule, "unit")) if rule else ""],
        [_("均等割（%）"), rule.equal_weight if rule else ""],
        [_("人口割（%）"), rule.population_weight if rule else ""],
        [_("人口割の逓減指数"), str(rule.population_exponent) if rule else ""],
        [_("利用量割（%）"), rule.volume_weight if rule else ""],
        [_("参加団体数"), sheet.participant_count],
        [_("参加団体の人口の合計"), sheet.total_population],
        [_("人口"), row.population if row else ""],
        [_("人口の基準日"), sheet.table.reference_date or ""],
        [_("利用量"), row.volume if row else ""],
        *[
            [_("%(label)s（端数処理前、円）") % {"label": c.label}, float(round(c.amount, 2))]
            for c in sheet.components
        ],
        [_("負担金（円）"), row.share if row else ""],
    ]
    return [_("項目"), _("内容")], lines
