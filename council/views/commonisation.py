"""The commonisation pipeline (共通化): a body's candidates, each candidate's timeline of decisions,
and the secretariat's forms to register, move and link them to joint procurement projects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import forms, permissions, services
from council.models import Candidate, CouncilError
from council.views.bodies import _posted


def candidate_list(request, pk: int):
    body = permissions.get_body_for(request, pk)
    candidates = list(Candidate.objects.visible_to(request.user).filter(body=body).for_list_page())
    by_stage: dict[str, list] = {status.value: [] for status in Candidate.Status}
    for candidate in candidates:
        by_stage[candidate.status].append(candidate)
    context = {
        "body": body,
        "stages": [(Candidate.Status(s).label, items) for s, items in by_stage.items() if items],
        "can_manage": permissions.can_manage_body(request.user, body),
    }
    return render(request, "council/candidate_list.html", context)


@login_required
def candidate_create(request, pk: int):
    body = permissions.get_body_for(request, pk, manage=True)
    form = forms.CandidateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.create_candidate(body=body, by=request.user, **form.cleaned_data)
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("共通化候補を登録しました。"))
            return redirect("council:candidate-detail", pk=candidate.pk)
    return render(request, "council/candidate_form.html", {"body": body, "form": form})


def candidate_detail(request, pk: int):
    candidate = permissions.get_candidate_for(request, pk)
    can_manage = permissions.can_manage_candidate(request.user, candidate)
    can_link = permissions.can_link_projects(request.user, candidate)
    context = {
        "candidate": candidate,
        "steps": permissions.candidate_steps_seen_by(request.user, candidate),
        "projects": services.linked_projects(request.user, candidate),
        "can_manage": can_manage,
        "actions": candidate.actions_for(request.user) if can_manage else [],
        "status_form": forms.CandidateStatusForm(candidate=candidate) if can_manage else None,
        "link_form": forms.CandidateLinkForm(choices=services.linkable_projects(request.user, candidate))
        if can_link
        else None,
    }
    return render(request, "council/candidate_detail.html", context)


@require_POST
@login_required
def candidate_status(request, pk: int):
    candidate = permissions.get_candidate_for(request, pk, manage=True)
    form = forms.CandidateStatusForm(request.POST, candidate=candidate)
    if form.is_valid():
        action = candidate.action_to(form.cleaned_data["status"])
        try:
            services.change_candidate_status(candidate=candidate, by=request.user, **form.cleaned_data)
            messages.success(
                request, action.done_message if action else _("共通化候補の段階を変更しました。")
            )
        except CouncilError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("段階または決定した会議の指定が正しくありません。"))
    return redirect("council:candidate-detail", pk=pk)


@require_POST
@login_required
def candidate_link(request, pk: int):
    candidate = permissions.get_candidate_for(request, pk, manage=True)
    form = forms.CandidateLinkForm(request.POST, choices=services.linkable_projects(request.user, candidate))
    if form.is_valid():
        try:
            services.link_project(
                candidate=candidate, by=request.user, project_id=form.cleaned_data["project"]
            )
            messages.success(request, _("共同調達案件を紐付けました。"))
        except CouncilError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("共同調達案件を一覧から選んでください。"))
    return redirect("council:candidate-detail", pk=pk)
