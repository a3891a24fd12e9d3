"""The intent survey: opening it, answering, and the named moves of an answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from procurement import forms, permissions
from procurement.exceptions import ProcurementError
from procurement.models import Participant, Project
from procurement.services import projects, surveys


def _posted(request):
    return request.POST if request.method == "POST" else None


@login_required
def survey_open(request, pk: int):
    project = permissions.get_project_for(request, pk, manage=True)
    if project.status != Project.Status.PLANNING:
        messages.error(request, _("意向調査は企画の段階から始めます。"))
        return redirect("procurement:project-detail", pk=pk)
    form = forms.SurveyOpenForm(_posted(request), project=project)
    if request.method == "POST" and form.is_valid():
        try:
            projects.open_survey(project=project, by=request.user, **form.cleaned_data)
        except ProcurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("意向調査を始めました。対象団体に知らせました。"))
            return redirect("procurement:project-detail", pk=pk)
    return render(request, "procurement/survey_open.html", {"form": form, "project": project})


@login_required
def participant_answer(request, pk: int):
    participant = permissions.get_participant_for(request, pk)
    if not permissions.can_answer_survey(request.user, participant):
        raise PermissionDenied
    form = forms.AnswerForm(_posted(request), instance=Participant.objects.get(pk=participant.pk))
    if request.method == "POST" and form.is_valid():
        try:
            surveys.submit_answer(participant=participant, answer=form.cleaned_data, by=request.user)
        except ProcurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("回答を提出しました。承認者の確認を待っています。"))
            return redirect("procurement:project-detail", pk=participant.project_id)
    context = {"form": form, "participant": participant, "project": participant.project}
    return render(request, "procurement/participant_answer.html", context)


@require_POST
@login_required
def participant_status(request, pk: int):
    participant = permissions.get_participant_for(request, pk)
    form = forms.StatusForm(request.POST)
    to = form.cleaned_data["status"] if form.is_valid() else ""
    action = participant.action_to(to) if to in Participant.Status.values else None
    if action is None or not action.is_allowed(request.user, participant):
        raise PermissionDenied
    try:
        surveys.decide_participant(
            participant=participant, to=to, by=request.user, note=form.cleaned_data["note"]
        )
        messages.success(request, action.done_message)
    except ProcurementError as error:
        messages.error(request, str(error))
    return redirect("procurement:project-detail", pk=participant.project_id)
