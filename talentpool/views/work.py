"""The work of an assignment: the talent's activities and reports, the municipality's confirmation
and rating."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from talentpool import forms, permissions, services
from talentpool.models import (
    DispatchRequest,
    FollowUpSurvey,
    MonthlyReport,
    TalentPoolError,
)
from talentpool.permissions import get_dispatch_for


@require_POST
@login_required
def dispatch_report(request, pk: int):
    dispatch = get_dispatch_for(request, pk)
    if not permissions.is_assigned_talent(request.user, dispatch):
        raise PermissionDenied
    form = forms.ReportForm(request.POST)
    try:
        if not form.is_valid():
            raise TalentPoolError(_("報告の内容を入力してください。"))
        services.file_completion_report(request=dispatch, report=form.cleaned_data["report"], by=request.user)
    except TalentPoolError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("実施報告を提出しました。市町村に確認を依頼しました。"))
    return redirect("talentpool:dispatch-detail", pk=dispatch.pk)


def _submit(request, dispatch, form, call, done: str):
    """Validate a small form posted from the request's page, call the service, say what happened."""
    try:
        if not form.is_valid():
            raise TalentPoolError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        call(form.cleaned_data)
    except TalentPoolError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("talentpool:dispatch-detail", pk=dispatch.pk)


def _get_working_dispatch_for(request, pk: int) -> DispatchRequest:
    dispatch = get_dispatch_for(request, pk)
    if not permissions.is_assigned_talent(request.user, dispatch):
        raise PermissionDenied
    return dispatch


@require_POST
@login_required
def dispatch_activity(request, pk: int):
    dispatch = _get_working_dispatch_for(request, pk)
    return _submit(
        request,
        dispatch,
        forms.ActivityForm(request.POST),
        lambda data: services.log_activity(request=dispatch, by=request.user, **data),
        _("活動を記録しました。"),
    )


@require_POST
@login_required
def dispatch_monthly(request, pk: int):
    dispatch = _get_working_dispatch_for(request, pk)
    return _submit(
        request,
        dispatch,
        forms.MonthlyReportForm(request.POST, months=dispatch.months()),
        lambda data: services.file_monthly_report(request=dispatch, by=request.user, **data),
        _("月次報告を提出しました。市町村に確認を依頼しました。"),
    )


@require_POST
@login_required
def dispatch_monthly_confirm(request, pk: int, report_pk: int):
    dispatch = get_dispatch_for(request, pk)
    if not permissions.can_edit_dispatch(request.user, dispatch):
        raise PermissionDenied
    report = get_object_or_404(MonthlyReport, pk=report_pk, assignment__request=dispatch)
    try:
        services.confirm_monthly_report(report=report, by=request.user)
    except TalentPoolError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("月次報告を確認しました。"))
    return redirect("talentpool:dispatch-detail", pk=dispatch.pk)


@require_POST
@login_required
def dispatch_rate(request, pk: int):
    dispatch = get_dispatch_for(request, pk)
    if not permissions.can_edit_dispatch(request.user, dispatch):
        raise PermissionDenied
    return _submit(
        request,
        dispatch,
        forms.RatingForm(request.POST),
        lambda data: services.rate_dispatch(request=dispatch, by=request.user, **data),
        _("評価を登録しました。ありがとうございました。"),
    )


@login_required
def dispatch_follow_up(request, pk: int):
    dispatch = get_dispatch_for(request, pk)
    survey = get_object_or_404(
        FollowUpSurvey.objects.select_related("answered_by"), assignment__request=dispatch
    )
    answering = survey.answered_at is None and permissions.can_edit_dispatch(request.user, dispatch)
    if request.method == "POST" and not answering:
        raise PermissionDenied
    form = forms.FollowUpSurveyForm(request.POST if request.method == "POST" else None) if answering else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            services.answer_follow_up_survey(survey=survey, by=request.user, **form.cleaned_data)
        except TalentPoolError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("追跡調査に回答しました。ご協力ありがとうございました。"))
            return redirect("talentpool:dispatch-detail", pk=dispatch.pk)
    return render(
        request, "talentpool/dispatch_follow_up.html", {"dispatch": dispatch, "survey": survey, "form": form}
    )
