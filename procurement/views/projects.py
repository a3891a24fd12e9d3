"""Project pages: list, create, edit, stage plan, the detail page and its named stage moves."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.models import AuditEvent
from procurement import forms, permissions
from procurement.exceptions import ProcurementError
from procurement.filters import ProjectFilter
from procurement.models import Award, Project
from procurement.services import contracts, costs, projects


def _posted(request):
    return request.POST if request.method == "POST" else None


def project_list(request):
    queryset = Project.objects.visible_to(request.user).for_list_page()
    filterset = ProjectFilter(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page": page, "can_create": permissions.can_create_project(request.user)}
    return render(request, "procurement/project_list.html", context)


@login_required
def project_create(request):
    if not permissions.can_create_project(request.user):
        raise PermissionDenied
    form = forms.ProjectForm(_posted(request), lead_bodies=permissions.lead_bodies(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            project = projects.create_project(by=request.user, **form.cleaned_data)
        except ProcurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("共同調達案件を作成しました。"))
            return redirect("procurement:project-detail", pk=project.pk)
    return render(request, "procurement/project_form.html", {"form": form})


@login_required
def project_edit(request, pk: int):
    project = permissions.get_project_for(request, pk, manage=True)
    form = forms.ProjectForm(_posted(request), instance=Project.objects.get(pk=project.pk), lead_bodies=None)
    if request.method == "POST" and form.is_valid():
        projects.update_project(project=project, by=request.user, changes=form.cleaned_data)
        messages.success(request, _("案件の情報を保存しました。"))
        return redirect("procurement:project-detail", pk=project.pk)
    return render(request, "procurement/project_form.html", {"form": form, "project": project})


@login_required
def project_stages(request, pk: int):
    project = permissions.get_project_for(request, pk, manage=True)
    plans = {plan.stage: plan for plan in project.stage_plans.all()}
    form = forms.StagePlanForm(_posted(request), plans=plans)
    if request.method == "POST" and form.is_valid():
        try:
            projects.set_stage_plan(project=project, plan=form.plan(), by=request.user)
        except ProcurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("段階の予定と公開範囲を保存しました。"))
            return redirect("procurement:project-detail", pk=project.pk)
    return render(request, "procurement/project_stages.html", {"form": form, "project": project})


def project_detail(request, pk: int):
    project = permissions.get_project_for(request, pk)
    user = request.user
    can_manage = permissions.can_manage_project(user, project)
    own, results = permissions.survey_rows_for(user, project)
    readers = permissions.can_see_shares(user, project, own)
    context = {
        "project": project,
        "plans": sorted(project.stage_plans.all(), key=lambda plan: Project.ORDER.index(plan.stage)),
        "can_manage": can_manage,
        "actions": project.actions_for(user) if can_manage else [],
        "own": own,
        "results": results,
        "tally": Counter(p.intent or p.status for p in results or []),
        "costs": costs.cost_table_for(user, project, own) if readers else None,
        "contracts": contracts.contract_lines(project)
        if readers and project.status in Project.COMPLETED
        else [],
        "history": AuditEvent.objects.for_target(project)[:20] if can_manage else None,
        "award": Award.objects.filter(project=project).first(),
        "sheet_codes": permissions.sheet_codes(user, project, own),
    }
    return render(request, "procurement/project_detail.html", context)


@require_POST
@login_required
def project_status(request, pk: int):
    project = permissions.get_project_for(request, pk, manage=True)
    form = forms.StatusForm(request.POST)
    if not form.is_valid() or form.cleaned_data["status"] not in Project.Status.values:
        messages.error(request, _("段階の指定が正しくありません。"))
        return redirect("procurement:project-detail", pk=pk)
    action = project.action_to(form.cleaned_data["status"])
    try:
        projects.change_project_stage(
            project=project,
            stage=form.cleaned_data["status"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request, action.done_message if action and action.done_message else _("段階を変更しました。")
        )
    except ProcurementError as error:
        messages.error(request, str(error))
    return redirect("procurement:project-detail", pk=pk)
