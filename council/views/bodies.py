"""The council's standing pages: bodies, their rosters and their meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from council import forms, permissions, services
from council.models import Body, CouncilError, Meeting, OpinionRequest
from portal.dates import fiscal_year, fiscal_year_label


def _posted(request):
    return request.POST if request.method == "POST" else None


def body_list(request):
    bodies = Body.objects.for_list_page()
    return render(request, "council/body_list.html", {"bodies": bodies})


def body_detail(request, pk: int):
    body = permissions.get_body_for(request, pk)
    members = sorted(
        body.members.select_related("user").prefetch_related("substitutes"), key=lambda m: m.sort_key
    )
    meetings = list(Meeting.objects.visible_to(request.user).filter(body=body).for_list_page())
    language = getattr(request, "LANGUAGE_CODE", "ja")
    by_year: dict[int, list] = {}
    for meeting in meetings:
        by_year.setdefault(fiscal_year(timezone.localtime(meeting.starts_at).date()), []).append(meeting)
    context = {
        "body": body,
        "members": members,
        "years": [(fiscal_year_label(year, language), items) for year, items in by_year.items()],
        "working_groups": list(body.working_groups.all()),
        "opinion_requests": list(
            OpinionRequest.objects.visible_to(request.user).filter(body=body).for_list_page()
        ),
        "can_manage": permissions.can_manage_body(request.user, body),
    }
    return render(request, "council/body_detail.html", context)


@login_required
def body_member_add(request, pk: int):
    body = permissions.get_body_for(request, pk, manage=True)
    form = forms.BodyMemberForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_body_member(body=body, by=request.user, **form.cleaned_data)
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("構成員を登録しました。"))
            return redirect("council:body-detail", pk=body.pk)
    return render(request, "council/body_member_form.html", {"body": body, "form": form})


@login_required
def substitute_add(request, pk: int):
    member = permissions.get_member_to_manage(request, pk)
    form = forms.SubstituteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_substitute(member=member, by=request.user, **form.cleaned_data)
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("代理の方を登録しました。"))
            return redirect("council:body-detail", pk=member.body_id)
    return render(request, "council/substitute_form.html", {"member": member, "form": form})
