"""A talent's monthly capacity page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.dates import fiscal_year, today
from talentpool import forms, services
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
            messages.success(request, _("稼働できる日数を保存しました。"))
            return redirect("talentpool:talent-detail", pk=talent.pk)
    year = fiscal_year(today())
    return render(
        request,
        "talentpool/talent_capacity.html",
        {
            "talent": talent,
            "form": form,
            "capacity": services.fiscal_year_capacity(talent, year),
            "year": year,
        },
    )
