"""Dispatch programme settings pages: editing, confirming, and the cost-share CSV/XLSX."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.dates import fiscal_year, today
from portal.models import AuditEvent
from portal.spreadsheets import csv_response, xlsx_response
from talentpool import forms, permissions, services
from talentpool.models import (
    DispatchProgramme,
    TalentPoolError,
)
from talentpool.permissions import get_programme_for
from talentpool.views import run_action

# -- programme settings ---------------------------------------------------------------------------


def _programme_prefectures(request):
    prefectures = permissions.managed_pools(request.user)
    if not prefectures.exists():
        raise PermissionDenied
    return prefectures


@login_required
def programme_list(request):
    programmes = DispatchProgramme.objects.visible_to(request.user).select_related("prefecture")
    if not (programmes.exists() or permissions.can_manage_any_pool(request.user)):
        raise PermissionDenied
    return render(
        request,
        "talentpool/programme_list.html",
        {"programmes": programmes, "can_create": permissions.can_manage_any_pool(request.user)},
    )


@login_required
def programme_edit(request, pk: int | None = None):
    programme = (
        get_programme_for(request, pk, edit=True)
        if pk
        else DispatchProgramme(fiscal_year=fiscal_year(today()))
    )
    prefectures = _programme_prefectures(request)
    form = forms.ProgrammeForm(
        request.POST if request.method == "POST" else None, instance=programme, prefectures=prefectures
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.save_programme(programme=form.save(commit=False), by=request.user)
        except (TalentPoolError, ValidationError) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("事業設定を保存しました。"))
            return redirect("talentpool:programme-detail", pk=programme.pk)
    return render(
        request, "talentpool/programme_form.html", {"form": form, "programme": programme if pk else None}
    )


@login_required
def programme_detail(request, pk: int):
    programme = get_programme_for(request, pk)
    return render(
        request,
        "talentpool/programme_detail.html",
        {
            "programme": programme,
            "actions": programme.actions_for(request.user),
            "can_edit": programme.status == DispatchProgramme.Status.DRAFT
            and permissions.can_edit_programme(request.user, programme),
            "history": AuditEvent.objects.for_target(programme).select_related("actor")[:20],
        },
    )


@require_POST
@login_required
def programme_status(request, pk: int):
    programme = get_programme_for(request, pk)
    run_action(request, programme, partial(services.change_programme_status, programme=programme))
    return redirect("talentpool:programme-detail", pk=programme.pk)


COST_HEADER = [
    "lg_code",
    "municipality",
    "cases",
    "days",
    "cost_yen",
    "national_yen",
    "prefecture_yen",
    "municipality_yen",
]


def _cost_rows(request, pk: int):
    programme = get_programme_for(request, pk)
    for row in services.cost_summary(prefecture_id=programme.prefecture_id, year=programme.fiscal_year):
        yield [
            row["request__municipality__lg_code"],
            row["request__municipality__name"],
            row["cases"],
            row["days"],
            row["cost"],
            row["national"],
            row["prefecture"],
            row["municipality"],
        ]


@login_required
def programme_costs_csv(request, pk: int):
    rows = list(_cost_rows(request, pk))
    return csv_response(f"dispatch_costs_{pk}.csv", COST_HEADER, rows)


@login_required
def programme_costs_xlsx(request, pk: int):
    rows = list(_cost_rows(request, pk))
    return xlsx_response(f"dispatch_costs_{pk}.xlsx", COST_HEADER, rows, title="costs")
