"""Dispatch request pages: the request (様式Ⅰ) and its queue, named actions, matching, the approver's
view of the load, attachments."""

from __future__ import annotations

import datetime
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.dates import this_month
from portal.models import AuditEvent
from talentpool import forms, permissions, services
from talentpool.attachments import check_attachment
from talentpool.documents import available_documents
from talentpool.filters import DispatchRequestFilter
from talentpool.models import (
    CapacityMonth,
    DispatchRequest,
    FollowUpSurvey,
    Proposal,
    Talent,
    TalentPoolError,
)
from talentpool.permissions import get_dispatch_for
from talentpool.services.capacity import monthly_load
from talentpool.services.work import WORKING
from talentpool.views import run_action

LOAD_WARNING = 0.8


@login_required
def dispatch_list(request):
    queryset = DispatchRequest.objects.visible_to(request.user).for_list_page()
    filterset = DispatchRequestFilter(request.GET, queryset=queryset)
    results = filterset.qs if filterset.is_valid() else queryset
    page = Paginator(results.order_by("status_changed_at", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "talentpool/dispatch_list.html",
        {
            "filter": filterset,
            "page": page,
            "turns": DispatchRequest.objects.awaiting(request.user)
            .for_list_page()
            .order_by("status_changed_at")[:20],
            "can_draft": permissions.dispatch_municipalities(request.user).exists(),
            "can_manage": permissions.can_manage_any_pool(request.user),
            "waitlist": queryset.in_waitlist_order()[:50]
            if permissions.can_manage_any_pool(request.user)
            else [],
        },
    )


@login_required
def dispatch_edit(request, pk: int | None = None):
    dispatch = get_dispatch_for(request, pk, edit=True) if pk else DispatchRequest()
    municipalities = permissions.dispatch_municipalities(request.user)
    if not municipalities.exists():
        raise PermissionDenied
    form = forms.DispatchRequestForm.for_request(
        dispatch,
        data=request.POST if request.method == "POST" else None,
        municipalities=municipalities,
        talents=Talent.objects.visible_to(request.user).published(),
        asked=request.GET.get("talent", ""),
    )
    if request.method == "POST" and form.is_valid():
        try:
            dispatch = services.save_dispatch_request(
                request=form.save(commit=False), roles=form.needed(), by=request.user
            )
        except TalentPoolError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("派遣依頼を保存しました。"))
            return redirect("talentpool:dispatch-detail", pk=dispatch.pk)
    return render(
        request, "talentpool/dispatch_form.html", {"form": form, "dispatch": dispatch if pk else None}
    )


CELL, LABEL = 64, 180


@login_required
def dispatch_load(request):
    pools = permissions.get_managed_pools_for(request)
    first = this_month()
    months = [(first + datetime.timedelta(days=31 * i)).replace(day=1) for i in range(6)]
    talents = list(Talent.objects.published().filter(prefecture__in=pools).order_by("name_kana", "pk")[:100])
    table = monthly_load(talents, months)
    for y, row in enumerate(table):
        row["y"] = 28 + y * 32
        for x, cell in enumerate(row["cells"]):
            cell["x"] = LABEL + x * CELL
    return render(
        request,
        "talentpool/dispatch_load.html",
        {
            "months": [{"month": m, "x": LABEL + i * CELL + CELL // 2} for i, m in enumerate(months)],
            "table": table,
            "width": LABEL + CELL * len(months),
            "height": 36 + 32 * len(table),
        },
    )


def _load(dispatch: DispatchRequest) -> list[dict]:
    """The assigned talent's months over the period: available, booked, this request, and the share."""
    if dispatch.talent_id is None:
        return []
    rows = {
        c.month: c
        for c in CapacityMonth.objects.with_booked_days().filter(
            talent_id=dispatch.talent_id, month__in=dispatch.months()
        )
    }
    table = []
    for month in dispatch.months():
        row = rows.get(month)
        contracted = row.contracted_days if row else 0
        booked = row.booked_days if row else 0
        after = booked + (
            dispatch.days_per_month if dispatch.status == DispatchRequest.Status.PENDING_APPROVAL else 0
        )
        share = float(after / contracted) if contracted else 1.0 if after else 0.0
        table.append(
            {
                "month": month,
                "contracted": contracted,
                "booked": booked,
                "after": after,
                "percent": round(share * 100),
                "warn": share >= LOAD_WARNING,
            }
        )
    return table


def dispatch_detail(request, pk: int):
    dispatch = get_dispatch_for(request, pk)
    page = _dispatch_page(request.user, dispatch)
    return render(request, "talentpool/dispatch_detail.html", {**page, **_dispatch_forms(dispatch, page)})


def _dispatch_page(user, dispatch: DispatchRequest) -> dict:
    """What the request page shows this person, and which of its parts they may act on."""
    screening = permissions.can_screen_dispatch(user, dispatch)
    approving = permissions.can_approve_dispatch(user, dispatch)
    consenting = permissions.can_consent_to_dispatch(user, dispatch)
    proposals = list(dispatch.proposals.select_related("talent").order_by("rank"))
    asked = next((p for p in proposals if p.status == Proposal.Status.ASKED), None)
    assignment = getattr(dispatch, "assignment", None) if dispatch.status in DispatchRequest.BOOKED else None
    municipal = permissions.can_edit_dispatch(user, dispatch)
    matching = dispatch.status == DispatchRequest.Status.MATCHING
    return {
        "dispatch": dispatch,
        "roles": dispatch.roles_needed.select_related("role", "level"),
        "actions": dispatch.actions_for(user),
        "can_edit": dispatch.status in (DispatchRequest.Status.DRAFT, DispatchRequest.Status.RETURNED)
        and municipal,
        "proposals": proposals,
        "can_respond": asked is not None and permissions.can_respond_to_proposal(user, asked),
        "waiting": [p for p in proposals if p.status == Proposal.Status.WAITING],
        "can_rank": asked is None
        and matching
        and any(p.status == Proposal.Status.WAITING for p in proposals)
        and municipal,
        "candidates": services.rank_candidates(dispatch) if screening and matching else [],
        "load": _load(dispatch) if screening or approving or consenting else [],
        "can_consent": consenting,
        "can_report": dispatch.status == DispatchRequest.Status.REPORTING
        and dispatch.report_filed_at is None
        and permissions.is_assigned_talent(user, dispatch),
        "working": dispatch.status in WORKING and permissions.is_assigned_talent(user, dispatch),
        "assignment": assignment,
        "attachments": dispatch.attachments.all(),
        "documents": available_documents(dispatch, proposals),
        "activities": assignment.activities.all() if assignment else [],
        "follow_up": FollowUpSurvey.objects.filter(assignment=assignment).first() if assignment else None,
        "monthly_reports": assignment.monthly_reports.select_related("confirmed_by") if assignment else [],
        "can_confirm_monthly": municipal,
        "can_rate": municipal
        and dispatch.status == DispatchRequest.Status.COMPLETED
        and dispatch.rating is None,
        "history": AuditEvent.objects.for_target(dispatch).select_related("actor")[:30]
        if screening or municipal or approving or consenting
        else None,
    }


def _dispatch_forms(dispatch: DispatchRequest, page: dict) -> dict:
    """The empty forms of the parts of the page this person may act on."""
    candidates, working = page["candidates"], page["working"]
    talents = Talent.objects.filter(pk__in=[c.talent.pk for c in candidates])
    return {
        "propose_form": forms.ProposeForm(talents=talents) if candidates else None,
        "report_form": forms.ReportForm(),
        "activity_form": forms.ActivityForm() if working else None,
        "monthly_form": forms.MonthlyReportForm(months=dispatch.months()) if working else None,
        "rating_form": forms.RatingForm() if page["can_rate"] else None,
    }


@require_POST
@login_required
def dispatch_status(request, pk: int):
    dispatch = get_dispatch_for(request, pk)
    run_action(request, dispatch, partial(services.change_dispatch_status, request=dispatch))
    return redirect("talentpool:dispatch-detail", pk=dispatch.pk)


@require_POST
@login_required
def dispatch_propose(request, pk: int):
    dispatch = get_dispatch_for(request, pk)
    if not permissions.can_screen_dispatch(request.user, dispatch):
        raise PermissionDenied
    form = forms.ProposeForm(request.POST, talents=Talent.objects.published())
    if not form.is_valid():
        messages.error(request, _("候補を選んでください。"))
    else:
        try:
            services.propose_candidates(request=dispatch, talents=form.talents(), by=request.user)
        except TalentPoolError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("候補を提案しました。第1候補の人材に通知しました。"))
    return redirect("talentpool:dispatch-detail", pk=dispatch.pk)


@require_POST
@login_required
def dispatch_rank(request, pk: int):
    dispatch = get_dispatch_for(request, pk)
    if not permissions.can_edit_dispatch(request.user, dispatch):
        raise PermissionDenied
    # Each proposal's rank arrives as rank_<id>; sort the ids by the ranks chosen.
    chosen = {}
    for key, value in request.POST.items():
        if key.startswith("rank_") and key[5:].isdigit() and value.isdigit() and len(key) < 20:
            chosen[int(key[5:])] = int(value[:3])
    order = sorted(chosen, key=lambda proposal_id: chosen[proposal_id])
    if len(set(chosen.values())) != len(chosen):
        order = []
    try:
        services.rank_proposals(request=dispatch, order=order, by=request.user)
    except TalentPoolError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("候補の順位を決めました。第1候補の人材に受諾を依頼しました。"))
    return redirect("talentpool:dispatch-detail", pk=dispatch.pk)


@require_POST
@login_required
def dispatch_respond(request, pk: int):
    dispatch = get_dispatch_for(request, pk)
    proposal = get_object_or_404(
        dispatch.proposals.select_related("talent", "request"), status=Proposal.Status.ASKED
    )
    if not permissions.can_respond_to_proposal(request.user, proposal):
        raise PermissionDenied
    accept = request.POST.get("answer") == "accept"
    try:
        services.respond_to_proposal(
            proposal=proposal, accept=accept, by=request.user, reason=request.POST.get("reason", "")[:500]
        )
    except TalentPoolError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("受諾しました。県の承認をお待ちください。") if accept else _("辞退しました。")
        )
    return redirect("talentpool:dispatch-detail", pk=dispatch.pk)


@require_POST
@login_required
def dispatch_consent(request, pk: int):
    dispatch = get_dispatch_for(request, pk)
    if not permissions.can_consent_to_dispatch(request.user, dispatch):
        raise PermissionDenied
    consent = request.POST.get("answer") == "consent"
    try:
        services.consent_to_dispatch(
            request=dispatch,
            consent=consent,
            by=request.user,
            note=request.POST.get("note", "").strip()[:500],
        )
    except TalentPoolError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("派遣に同意しました。依頼元の県の承認者に通知しました。")
            if consent
            else _("派遣に同意しませんでした。依頼元の県の担当者に理由を通知しました。"),
        )
    return redirect("talentpool:dispatch-detail", pk=dispatch.pk)


@require_POST
@login_required
def dispatch_attach(request, pk: int):
    dispatch = get_dispatch_for(request, pk, edit=True)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise TalentPoolError(_("添付するファイルを選んでください。"))
        check_attachment(upload.name, upload.size)  # refuses an oversized file before reading it
        services.attach_file(request=dispatch, file_name=upload.name, data=upload.read(), by=request.user)
    except TalentPoolError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("ファイルを添付しました。"))
    return redirect("talentpool:dispatch-detail", pk=dispatch.pk)


def dispatch_attachment(request, pk: int, attachment_pk: int):
    dispatch = get_dispatch_for(request, pk)
    attachment = get_object_or_404(dispatch.attachments, pk=attachment_pk)
    if not default_storage.exists(attachment.stored_name):
        raise Http404
    return FileResponse(
        default_storage.open(attachment.stored_name, "rb"),
        as_attachment=True,
        filename=attachment.file_name,
        content_type=attachment.content_type,
    )
