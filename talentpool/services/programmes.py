"""Dispatch programme settings per prefecture and fiscal year, and the cost-share summary."""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext as _

from portal.audit import record
from portal.dates import fiscal_year_label
from portal.models import Role, User
from portal.notifications import notify
from portal.workflow import require, require_another_person, transition
from talentpool import permissions
from talentpool.models import (
    Assignment,
    DispatchProgramme,
    DispatchRequest,
    TalentPoolError,
)
from talentpool.services.dispatch import _people

# -- programme settings ----------------------------------------------------------------------------


@transaction.atomic
def save_programme(*, programme: DispatchProgramme, by: User) -> DispatchProgramme:
    """Create or edit a prefecture's settings for a fiscal year while they are being edited."""
    require(
        permissions.can_edit_programme(by, programme),
        _("この都道府県の事業設定を編集する権限がありません。"),
        TalentPoolError,
    )
    require(
        programme.status == DispatchProgramme.Status.DRAFT,
        _("編集中の事業設定だけ変更できます。"),
        TalentPoolError,
    )
    programme.full_clean()
    programme.save()
    record(programme, "programme.saved", actor=by, scope=programme.prefecture)
    return programme


@transaction.atomic
def change_programme_status(
    *, programme: DispatchProgramme, status: str, by: User, note: str = ""
) -> DispatchProgramme:
    """Ask for confirmation (coordinator), confirm or return (another person, the approver), revise."""
    changes = {"submitted_by": by} if status == DispatchProgramme.Status.SUBMITTED else {}
    if programme.status == DispatchProgramme.Status.SUBMITTED:
        require_another_person(acted_by=programme.submitted_by, by=by, error=TalentPoolError)
    programme = transition(
        programme,
        to=status,
        by=by,
        verb="programme.status_changed",
        scope=programme.prefecture,
        note=note,
        changes=changes,
    )
    context = {
        "prefecture": programme.prefecture.name,
        "year": fiscal_year_label(programme.fiscal_year),
        "note": note,
    }
    if status == DispatchProgramme.Status.SUBMITTED:
        recipients = _people(Role.PREFECTURE_APPROVER, programme.prefecture_id, besides=by)
        notify("programme.submitted", target=programme, recipients=recipients, context=context)
    return programme


def cost_summary(*, prefecture_id: int, year: int) -> list[dict]:
    """Per municipality, the FY's approved dispatches: days and the yen each party bears."""
    rows = (
        Assignment.objects.filter(
            programme__prefecture_id=prefecture_id,
            programme__fiscal_year=year,
            request__status__in=DispatchRequest.BOOKED,
        )
        .values("request__municipality__lg_code", "request__municipality__name")
        .annotate(
            cases=models.Count("pk"),
            days=models.Sum("days"),
            cost=models.Sum("cost_yen"),
            national=models.Sum("national_yen"),
            prefecture=models.Sum("prefecture_yen"),
            municipality=models.Sum("municipality_yen"),
        )
        .order_by("request__municipality__lg_code")
    )
    return list(rows)
