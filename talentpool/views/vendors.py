"""The vendor and civic-tech registry pages (move to the procurement app later)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from talentpool import forms, permissions, services
from talentpool.filters import VendorFilter
from talentpool.models import TalentPoolError, Vendor
from talentpool.permissions import get_managed_pools_for, get_vendor_for


@login_required
def vendor_list(request):
    queryset = Vendor.objects.visible_to(request.user)
    if not request.user.is_superuser and not request.user.role_memberships:
        raise PermissionDenied
    queryset = queryset.select_related("prefecture").prefetch_related("roles", "themes")
    filterset = VendorFilter(request.GET or None, queryset=queryset)
    results = filterset.qs if filterset.is_bound else queryset
    page = Paginator(results.distinct().order_by("prefecture__lg_code", "name"), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "talentpool/vendor_list.html",
        {
            "filter": filterset,
            "page": page,
            "can_add": permissions.can_manage_any_pool(request.user),
        },
    )


@login_required
def vendor_detail(request, pk: int):
    vendor = get_vendor_for(request, pk)
    return render(
        request,
        "talentpool/vendor_detail.html",
        {
            "vendor": vendor,
            "roles": vendor.roles.order_by("type__order", "order"),
            "themes": vendor.themes.all(),
            "can_edit": permissions.can_manage_pool(request.user, vendor.prefecture_id),
        },
    )


@login_required
def vendor_edit(request, pk: int | None = None):
    vendor = get_vendor_for(request, pk, edit=True) if pk else Vendor()
    pools = get_managed_pools_for(request)
    form = forms.VendorForm(
        request.POST if request.method == "POST" else None, instance=vendor, prefectures=pools
    )
    if request.method == "POST" and form.is_valid():
        try:
            vendor = services.save_vendor(
                vendor=form.save(commit=False),
                by=request.user,
                roles=form.cleaned_data["roles"],
                themes=form.cleaned_data["themes"],
            )
        except TalentPoolError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("登録内容を保存しました。"))
            return redirect("talentpool:vendor-detail", pk=vendor.pk)
    return render(request, "talentpool/vendor_form.html", {"form": form, "vendor": vendor if pk else None})
