"""The award form and the OCDS release package of a project."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from procurement import forms, ocds, permissions
from procurement.exceptions import ProcurementError
from procurement.models import Award, Contract, Visibility
from procurement.services import awards, costs


@login_required
def award_edit(request, pk: int):
    project = permissions.get_project_for(request, pk, manage=True)
    instance = Award.objects.filter(project=project).first()
    form = forms.AwardForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            award = awards.record_award(project=project, values=form.cleaned_data, by=request.user)
        except ProcurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("落札・選定の結果を記録しました。"))
            if award.conflicts:  # the award page shows who, where and when
                messages.warning(request, _("利益相反のおそれがあります。内容を確認してください。"))
                return redirect("procurement:award-edit", pk=pk)
            return redirect("procurement:project-detail", pk=pk)
    conflicts = awards.conflicts_of_interest(project, instance.supplier_name) if instance else []
    context = {"form": form, "project": project, "conflicts": conflicts}
    return render(request, "procurement/award_form.html", context)


@require_GET
def project_ocds(request, pk: int):
    project = permissions.get_project_for(request, pk)
    public = project.stage_plans.filter(stage=project.status, visibility=Visibility.PUBLIC).exists()
    own = permissions.own_participants(request.user, project)
    package = ocds.release_package(
        project,
        award=Award.objects.filter(project=project).first(),
        table=costs.cost_table(project),
        uri=request.build_absolute_uri(),
        # Participants and their shares are public once the project is; until then, theirs only.
        include_participants=public or permissions.can_see_shares(request.user, project, own),
        signed=Contract.objects.filter(project=project).select_related("buyer"),
    )
    return JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 2})
