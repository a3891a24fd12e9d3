"""Talent pages: the search, a profile, its editing and publication, the career record, the pool list."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.dates import fiscal_year, this_month, today
from portal.paging import CappedPaginator
from talentpool import forms, permissions, services
from talentpool.cards import search_cards
from talentpool.filters import TalentFilter, _add_months
from talentpool.models import Talent, TalentPoolError
from talentpool.permissions import get_managed_pools_for, get_talent_for
from talentpool.views import run_action


@login_required
def talent_search(request):
    if not permissions.can_search_pool(request.user):
        raise PermissionDenied
    card_months = [_add_months(this_month(), i) for i in range(3)]
    base = Talent.objects.visible_to(request.user).published().select_related("prefecture")
    filterset = TalentFilter(request.GET or None, queryset=base)
    results = filterset.qs if filterset.is_bound else filterset.queryset
    ordered = results.order_by(*(results.query.order_by or ["name_kana"]), "pk")
    page = CappedPaginator(ordered, 20).get_page(request.GET.get("page"))
    template = "talentpool/talent_search.html#results" if request.htmx else "talentpool/talent_search.html"
    can_request = permissions.can_request_dispatch(request.user)
    cards = search_cards(list(page), months=card_months, can_request=can_request)
    return render(
        request, template, {"filter": filterset, "page": page, "cards": cards, "period": filterset.period()}
    )


@login_required
def talent_detail(request, pk: int):
    talent = get_talent_for(request, pk)
    year = fiscal_year(today())
    return render(
        request,
        "talentpool/talent_detail.html",
        {
            "talent": talent,
            "skills": talent.skills.select_related("role", "role__type", "level").order_by(
                "role__type__order", "role__order"
            ),
            "themes": talent.themes.all(),
            "trainings": talent.trainings.all(),
            "capacity": services.fiscal_year_capacity(talent, year),
            "year": year,
            "can_edit": permissions.can_edit_talent(request.user, talent),
            "can_request": permissions.can_request_dispatch(request.user)
            and talent.status == talent.Status.PUBLISHED,
        },
    )


@login_required
def pool_list(request):
    pools = get_managed_pools_for(request)
    talents = (
        Talent.objects.visible_to(request.user).filter(prefecture__in=pools).select_related("prefecture")
    )
    page = Paginator(talents.order_by("status", "name_kana", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "talentpool/pool_list.html", {"page": page})


@login_required
def talent_create(request):
    pools = get_managed_pools_for(request)
    posted = request.POST if request.method == "POST" else None
    form = forms.TalentCreateForm(posted, request.FILES if posted else None, pools=pools)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("photo_remove", None)
        upload = data.pop("photo_upload", None)
        try:
            with transaction.atomic():
                talent = services.create_talent(prefecture=data.pop("pool"), by=request.user, **data)
                if upload:
                    services.set_talent_photo(talent=talent, data=upload.read(), by=request.user)
        except TalentPoolError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("人材を下書きとして登録しました。スキルを入力して公開してください。"))
            return redirect("talentpool:talent-edit", pk=talent.pk)
    return render(request, "talentpool/talent_form.html", {"form": form, "creating": True})


@login_required
def talent_edit(request, pk: int):
    talent = get_talent_for(request, pk, edit=True)
    manage = permissions.can_manage_pool(request.user, talent.prefecture_id)
    posted, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = forms.TalentForm(posted, files, instance=Talent.objects.get(pk=talent.pk), manage=manage)
    skills = forms.SkillsForm.for_talent(talent, posted)
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        try:
            services.update_talent_profile(
                talent=talent, by=request.user, levels=skills.chosen_levels(), **form.profile_changes()
            )
        except TalentPoolError as error:
            form.add_error("photo_upload" if request.FILES.get("photo_upload") else None, str(error))
        else:
            messages.success(request, _("人材の情報を保存しました。"))
            return redirect("talentpool:talent-detail", pk=talent.pk)
    actions = talent.actions_for(request.user)
    return render(
        request,
        "talentpool/talent_form.html",
        {"form": form, "skills": skills, "talent": talent, "actions": actions},
    )


@require_POST
@login_required
def talent_status(request, pk: int):
    talent = get_talent_for(request, pk, manage=True)
    run_action(request, talent, partial(services.change_talent_status, talent=talent))
    return redirect("talentpool:talent-edit", pk=talent.pk)


@login_required
def talent_career(request, pk: int):
    talent = get_talent_for(request, pk)
    can_edit = permissions.can_edit_talent(request.user, talent)
    form = forms.TrainingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            services.add_training(talent=talent, by=request.user, **form.cleaned_data)
            messages.success(request, _("研修の修了を記録しました。"))
            return redirect("talentpool:talent-career", pk=talent.pk)
    context = {"talent": talent, "form": form, "can_edit": can_edit, **talent.career_record()}
    return render(request, "talentpool/talent_career.html", context)


@login_required
def talent_photo(request, pk: int):
    talent = get_talent_for(request, pk)
    if not talent.photo or not talent.photo.storage.exists(talent.photo.name):
        raise Http404
    response = FileResponse(talent.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    return response
