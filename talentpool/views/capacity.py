"""A talent's monthly capacity page, and the prefectures the pool shares the talent with."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.dates import fiscal_year, fiscal_year_label, today
from talentpool import forms, permissions, services
from talentpool.models import CapacityError, TalentPoolError
from talentpool.permissions import get_talent_for


@login_required
def talent_capacity(request, pk: int):
    talent = get_talent_for(request, pk, edit=True)
    form = forms.CapacityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_monthly_capacity(talent=talent, by=request.user, **form.cleaned_data)
        except TalentPoolError as error:
            form.add_error("days" if isinstance(error, CapacityError) else None, str(error))
        else:
            messages.success(request, _saved_message(form.cleaned_data["month"]))
            return redirect("talentpool:talent-detail", pk=talent.pk)
    return render(request, "talentpool/talent_capacity.html", _capacity_page(request.user, talent, form))


@require_POST
@login_required
def talent_sharing(request, pk: int):
    talent = get_talent_for(request, pk, manage=True)
    sharing_form = forms.SharingForm(request.POST, talent=talent)
    if sharing_form.is_valid():
        try:
            services.share_talent(
                talent=talent, prefectures=list(sharing_form.cleaned_data["prefectures"]), by=request.user
            )
        except TalentPoolError as error:
            sharing_form.add_error(None, str(error))
        else:
            messages.success(request, _("共有する都道府県を保存しました。"))
            return redirect("talentpool:talent-capacity", pk=talent.pk)
    page = _capacity_page(request.user, talent, forms.CapacityForm(), sharing_form)
    return render(request, "talentpool/talent_capacity.html", page)


def _capacity_page(user, talent, form, sharing_form=None) -> dict:
    """This FY's capacity table and the capacity form; the sharing form for the pool's managers."""
    year = fiscal_year(today())
    if sharing_form is None and permissions.can_share_talent(user, talent):
        sharing_form = forms.SharingForm(talent=talent)
    return {
        "talent": talent,
        "form": form,
        "sharing_form": sharing_form,
        "capacity": services.fiscal_year_capacity(talent, year),
        "year": year,
    }


def _saved_message(month) -> str:
    """The profile shows this fiscal year only: a month of another year says where it went."""
    if fiscal_year(month) == fiscal_year(today()):
        return _("稼働できる日数を保存しました。")
    return _(
        "%(month)sの稼働できる日数を保存しました。%(year)sの月のため、今年度の表には表示されません。"
    ) % {
        "month": f"{month:%Y-%m}",
        "year": fiscal_year_label(fiscal_year(month), get_language()),
    }
