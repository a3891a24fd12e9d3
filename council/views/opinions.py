"""Opinion requests (意見照会): the secretariat asks; members or local governments answer; the
consolidated table (respondent × opinion) is published to its audience."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import forms, permissions, services
from council.models import CouncilError
from council.views.bodies import _posted
from portal.spreadsheets import csv_response, xlsx_response


@login_required
def opinion_create(request, pk: int):
    body = permissions.get_body_for(request, pk, manage=True)
    form = forms.OpinionRequestForm(_posted(request), body=body)
    if request.method == "POST" and form.is_valid():
        try:
            opinion_request = services.create_opinion_request(body=body, by=request.user, **form.cleaned_data)
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("意見照会を作成しました。"))
            return redirect("council:opinion-detail", pk=opinion_request.pk)
    return render(request, "council/opinion_form.html", {"body": body, "form": form})


def opinion_detail(request, pk: int):
    opinion_request = permissions.get_opinion_request_for(request, pk)
    page = permissions.opinion_page_for(request.user, opinion_request)
    form = None
    if page["can_respond"]:
        responses = page["responses"]
        form = forms.OpinionResponseForm(
            _posted(request), initial={"text": responses[0].text if responses else ""}
        )
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.submit_opinion(
                opinion_request=opinion_request, by=request.user, text=form.cleaned_data["text"]
            )
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("意見を提出しました。期限までは修正できます。"))
            return redirect("council:opinion-detail", pk=pk)
    return render(request, "council/opinion_detail.html", {**page, "form": form})


@require_POST
@login_required
def opinion_status(request, pk: int):
    opinion_request = permissions.get_opinion_request_for(request, pk, manage=True)
    form = forms.OpinionStatusForm(request.POST)
    if form.is_valid():
        action = opinion_request.action_to(form.cleaned_data["status"])
        try:
            services.change_opinion_request_status(
                opinion_request=opinion_request, by=request.user, **form.cleaned_data
            )
            messages.success(request, action.done_message if action else _("意見照会の状態を変更しました。"))
        except CouncilError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("状態の指定が正しくありません。"))
    return redirect("council:opinion-detail", pk=pk)


def opinion_table(request, pk: int, fmt: str):
    """The consolidated table (organisation or seat × opinion, with when it was submitted) as CSV or
    XLSX, through the portal's formula-safe writer."""
    opinion_request = permissions.get_opinion_table_for(request, pk)
    header, rows = services.opinion_table_rows(opinion_request)
    name = f"opinions-{opinion_request.pk}"
    if fmt == "csv":
        return csv_response(f"{name}.csv", header, rows)
    return xlsx_response(f"{name}.xlsx", header, rows, title=_("意見の取りまとめ"))
