"""Job description (求人票) pages: the public list and open-data exports, drafting and approval."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.spreadsheets import csv_response
from talentpool import forms, permissions, services
from talentpool.filters import JobPostingFilter
from talentpool.models import JobPosting, ProficiencyLevel, SkillRole, TalentPoolError
from talentpool.permissions import get_job_for


def job_list(request):
    queryset = JobPosting.objects.published().for_list_page()
    filterset = JobPostingFilter(request.GET or None, queryset=queryset)
    results = (filterset.qs if filterset.is_bound else queryset).distinct()
    page = Paginator(results.order_by("-published_at", "pk"), 30).get_page(request.GET.get("page"))
    mine = JobPosting.objects.none()
    if request.user.is_authenticated:
        mine = (
            JobPosting.objects.visible_to(request.user)
            .exclude(status=JobPosting.Status.PUBLISHED)
            .select_related("organisation")[:50]
        )
    return render(
        request,
        "talentpool/job_list.html",
        {
            "filter": filterset,
            "page": page,
            "mine": mine,
            "can_draft": request.user.is_authenticated
            and permissions.job_organisations(request.user).exists(),
            "query": request.GET.urlencode(),
        },
    )


def job_detail(request, pk: int):
    posting = get_job_for(request, pk)
    user = request.user
    moves = []
    if user.is_authenticated:
        approver = permissions.can_approve_job(user, posting)
        drafter = permissions.can_draft_job(user, posting.organisation)
        for status in sorted(posting.MOVES.get(posting.status, ())):
            approving = status == JobPosting.Status.PUBLISHED or (
                posting.status == JobPosting.Status.SUBMITTED and status == JobPosting.Status.DRAFT
            )
            if approver or (drafter and not approving):
                moves.append((status, JobPosting.Status(status).label))
    return render(
        request,
        "talentpool/job_detail.html",
        {
            "posting": posting,
            "moves": moves,
            "can_edit": posting.status == JobPosting.Status.DRAFT
            and permissions.can_draft_job(user, posting.organisation),
        },
    )


@login_required
def job_edit(request, pk: int | None = None):
    posting = get_job_for(request, pk) if pk else JobPosting()
    if pk and not permissions.can_draft_job(request.user, posting.organisation):
        raise PermissionDenied
    organisations = permissions.job_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    levels = {str(level.pk): level for level in ProficiencyLevel.objects.all()}
    current = dict(posting.roles_sought.values_list("role_id", "level_id")) if pk else {}
    form = forms.JobPostingForm(
        request.POST if request.method == "POST" else None,
        instance=posting,
        organisations=organisations,
        roles=SkillRole.objects.select_related("type").order_by("type__order", "order"),
        levels=levels.values(),
        current=current,
    )
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.save_job_posting(
                posting=form.save(commit=False), roles=form.sought(levels), by=request.user
            )
        except TalentPoolError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("求人票を保存しました。"))
            return redirect("talentpool:job-detail", pk=posting.pk)
    return render(request, "talentpool/job_form.html", {"form": form, "posting": posting if pk else None})


@require_POST
@login_required
def job_status(request, pk: int):
    posting = get_job_for(request, pk)
    try:
        services.change_job_status(
            posting=posting,
            status=request.POST.get("status", ""),
            by=request.user,
            note=request.POST.get("note", "")[:500],
        )
        messages.success(request, _("求人票の状態を変更しました。"))
    except (TalentPoolError, ValueError) as error:
        messages.error(
            request, str(error) if isinstance(error, TalentPoolError) else _("状態の指定が正しくありません。")
        )
    return redirect("talentpool:job-detail", pk=posting.pk)


EXPORT_FIELDS = [
    "id",
    "lg_code",
    "organisation",
    "prefecture",
    "title",
    "duties",
    "conditions",
    "appointment",
    "joint_appointment",
    "remote_allowed",
    "side_job_allowed",
    "roles_sought",
    "published_at",
]


def _export_rows(request):
    filterset = JobPostingFilter(request.GET or None, queryset=JobPosting.objects.published().for_list_page())
    postings = (filterset.qs if filterset.is_bound else filterset.queryset).distinct().order_by("pk")
    for p in postings:
        yield {
            "id": p.pk,
            "lg_code": p.organisation.lg_code,
            "organisation": p.organisation.name,
            "prefecture": (p.organisation.governing_prefecture or p.organisation).name,
            "title": p.title,
            "duties": p.duties,
            "conditions": p.conditions,
            "appointment": p.appointment,
            "joint_appointment": p.joint_appointment,
            "remote_allowed": p.remote_allowed,
            "side_job_allowed": p.side_job_allowed,
            "roles_sought": [{"role": r.role.code, "min_level": r.level.level} for r in p.roles_sought.all()],
            "published_at": p.published_at.isoformat(),
        }


def job_export_csv(request):
    rows = (
        [
            *(row[field] for field in EXPORT_FIELDS[:-2]),
            ";".join(f"{r['role']}>={r['min_level']}" for r in row["roles_sought"]),
            row["published_at"],
        ]
        for row in _export_rows(request)
    )
    return csv_response("job_postings.csv", EXPORT_FIELDS, rows)


def job_export_json(request):
    body = json.dumps({"job_postings": list(_export_rows(request))}, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/json; charset=utf-8")
