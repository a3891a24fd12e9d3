"""Talent pool pages: the search, a profile, and a talent's monthly capacity."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.dates import fiscal_year, fiscal_year_label, this_month, today
from talentpool import forms, permissions, services
from talentpool.filters import TalentFilter, VendorFilter, _add_months
from talentpool.models import ProficiencyLevel, SkillRole, Talent, TalentPoolError, Vendor


@login_required
def talent_search(request):
    if not permissions.can_search_pool(request.user):
        raise PermissionDenied
    filterset = TalentFilter(request.GET or None, queryset=Talent.objects.none())
    first, last = filterset.period()
    card_months = [_add_months(this_month(), i) for i in range(3)]
    base = Talent.objects.visible_to(request.user).published().with_free_days(first, last)
    filterset = TalentFilter(request.GET or None, queryset=base.for_search_page(card_months))
    results = filterset.qs if filterset.is_bound else filterset.queryset
    page = Paginator(results.order_by(*(results.query.order_by or ["name_kana"]), "pk"), 20).get_page(
        request.GET.get("page")
    )
    template = "talentpool/talent_search.html#results" if request.htmx else "talentpool/talent_search.html"
    return render(
        request,
        template,
        {"filter": filterset, "page": page, "card_months": card_months, "period": (first, last)},
    )


def get_talent_for(http_request, pk: int, *, edit: bool = False) -> Talent:
    """A profile the user may see (404 otherwise); 403 if editing is asked and refused."""
    talent = get_object_or_404(
        Talent.objects.visible_to(http_request.user).select_related("prefecture"), pk=pk
    )
    if edit and not permissions.can_edit_talent(http_request.user, talent):
        raise PermissionDenied
    return talent


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
        },
    )


@login_required
def talent_capacity(request, pk: int):
    talent = get_talent_for(request, pk, edit=True)
    form = forms.CapacityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_monthly_capacity(talent=talent, by=request.user, **form.cleaned_data)
        except TalentPoolError as error:
            form.add_error(None, str(error))
        else:
            month = form.cleaned_data["month"]
            if fiscal_year(month) == fiscal_year(today()):
                messages.success(request, _("稼働できる日数を保存しました。"))
            else:
                # The profile shows this fiscal year only: say where the month went.
                messages.success(
                    request,
                    _(
                        "%(month)sの稼働できる日数を保存しました。%(year)sの月のため、今年度の表には表示されません。"
                    )
                    % {
                        "month": f"{month:%Y-%m}",
                        "year": fiscal_year_label(fiscal_year(month), get_language()),
                    },
                )
            return redirect("talentpool:talent-detail", pk=talent.pk)
    year = fiscal_year(today())
    return render(
        request,
        "talentpool/talent_capacity.html",
        {
            "talent": talent,
            "form": form,
            "capacity": services.fiscal_year_capacity(talent, year),
            "year": year,
        },
    )


def _require_pool_manager(request):
    pools = permissions.managed_pools(request.user)
    if not pools.exists():
        raise PermissionDenied
    return pools


@login_required
def pool_list(request):
    pools = _require_pool_manager(request)
    talents = (
        Talent.objects.visible_to(request.user).filter(prefecture__in=pools).select_related("prefecture")
    )
    page = Paginator(talents.order_by("status", "name_kana", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "talentpool/pool_list.html", {"page": page})


@login_required
def talent_create(request):
    pools = _require_pool_manager(request)
    form = forms.TalentCreateForm(request.POST if request.method == "POST" else None, pools=pools)
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
    posted = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = forms.TalentForm(posted, files, instance=Talent.objects.get(pk=talent.pk), manage=manage)
    current = dict(talent.skills.values_list("role_id", "level_id"))
    skills = forms.SkillsForm(
        posted,
        roles=SkillRole.objects.select_related("type").order_by("type__order", "order"),
        levels=ProficiencyLevel.objects.all(),
        current=current,
    )
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        changes = dict(form.cleaned_data)
        upload, remove = changes.pop("photo_upload", None), changes.pop("photo_remove", False)
        try:
            # One transaction: a refused photo leaves the rest of the form unsaved too.
            with transaction.atomic():
                talent = services.update_talent(talent=talent, by=request.user, changes=changes)
                levels = {str(level.pk): level for level in ProficiencyLevel.objects.all()}
                for name, role in skills.roles.items():
                    services.set_skill_level(
                        talent=talent, role=role, level=levels.get(skills.cleaned_data[name]), by=request.user
                    )
                if upload or remove:
                    services.set_talent_photo(
                        talent=talent, data=upload.read() if upload else None, by=request.user
                    )
        except TalentPoolError as error:
            form.add_error("photo_upload" if upload else None, str(error))
        else:
            messages.success(request, _("人材の情報を保存しました。"))
            return redirect("talentpool:talent-detail", pk=talent.pk)
    status_form = forms.TalentStatusForm(talent=talent) if manage else None
    return render(
        request,
        "talentpool/talent_form.html",
        {"form": form, "skills": skills, "talent": talent, "status_form": status_form},
    )


@require_POST
@login_required
def talent_status(request, pk: int):
    talent = get_talent_for(request, pk)
    if not permissions.can_manage_pool(request.user, talent.prefecture_id):
        raise PermissionDenied
    form = forms.TalentStatusForm(request.POST, talent=talent)
    if form.is_valid():
        try:
            services.change_talent_status(talent=talent, by=request.user, **form.cleaned_data)
            messages.success(request, _("公開状態を変更しました。"))
        except TalentPoolError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("変更後の状態を選んでください。"))
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
    history = talent.skill_history.select_related("role", "level", "changed_by")
    return render(
        request,
        "talentpool/talent_career.html",
        {
            "talent": talent,
            "trainings": talent.trainings.all(),
            "history": history,
            "form": form,
            "can_edit": can_edit,
        },
    )


@login_required
def vendor_list(request):
    queryset = Vendor.objects.visible_to(request.user)
    if not request.user.is_superuser and not request.user.role_memberships:
        raise PermissionDenied
    queryset = queryset.select_related("prefecture").prefetch_related("roles", "themes")
    filterset = VendorFilter(request.GET or None, queryset=queryset)
    results = filterset.qs if filterset.is_bound else queryset
    page = Paginator(results.distinct().order_by("prefecture__lg_code", "name"), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "talentpool/vendor_list.html",
        {
            "filter": filterset,
            "page": page,
            "can_add": permissions.can_manage_any_pool(request.user),
        },
    )


def get_vendor_for(http_request, pk: int, *, edit: bool = False) -> Vendor:
    """A registry entry the user may see (404 otherwise); 403 if editing is asked and refused."""
    vendor = get_object_or_404(
        Vendor.objects.visible_to(http_request.user).select_related("prefecture"), pk=pk
    )
    if edit and not permissions.can_manage_pool(http_request.user, vendor.prefecture_id):
        raise PermissionDenied
    return vendor


@login_required
def vendor_detail(request, pk: int):
    vendor = get_vendor_for(request, pk)
    return render(
        request,
        "talentpool/vendor_detail.html",
        {
            "vendor": vendor,
            "roles": vendor.roles.order_by("type__order", "order"),
            "themes": vendor.themes.all(),
            "can_edit": permissions.can_manage_pool(request.user, vendor.prefecture_id),
        },
    )


@login_required
def vendor_edit(request, pk: int | None = None):
    vendor = get_vendor_for(request, pk, edit=True) if pk else Vendor()
    pools = _require_pool_manager(request)
    form = forms.VendorForm(
        request.POST if request.method == "POST" else None, instance=vendor, prefectures=pools
    )
    if request.method == "POST" and form.is_valid():
        try:
            vendor = services.save_vendor(
                vendor=form.save(commit=False),
                by=request.user,
                roles=form.cleaned_data["roles"],
                themes=form.cleaned_data["themes"],
            )
        except TalentPoolError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("登録内容を保存しました。"))
            return redirect("talentpool:vendor-detail", pk=vendor.pk)
    return render(request, "talentpool/vendor_form.html", {"form": form, "vendor": vendor if pk else None})


@login_required
def talent_photo(request, pk: int):
    talent = get_talent_for(request, pk)
    if not talent.photo or not default_storage.exists(talent.photo):
        raise Http404
    response = FileResponse(default_storage.open(talent.photo, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    return response
