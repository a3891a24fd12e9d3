"""Minutes: the secretariat drafts remarks and sends them for confirmation; speakers confirm theirs;
the audience reads the published minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import forms, permissions, services
from council.models import CouncilError, Minutes
from council.views.bodies import _posted


def minutes_detail(request, pk: int):
    minutes = permissions.get_minutes_for(request, pk)
    can_manage = permissions.can_manage_minutes(request.user, minutes)
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "remarks": list(minutes.remarks.select_related("speaker", "confirmed_by")),
        "can_manage": can_manage,
        "actions": minutes.actions_for(request.user) if can_manage else [],
    }
    return render(request, "council/minutes_detail.html", context)


@login_required
def remark_add(request, pk: int):
    meeting = permissions.get_meeting_for(request, pk, manage=True)
    form = forms.RemarkForm(_posted(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_remark(meeting=meeting, by=request.user, **form.cleaned_data)
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("発言を追加しました。"))
            return redirect("council:minutes-detail", pk=meeting.pk)
    return render(request, "council/remark_form.html", {"meeting": meeting, "form": form})


@require_POST
@login_required
def minutes_status(request, pk: int):
    minutes = permissions.get_minutes_for(request, pk, manage=True)
    form = forms.MinutesStatusForm(request.POST)
    if form.is_valid():
        action = minutes.action_to(form.cleaned_data["status"])
        try:
            services.change_minutes_status(minutes=minutes, by=request.user, **form.cleaned_data)
            messages.success(request, action.done_message if action else _("議事録の状態を変更しました。"))
        except CouncilError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("状態の指定が正しくありません。"))
    return redirect("council:minutes-detail", pk=pk)


@login_required
def minutes_confirm(request, pk: int):
    minutes = permissions.get_minutes_to_confirm(request, pk)
    remarks = list(minutes.remarks.filter(speaker__user=request.user).order_by("position"))
    form = forms.ConfirmRemarksForm(_posted(request), remarks=remarks)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_remarks(minutes=minutes, by=request.user, corrections=form.corrections())
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("発言内容を確認しました。ありがとうございました。"))
            return redirect("portal:dashboard")
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "form": form,
        "confirmed": all(r.confirmed_at for r in remarks),
    }
    return render(request, "council/minutes_confirm.html", context)


@login_required
def minutes_summary(request, pk: int):
    meeting = permissions.get_meeting_for(request, pk, manage=True)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and not minutes.summary_is_editable:
        messages.error(request, _("公開の承認を依頼した後は、議事要旨を変更できません。"))
        return redirect("council:meeting-detail", pk=meeting.pk)
    form = forms.MinutesSummaryForm(_posted(request), initial={"summary": minutes.summary if minutes else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_minutes_summary(meeting=meeting, by=request.user, **form.cleaned_data)
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("議事要旨を保存しました。"))
            return redirect("council:meeting-detail", pk=meeting.pk)
    return render(request, "council/minutes_summary_form.html", {"meeting": meeting, "form": form})
