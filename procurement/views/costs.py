"""The cost-sharing rule and the 負担金 table, on the page and as CSV / XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.models import Role
from portal.spreadsheets import csv_response, xlsx_response
from procurement import forms, permissions
from procurement.exceptions import ProcurementError
from procurement.models import CostRule, Participant, ShareConfirmation
from procurement.services import costs


@login_required
def cost_rule(request, pk: int):
    project = permissions.get_project_for(request, pk, manage=True)
    instance = CostRule.objects.filter(project=project).first() or CostRule(project=project)
    form = forms.CostRuleForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            costs.set_cost_rule(project=project, by=request.user, values=form.cleaned_data)
        except ProcurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("負担金の按分ルールを保存しました。"))
            return redirect("procurement:project-detail", pk=pk)
    return render(request, "procurement/cost_rule_form.html", {"form": form, "project": project})


def _share_sheet(request, pk: int):
    project = permissions.get_project_for(request, pk)
    own = list(
        Participant.objects.filter(
            project=project,
            municipality_id__in=request.user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER),
        )
        if request.user.is_authenticated
        else []
    )
    if not permissions.can_see_shares(request.user, project, own):
        raise PermissionDenied
    table = costs.cost_table(project)
    header = [_("地方公共団体コード"), _("団体名"), _("人口"), _("利用量"), _("負担金（円）")]
    rows = [
        [r.municipality.lg_code, r.municipality.name, r.population, r.volume, r.share] for r in table.rows
    ]
    rows.append(["", _("合計"), "", "", table.total])
    if table.reference_date:
        rows.append(["", _("人口の基準日"), table.reference_date.isoformat(), "", ""])
    return project, header, rows


@login_required
def share_csv(request, pk: int):
    project, header, rows = _share_sheet(request, pk)
    return csv_response(f"futankin-{project.pk}.csv", header, rows)


@login_required
def share_xlsx(request, pk: int):
    project, header, rows = _share_sheet(request, pk)
    return xlsx_response(f"futankin-{project.pk}.xlsx", header, rows, title=_("負担金"))


@login_required
def cost_simulator(request, pk: int):
    project = permissions.get_project_for(request, pk, manage=True)
    saved = CostRule.objects.filter(project=project).first()
    trial = CostRule(project=project) if saved is None else CostRule.objects.get(pk=saved.pk)
    form = forms.CostRuleForm(request.GET or None, instance=trial)
    tried = form.is_valid()
    rule = form.instance if tried else saved  # a half-valid form has half-changed its instance
    table, rows = costs.simulate(project, rule) if rule else (None, [])
    context = {"project": project, "form": form, "tried": tried, "table": table, "rows": rows, "saved": saved}
    return render(request, "procurement/cost_simulator.html", context)


@login_required
def share_sheet(request, pk: int, lg_code: str):
    participant = permissions.get_sheet_participant_for(request, pk, lg_code)
    sheet = costs.share_sheet(participant)
    confirmation = (
        ShareConfirmation.objects.filter(participant=participant).select_related("confirmed_by").first()
    )
    if confirmation is not None:
        confirmation.participant = participant
    context = {
        "sheet": sheet,
        "project": participant.project,
        "confirmation": confirmation,
        "actions": confirmation.actions_for(request.user) if confirmation else [],
    }
    return render(request, "procurement/share_sheet.html", context)


@require_POST
@login_required
def share_confirm(request, pk: int, lg_code: str):
    participant = permissions.get_sheet_participant_for(request, pk, lg_code)
    confirmation = ShareConfirmation.objects.filter(participant=participant).first()
    if confirmation is None:
        raise PermissionDenied
    confirmation.participant = participant
    if not permissions.can_confirm_share(request.user, confirmation):
        raise PermissionDenied
    try:
        costs.confirm_share(confirmation=confirmation, by=request.user)
        messages.success(request, _("負担金を確認しました。"))
    except ProcurementError as error:
        messages.error(request, str(error))
    return redirect("procurement:share-sheet", pk=pk, lg_code=lg_code)


@login_required
def share_sheet_xlsx(request, pk: int, lg_code: str):
    participant = permissions.get_sheet_participant_for(request, pk, lg_code)
    header, rows = costs.share_sheet_table(costs.share_sheet(participant))
    return xlsx_response(f"futankin-{pk}-{lg_code}.xlsx", header, rows, title=_("負担金"))
