"""Follow-up items (宿題事項): raised on a meeting's page, closed on the page of the meeting that hears
the report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import forms, permissions, services
from council.models import CouncilError
from council.views.bodies import _posted


@login_required
def follow_up_add(request, pk: int):
    meeting = permissions.get_meeting_for(request, pk, manage=True)
    form = forms.FollowUpForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_follow_up(meeting=meeting, by=request.user, **form.cleaned_data)
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("宿題事項を登録しました。"))
            return redirect("council:meeting-detail", pk=meeting.pk)
    return render(request, "council/follow_up_form.html", {"meeting": meeting, "form": form})


@require_POST
@login_required
def follow_up_status(request, pk: int):
    follow_up = permissions.get_follow_up_for(request, pk, manage=True)
    form = forms.FollowUpStatusForm(request.POST)
    back = follow_up.meeting_id
    if form.is_valid():
        reported_at = form.cleaned_data["reported_at"]
        back = reported_at.pk if reported_at else back
        action = follow_up.action_to(form.cleaned_data["status"])
        try:
            services.change_follow_up_status(follow_up=follow_up, by=request.user, **form.cleaned_data)
            messages.success(request, action.done_message if action else _("宿題事項の状態を変更しました。"))
        except CouncilError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("状態の指定が正しくありません。"))
    return redirect("council:meeting-detail", pk=back)
