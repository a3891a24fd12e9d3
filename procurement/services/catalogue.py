"""The system catalogue: a municipality declares (or ends) its use of a system, and who uses what is
read from both those declarations and the completed joint procurements (derived, never copied)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import Organisation, User
from portal.workflow import require
from procurement import permissions
from procurement.exceptions import ProcurementError
from procurement.models import Participant, Project, System, SystemUse


@transaction.atomic
def declare_use(*, system: System, municipality: Organisation, by: User) -> SystemUse:
    """Staff of a municipality record that it uses this system (once while current)."""
    require(
        permissions.can_declare_use(by, municipality),
        _("この団体の利用状況を登録する権限がありません。"),
        ProcurementError,
    )
    try:
        with transaction.atomic():
            use = SystemUse.objects.create(system=system, municipality=municipality, declared_by=by)
    except IntegrityError:
        raise ProcurementError(_("この団体はすでにこのシステムを利用中として登録しています。")) from None
    record(use, "procurement.system_use_declared", actor=by, scope=municipality, data={"system": system.name})
    return use


@transaction.atomic
def end_use(*, use: SystemUse, by: User) -> SystemUse:
    """Staff of the municipality record that it no longer uses the system; the row is kept."""
    use = SystemUse.objects.select_for_update().select_related("system", "municipality").get(pk=use.pk)
    require(
        permissions.can_declare_use(by, use.municipality),
        _("この団体の利用状況を変更する権限がありません。"),
        ProcurementError,
    )
    require(use.ended_at is None, _("この利用はすでに終了として登録されています。"), ProcurementError)
    use.ended_at, use.ended_by = timezone.now(), by
    use.save(update_fields=["ended_at", "ended_by"])
    record(
        use,
        "procurement.system_use_ended",
        actor=by,
        scope=use.municipality,
        data={"system": use.system.name},
    )
    return use


@dataclass
class SystemUser:
    """One municipality's use of one system: its own declaration and/or the procurements it joined."""

    municipality: Organisation
    declaration: SystemUse | None = None
    projects: list[Project] = field(default_factory=list)


def _procured(user: User, **filters):
    """Joined participants of completed procurements the person may see, with project and municipality."""
    return (
        Participant.objects.joined()
        .filter(
            project__status__in=Project.COMPLETED,
            project__system__isnull=False,
            project__in=Project.objects.visible_to(user),
            **filters,
        )
        .select_related("project", "municipality__prefecture")
    )


def users_by_prefecture(system: System, user: User) -> list[tuple[Organisation | None, list[SystemUser]]]:
    """The municipalities using a system, grouped by prefecture (in code order)."""
    uses: dict[int, SystemUser] = {}
    declared = (
        SystemUse.objects.filter(system=system, ended_at__isnull=True)
        .select_related("municipality__prefecture")
        .order_by("pk")
    )
    for use in declared:
        uses.setdefault(use.municipality_id, SystemUser(use.municipality)).declaration = use
    for participant in _procured(user, project__system=system):
        uses.setdefault(participant.municipality_id, SystemUser(participant.municipality)).projects.append(
            participant.project
        )
    groups: dict[int | None, list[SystemUser]] = defaultdict(list)
    for entry in sorted(uses.values(), key=lambda e: e.municipality.lg_code or ""):
        groups[entry.municipality.prefecture_id].append(entry)
    prefectures = {e.municipality.prefecture_id: e.municipality.prefecture for e in uses.values()}
    order = sorted(groups, key=lambda pk: (prefectures[pk].lg_code or "") if prefectures[pk] else "~")
    return [(prefectures[pk], groups[pk]) for pk in order]


@dataclass
class PrefectureRow:
    system: System
    users: list[Organisation]
    others: list[Organisation]

    @property
    def total(self) -> int:
        return len(self.users) + len(self.others)


def prefecture_overview(prefecture: Organisation, user: User) -> list[PrefectureRow]:
    """For a prefecture's coordinator: every catalogued system, which of its municipalities use it
    (declared or procured) and which do not; most used first."""
    municipalities = list(
        Organisation.objects.municipalities().filter(prefecture=prefecture).order_by("lg_code")
    )
    mine = {m.pk for m in municipalities}
    using: dict[int, set[int]] = defaultdict(set)
    declared = SystemUse.objects.filter(ended_at__isnull=True, municipality_id__in=mine)
    for system_id, municipality_id in declared.values_list("system_id", "municipality_id"):
        using[system_id].add(municipality_id)
    procured = _procured(user, municipality_id__in=mine).values_list("project__system_id", "municipality_id")
    for system_id, municipality_id in procured:
        using[system_id].add(municipality_id)
    rows = [
        PrefectureRow(
            system,
            [m for m in municipalities if m.pk in using[system.pk]],
            [m for m in municipalities if m.pk not in using[system.pk]],
        )
        for system in System.objects.order_by("category", "name")
    ]
    return sorted(rows, key=lambda row: -len(row.users))
