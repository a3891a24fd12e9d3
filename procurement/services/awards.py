"""Recording the award of a project."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit import record
from portal.dates import today
from portal.models import User
from portal.workflow import require
from procurement import permissions
from procurement.exceptions import ProcurementError
from procurement.models import Award, Participant, Project
from talentpool.services.conflicts import AffiliateDispatch, dispatches_of_vendor_affiliates

FIELDS = ("supplier_name", "supplier_number", "initial_amount", "annual_amount", "awarded_on")


@transaction.atomic
def record_award(*, project: Project, values: dict, by: User) -> Award:
    """The lead records (or corrects) the award while the project is at the award stage."""
    require(
        permissions.can_manage_project(by, project),
        _("この案件を変更する権限がありません。"),
        ProcurementError,
    )
    project = Project.objects.select_for_update().get(pk=project.pk)
    require(
        project.status == Project.Status.AWARD,
        _("落札・選定の結果は「落札・選定」の段階で記録します。"),
        ProcurementError,
    )
    conflicts = conflicts_of_interest(project, values["supplier_name"])
    award, created = Award.objects.update_or_create(
        project=project, defaults={**{name: values[name] for name in FIELDS}, "recorded_by": by}
    )
    record(
        project,
        "procurement.award_recorded",
        actor=by,
        scope=project.lead_body,
        data={name: str(values[name]) for name in FIELDS}
        | {"corrected": not created, "conflicts": [describe(c) for c in conflicts]},
    )
    award.conflicts = conflicts
    return award


def conflicts_of_interest(project: Project, supplier_name: str) -> list[AffiliateDispatch]:
    """Pool talents affiliated with the supplier who were dispatched to one of the project's joined
    municipalities in the last 12 months (a warning: it does not stop the award)."""
    municipality_ids = (
        Participant.objects.joined().filter(project=project).values_list("municipality_id", flat=True)
    )
    return dispatches_of_vendor_affiliates(supplier_name, list(municipality_ids), on=today())


def describe(conflict: AffiliateDispatch) -> str:
    """One line naming the talent, the municipality and the dispatch dates (for the audit note)."""
    return _("%(talent)s（%(affiliation)s）: %(municipality)s に派遣 %(start)s〜%(end)s") % {
        "talent": conflict.talent_name,
        "affiliation": conflict.affiliation_name,
        "municipality": conflict.municipality_name,
        "start": conflict.start_date.isoformat(),
        "end": conflict.end_date.isoformat(),
    }
