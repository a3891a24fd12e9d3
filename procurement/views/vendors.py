"""The vendor and civic-tech registry pages: list, detail, add and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from procurement import forms, permissions
from procurement.exceptions import ProcurementError
from procurement.filters import VendorFilter
from procurement.models import Vendor
from procurement.services import vendors


@login_required
def vendor_list(request):
    if not permissions.can_read_vendors(request.user):
        raise PermissionDenied
    queryset = Vendor.objects.visible_to(request.user).select_related("prefecture").prefetch_related("themes")
    filterset = VendorFilter(request.GET or None, queryset=queryset)
    results = filterset.qs if filterset.is_bound else queryset
    page = Paginator(results.distinct().order_by("prefecture__lg_code", "name"), 30).get_page(
        request.GET.get("page")
    )
    context = {"filter": filterset, "page": page, "can_add": permissions.can_add_vendors(request.user)}
    return render(request, "procurement/vendor_list.html", context)


@login_required
def vendor_detail(request, pk: int):
    vendor = permissions.get_vendor_for(request, pk)
    return render(
        request,
        "procurement/vendor_detail.html",
        {
            "vendor": vendor,
            "roles": vendor.roles.order_by("type__order", "order"),
            "themes": vendor.themes.all(),
            "can_edit": permissions.can_manage_vendors(request.user, vendor.prefecture_id),
        },
    )


@login_required
def vendor_edit(request, pk: int | None = None):
    vendor = permissions.get_vendor_for(request, pk, edit=True) if pk else Vendor()
    prefectures = permissions.get_vendor_prefectures_for(request)
    posted = request.POST if request.method == "POST" else None
    form = forms.VendorForm(posted, instance=vendor, prefectures=prefectures)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vendor = vendors.save_vendor(
                vendor=form.save(commit=False), by=request.user, roles=data["roles"], themes=data["themes"]
            )
        except ProcurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("登録内容を保存しました。"))
            return redirect("procurement:vendor-detail", pk=vendor.pk)
    return render(request, "procurement/vendor_form.html", {"form": form, "vendor": vendor if pk else None})
