"""Job description (求人票) pages: the public list and open-data exports, drafting and approval."""

from __future__ import annotations

import json
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.spreadsheets import csv_response
from talentpool import forms, permissions, services
from talentpool.filters import JobPostingFilter
from talentpool.models import JobPosting, TalentPoolError
from talentpool.permissions import get_job_for, get_job_organisations_for
from talentpool.views import run_action


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
    return render(
        request,
        "talentpool/job_detail.html",
        {
            "posting": posting,
            "actions": posting.actions_for(request.user),
            "can_edit": permissions.can_edit_job(request.user, posting),
        },
    )


@login_required
def job_edit(request, pk: int | None = None):
    posting = get_job_for(request, pk, edit=True) if pk else JobPosting()
    organisations = get_job_organisations_for(request)
    form = forms.JobPostingForm.for_posting(
        posting, request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.save_job_posting(
                posting=form.save(commit=False), roles=form.sought(), by=request.user
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
    run_action(request, posting, partial(services.change_job_status, posting=posting))
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
