"""Recording the award of a project."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import User
from portal.workflow import require
from procurement import permissions
from procurement.exceptions import ProcurementError
from procurement.models import Award, Project

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
    award, created = Award.objects.update_or_create(
        project=project, defaults={**{name: values[name] for name in FIELDS}, "recorded_by": by}
    )
    record(
        project,
        "procurement.award_recorded",
        actor=by,
        scope=project.lead_body,
        data={name: str(values[name]) for name in FIELDS} | {"corrected": not created},
    )
    return award
