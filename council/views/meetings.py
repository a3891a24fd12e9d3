"""Meetings: creating one, its page (議事次第, materials, attendance), its status, agenda and attendance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import forms, opendata, permissions, services
from council.models import Attendance, CouncilError
from council.views._actions import post_publication_action
from council.views.bodies import _posted


@login_required
def meeting_create(request, pk: int):
    body = permissions.get_body_for(request, pk, manage=True)
    form = forms.MeetingForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(body=body, by=request.user, **form.cleaned_data)
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(meeting)sを作成しました。") % {"meeting": meeting.title})
            return redirect("council:meeting-detail", pk=meeting.pk)
    return render(request, "council/meeting_form.html", {"body": body, "form": form})


def meeting_detail(request, pk: int):
    meeting = permissions.get_meeting_for(request, pk)
    context = permissions.meeting_page_for(request.user, meeting)
    return render(request, "council/meeting_detail.html", context)


def meeting_json(request, pk: int):
    meeting = permissions.get_meeting_for(request, pk)
    page = permissions.meeting_page_for(request.user, meeting)
    data = opendata.meeting_data(page, request.build_absolute_uri)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_POST
@login_required
def meeting_status(request, pk: int):
    meeting = permissions.get_meeting_for(request, pk, manage=True)
    form = forms.MeetingStatusForm(request.POST)
    if form.is_valid():
        action = meeting.action_to(form.cleaned_data["status"])
        try:
            services.change_meeting_status(
                meeting=meeting,
                status=form.cleaned_data["status"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
            messages.success(request, action.done_message if action else _("会議の状態を変更しました。"))
        except CouncilError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("状態の指定が正しくありません。"))
    return redirect("council:meeting-detail", pk=meeting.pk)


@login_required
def agenda_item_add(request, pk: int):
    meeting = permissions.get_meeting_for(request, pk, manage=True)
    form = forms.AgendaItemForm(_posted(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_agenda_item(meeting=meeting, by=request.user, **form.cleaned_data)
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("議事次第に項目を追加しました。"))
            return redirect("council:meeting-detail", pk=meeting.pk)
    return render(request, "council/agenda_item_form.html", {"meeting": meeting, "form": form})


@login_required
def agenda_item_change(request, pk: int):
    item = permissions.get_agenda_item_for(request, pk)
    initial = {name: item.proposed.get(name, getattr(item, name)) for name in item.CHANGEABLE}
    form = forms.AgendaItemChangeForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_agenda_item(item=item, by=request.user, **form.cleaned_data)
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("議事次第の項目を変更しました。"))
            return redirect("council:meeting-detail", pk=item.meeting_id)
    context = {"meeting": item.meeting, "item": item, "form": form}
    return render(request, "council/agenda_item_change_form.html", context)


@require_POST
@login_required
def agenda_item_status(request, pk: int):
    item = permissions.get_agenda_item_for(request, pk)
    post_publication_action(
        request,
        item,
        services.change_agenda_item_status,
        done=_("議事次第の項目の状態を変更しました。"),
        item=item,
    )
    return redirect("council:meeting-detail", pk=item.meeting_id)


@login_required
def attendance_record(request, pk: int):
    meeting = permissions.get_meeting_for(request, pk, manage=True)
    form = forms.AttendanceForm(
        _posted(request), meeting=meeting, initial={"status": Attendance.Status.PRESENT}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(meeting=meeting, by=request.user, **form.cleaned_data)
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("出欠を記録しました。"))
            return redirect("council:meeting-detail", pk=meeting.pk)
    return render(request, "council/attendance_form.html", {"meeting": meeting, "form": form})
