"""The public open-data index of completed joint procurements: a page, JSON and CSV."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.spreadsheets import csv_response
from procurement.models import Project
from procurement.services import opendata


@require_GET
def open_data(request):
    page = Paginator(Project.objects.open_data(), 50).get_page(request.GET.get("page"))
    rows = opendata.open_data_rows(page.object_list)
    return render(request, "procurement/open_data.html", {"page": page, "rows": rows})


@require_GET
def open_data_json(request):
    rows = opendata.open_data_rows(Project.objects.open_data())
    data = {"projects": [row.as_dict(request.build_absolute_uri) for row in rows]}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_GET
def open_data_csv(request):
    rows = opendata.open_data_rows(Project.objects.open_data())
    header, lines = opendata.open_data_table(rows, request.build_absolute_uri)
    return csv_response("joint-procurements.csv", header, lines)
