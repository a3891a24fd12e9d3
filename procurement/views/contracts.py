"""Recording contracts (contract stage) and the participants' meeting log (operation stage)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from procurement import forms, permissions
from procurement.exceptions import ProcurementError
from procurement.models import Meeting, Participant
from procurement.services import contracts


def _posted(request):
    return request.POST if request.method == "POST" else None


@login_required
def contract_create(request, pk: int):
    project = permissions.get_project_for(request, pk, manage=True)
    if not permissions.can_record_contracts(request.user, project):
        raise PermissionDenied
    lines = contracts.contract_lines(project)
    form = forms.ContractForm(_posted(request), lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            contracts.record_contract(
                project=project, buyer_id=form.cleaned_data["buyer"], by=request.user,
                number=form.cleaned_data["number"], signed_on=form.cleaned_data["signed_on"],
            )  # fmt: skip
        except ProcurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("契約を記録しました。"))
            return redirect("procurement:project-detail", pk=pk)
    context = {"form": form, "project": project, "lines": lines}
    return render(request, "procurement/contract_form.html", context)


@login_required
def meeting_list(request, pk: int):
    project = permissions.get_project_for(request, pk)
    if not permissions.can_read_meetings(
        request.user, project, permissions.own_participants(request.user, project)
    ):
        raise PermissionDenied
    meetings = Meeting.objects.filter(project=project).prefetch_related("attendees__municipality")
    context = {
        "project": project,
        "meetings": meetings,
        "can_record": permissions.can_record_meeting(request.user, project),
    }
    return render(request, "procurement/meeting_list.html", context)


@login_required
def meeting_create(request, pk: int):
    project = permissions.get_project_for(request, pk, manage=True)
    if not permissions.can_record_meeting(request.user, project):
        raise PermissionDenied
    joined = Participant.objects.joined().filter(project=project).select_related("municipality")
    form = forms.MeetingForm(_posted(request), participants=joined.order_by("municipality__lg_code"))
    if request.method == "POST" and form.is_valid():
        try:
            contracts.record_meeting(project=project, by=request.user, **form.cleaned_data)
        except ProcurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("会議を記録しました。"))
            return redirect("procurement:meeting-list", pk=pk)
    return render(request, "procurement/meeting_form.html", {"form": form, "project": project})
