"""Requirement items: the lead drafts them, each joined municipality votes, the lead reads the matrix."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from procurement import forms, permissions
from procurement.exceptions import ProcurementError
from procurement.models import Consolidation, Vote
from procurement.services import requirements


def _voter(request, project):
    """The user's joined municipality in this project, if they may vote for it now."""
    return next(
        (
            p
            for p in permissions.own_participants(request.user, project)
            if permissions.can_vote(request.user, p)
        ),
        None,
    )


def _vote_form(request, project, voter):
    items = list(project.requirements.order_by("section", "number"))
    votes = {v.requirement_id: v for v in Vote.objects.filter(participant=voter)} if voter else {}
    return forms.VoteForm(request.POST if request.method == "POST" else None, requirements=items, votes=votes)


@login_required
def requirement_list(request, pk: int):
    project = permissions.get_project_for(request, pk)
    own = permissions.own_participants(request.user, project)
    can_draft = permissions.can_draft_requirements(request.user, project)
    if not (permissions.can_see_results(request.user, project) or own):
        raise PermissionDenied
    voter = _voter(request, project)
    context = {
        "project": project,
        "requirements": project.requirements.order_by("section", "number"),
        "can_draft": can_draft,
        "can_see_matrix": permissions.can_see_results(request.user, project),
        "form": forms.RequirementForm() if can_draft else None,
        "voter": voter,
        "vote_form": _vote_form(request, project, voter) if voter else None,
    }
    return render(request, "procurement/requirement_list.html", context)


@require_POST
@login_required
def requirement_create(request, pk: int):
    project = permissions.get_project_for(request, pk, manage=True)
    form = forms.RequirementForm(request.POST)
    if form.is_valid():
        try:
            requirements.add_requirement(project=project, by=request.user, **form.cleaned_data)
            messages.success(request, _("要件を追加しました。"))
        except ProcurementError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("区分と要件を入力してください。"))
    return redirect("procurement:requirement-list", pk=pk)


@require_POST
@login_required
def requirement_vote(request, pk: int):
    project = permissions.get_project_for(request, pk)
    voter = _voter(request, project)
    if voter is None:
        raise PermissionDenied
    form = _vote_form(request, project, voter)
    if form.is_valid():
        try:
            requirements.cast_votes(participant=voter, votes=form.votes(), by=request.user)
            messages.success(request, _("要件への評価を保存しました。"))
        except ProcurementError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("評価の指定が正しくありません。"))
    return redirect("procurement:requirement-list", pk=pk)


@login_required
def requirement_matrix(request, pk: int):
    project = permissions.get_project_for(request, pk)
    if not permissions.can_see_results(request.user, project):
        raise PermissionDenied
    columns, rows = requirements.vote_matrix(project, user=request.user)
    consolidation = requirements.consolidation_of(project)
    context = {
        "project": project,
        "columns": columns,
        "rows": rows,
        "consolidation": consolidation,
        "consolidation_actions": consolidation.actions_for(request.user),
    }
    return render(request, "procurement/requirement_matrix.html", context)


@require_POST
@login_required
def consolidation_status(request, pk: int):
    project = permissions.get_project_for(request, pk)
    if not permissions.can_see_results(request.user, project):
        raise PermissionDenied
    form = forms.StatusForm(request.POST)
    to = form.cleaned_data["status"] if form.is_valid() else ""
    action = next((a for a in Consolidation.ACTIONS if a.to == to), None)
    try:
        requirements.move_consolidation(
            project=project, to=to, by=request.user, note=form.cleaned_data.get("note", "")
        )
        messages.success(request, action.done_message if action else _("要件の取りまとめを更新しました。"))
    except ProcurementError as error:
        messages.error(request, str(error))
    return redirect("procurement:requirement-matrix", pk=pk)


@require_POST
@login_required
def requirement_decide(request, pk: int):
    requirement = permissions.get_requirement_for(request, pk)
    form = forms.RequirementDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("procurement:requirement-matrix", pk=requirement.project_id)
    data = form.cleaned_data
    action = requirement.action_to(data["status"])
    try:
        requirements.decide_requirement(
            requirement=requirement, to=data["status"], note=data["note"], merge_into=data["merge_into"],
            by=request.user,
        )  # fmt: skip
    except ProcurementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, action.done_message if action else _("要件の扱いを変更しました。"))
    return redirect(f"{reverse('procurement:requirement-matrix', args=[requirement.project_id])}#r{pk}")


@login_required
def specification(request, pk: int):
    project = permissions.get_project_for(request, pk)
    own = permissions.own_participants(request.user, project)
    if not permissions.can_read_specification(request.user, project, own):
        raise PermissionDenied
    lines, others = requirements.specification(project)
    consolidation = requirements.consolidation_of(project)
    context = {
        "project": project,
        "lines": lines,
        "others": others,
        "consolidation": consolidation,
        "show_names": permissions.can_see_others_votes(request.user, project, own, consolidation),
    }
    return render(request, "procurement/specification.html", context)
