"""The system catalogue: the list, a system's page (who uses it, by prefecture), a municipality's
own declarations, and a coordinator's view of their prefecture."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from procurement import filters, forms, permissions
from procurement.exceptions import ProcurementError
from procurement.models import System
from procurement.services import catalogue


@login_required
def system_list(request):
    found = filters.SystemFilter(request.GET, queryset=System.objects.order_by("category", "name"))
    overseen = permissions.overseen_prefectures(request.user)
    return render(request, "procurement/system_list.html", {"filter": found, "overseen": overseen})


@login_required
def system_detail(request, pk: int):
    system = get_object_or_404(System, pk=pk)
    municipalities = permissions.declaring_municipalities(request.user)
    context = {
        "system": system,
        "groups": catalogue.users_by_prefecture(system, request.user),
        "form": forms.SystemUseForm(municipalities=municipalities) if municipalities else None,
        "own_ids": {m.pk for m in municipalities},
    }
    return render(request, "procurement/system_detail.html", context)


@require_POST
@login_required
def system_use_create(request, pk: int):
    system = get_object_or_404(System, pk=pk)
    municipalities = permissions.declaring_municipalities(request.user)
    if not municipalities:
        raise PermissionDenied
    form = forms.SystemUseForm(request.POST, municipalities=municipalities)
    if not form.is_valid():
        messages.error(request, _("利用している団体を選んでください。"))
        return redirect("procurement:system-detail", pk=pk)
    try:
        catalogue.declare_use(system=system, municipality=form.cleaned_data["municipality"], by=request.user)
        messages.success(request, _("利用中として登録しました。"))
    except ProcurementError as error:
        messages.error(request, str(error))
    return redirect("procurement:system-detail", pk=pk)


@require_POST
@login_required
def system_use_end(request, pk: int):
    use = permissions.get_system_use_for(request, pk)
    try:
        catalogue.end_use(use=use, by=request.user)
        messages.success(request, _("利用の終了を登録しました。"))
    except ProcurementError as error:
        messages.error(request, str(error))
    return redirect("procurement:system-detail", pk=use.system_id)


@login_required
def prefecture_systems(request, lg_code: str):
    prefecture = permissions.get_overseen_prefecture_for(request, lg_code)
    rows = catalogue.prefecture_overview(prefecture, request.user)
    return render(request, "procurement/prefecture_systems.html", {"prefecture": prefecture, "rows": rows})
