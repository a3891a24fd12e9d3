"""The coordinator's view of the prefecture's municipalities the dispatch programme has not reached."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language

from portal.dates import fiscal_year, fiscal_year_label, today
from talentpool import permissions
from talentpool.services.coverage import municipalities_without_support


@login_required
def dispatch_unsupported(request):
    pools = permissions.get_managed_pools_for(request)
    year = fiscal_year(today())
    municipalities = municipalities_without_support(pools, year)
    page = Paginator(municipalities, 200).get_page(request.GET.get("page"))
    return render(
        request,
        "talentpool/dispatch_unsupported.html",
        {"page": page, "year": fiscal_year_label(year, get_language())},
    )
