"""Views of the portal spine: public home, dashboard, organisations, frameworks, members, imports, audit."""

from __future__ import annotations

from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal import forms, permissions, services
from portal.dashboard import action_items
from portal.exceptions import PortalError
from portal.filters import AuditEventFilter, MembershipFilter, OrganisationFilter
from portal.fragments import digest
from portal.labels import choice_label
from portal.mfa import record_fresh_password
from portal.middleware import ACTIVE_ROLE_SESSION_KEY
from portal.models import (
    AuditEvent,
    FrameworkMember,
    Invitation,
    Membership,
    Notification,
    Organisation,
    PopulationImport,
    RegionalFramework,
)
from portal.quick_links import quick_links
from portal.second_factor import require_fresh_second_factor

FOOTER_PAGES = {
    "privacy": _lazy("プライバシーポリシー"),
    "accessibility": _lazy("アクセシビリティ方針"),
    "terms": _lazy("利用規約"),
    "contact": _lazy("お問い合わせ"),
}


def footer_page(request, name: str):
    """The policy pages every public site has; long prose, so one template per language."""
    language = "en" if (get_language() or "ja").startswith("en") else "ja"
    contact = {
        "name": settings.CONTACT_NAME_EN if language == "en" else settings.CONTACT_NAME,
        "email": settings.CONTACT_EMAIL,
        "phone": settings.CONTACT_PHONE,
        "address": settings.CONTACT_ADDRESS_EN if language == "en" else settings.CONTACT_ADDRESS,
    }
    return render(
        request,
        f"portal/pages/{name}_{language}.html",
        {"title": FOOTER_PAGES[name], "contact": contact, "name": name},
    )


def noop(request):
    """Mounted only when BENCHMARK_NOOP is set: the baseline `make bench` compares pages with."""
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    frameworks = RegionalFramework.objects.for_status_map()
    counts = {status: 0 for status in RegionalFramework.Status.values}
    for framework in frameworks:
        counts[framework.status] += 1
    return render(
        request,
        "portal/home.html",
        {
            "frameworks": frameworks,
            "rows_key": digest(frameworks, "pk", "status", "name", "has_talent_pool", "member_count"),
            "status_counts": [(RegionalFramework.Status(s).label, n) for s, n in counts.items()],
            "pool_count": sum(1 for f in frameworks if f.has_talent_pool),
        },
    )


@login_required
def dashboard(request):
    return render(
        request,
        "portal/dashboard.html",
        {
            "items": action_items(request),
            "quick_links": quick_links(request),
            "recent": AuditEvent.objects.done_by(request.user).select_related("scope")[:5],
        },
    )


@require_POST
@login_required
def role_switch(request):
    form = forms.RoleSwitchForm(request.POST)
    if form.is_valid() and any(
        m.pk == form.cleaned_data["membership"] for m in request.user.role_memberships
    ):
        request.session[ACTIVE_ROLE_SESSION_KEY] = form.cleaned_data["membership"]
    else:
        messages.error(request, _("選択した役割に切り替えられませんでした。"))
    return redirect("portal:dashboard")


ORGANISATION_ROW = ("pk", "lg_code", "name", "name_en", "kind", "prefecture_id")


def organisation_list(request):
    queryset = Organisation.objects.local_governments().with_latest_population().select_related("prefecture")
    filterset = OrganisationFilter(request.GET, queryset=queryset)
    page = Paginator(filterset.qs.order_by("lg_code"), 50).get_page(request.GET.get("page"))
    template = "portal/organisation_list.html#results" if request.htmx else "portal/organisation_list.html"
    rows = digest(page, *ORGANISATION_ROW, "population_value", "population_date")
    return render(request, template, {"filter": filterset, "page": page, "rows_key": rows})


def organisation_detail(request, lg_code: str):
    organisation = permissions.get_organisation_for(request, lg_code)
    show_history = permissions.can_view_history(request.user, organisation)
    return render(
        request,
        "portal/organisation_detail.html",
        {
            "organisation": organisation,
            "can_edit_dx_staff": permissions.can_edit_dx_staff(request.user, organisation),
            "children": organisation.children.order_by("lg_code") if not organisation.is_prefecture else [],
            "municipalities": Organisation.objects.municipalities_listed_under(organisation),
            "populations": organisation.populations.select_related("source").order_by("-reference_date")[:10],
            "history": AuditEvent.objects.for_target(organisation)[:20] if show_history else None,
        },
    )


@login_required
def organisation_dx_staff(request, lg_code: str):
    organisation = permissions.get_organisation_for(request, lg_code, edit_dx_staff=True)
    initial = {"count": organisation.dx_staff_count, "as_of": organisation.dx_staff_as_of}
    form = forms.DxStaffForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_dx_staff(organisation=organisation, by=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("DX・情報担当職員数を保存しました。"))
            return redirect("portal:organisation-detail", lg_code=lg_code)
    return render(
        request, "portal/organisation_dx_staff_form.html", {"organisation": organisation, "form": form}
    )


def framework_detail(request, lg_code: str):
    framework = permissions.get_framework_for(request, lg_code)
    members = framework.members.select_related("municipality").order_by("left_on", "municipality__lg_code")
    can_edit = permissions.can_edit_framework(request.user, framework)
    context = {
        "framework": framework,
        "members": members,
        "can_edit": can_edit,
        "history": AuditEvent.objects.for_target(framework)[:20] if can_edit else None,
    }
    if can_edit:
        context |= {
            "actions": framework.actions_for(request.user),
            "member_form": forms.FrameworkMemberForm(framework=framework),
        }
    return render(request, "portal/framework_detail.html", context)


@login_required
def framework_edit(request, lg_code: str):
    framework = permissions.get_framework_for(request, lg_code, edit=True)
    form = forms.FrameworkForm(_posted(request), instance=RegionalFramework.objects.get(pk=framework.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_framework(framework=framework, by=request.user, changes=form.cleaned_data)
        except PortalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("体制の情報を保存しました。"))
            return redirect("portal:framework-detail", lg_code=lg_code)
    return render(request, "portal/framework_form.html", {"framework": framework, "form": form})


@require_POST
@login_required
def framework_status(request, lg_code: str):
    framework = permissions.get_framework_for(request, lg_code, edit=True)
    form = forms.FrameworkStatusForm(request.POST)
    if form.is_valid():
        action = framework.action_to(form.cleaned_data["status"])
        try:
            services.change_framework_status(
                framework=framework,
                status=form.cleaned_data["status"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
            messages.success(request, action.done_message if action else _("体制の状況を変更しました。"))
        except PortalError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("状況の指定が正しくありません。"))
    return redirect("portal:framework-detail", lg_code=lg_code)


@login_required
def framework_member_add(request, lg_code: str):
    framework = permissions.get_framework_for(request, lg_code, edit=True)
    form = forms.FrameworkMemberForm(_posted(request), framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_framework_member(framework=framework, by=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("参加団体を追加しました。"))
            return redirect("portal:framework-detail", lg_code=lg_code)
    return render(request, "portal/framework_member_form.html", {"framework": framework, "form": form})


@login_required
def framework_member_leave(request, lg_code: str, pk: int):
    framework = permissions.get_framework_for(request, lg_code, edit=True)
    member = get_object_or_404(
        FrameworkMember.objects.select_related("municipality"), pk=pk, framework=framework
    )
    form = forms.MemberLeftForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_member_left(member=member, by=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("脱退を記録しました。"))
            return redirect("portal:framework-detail", lg_code=lg_code)
    return render(
        request,
        "portal/framework_member_leave.html",
        {"framework": framework, "member": member, "form": form},
    )


def _require_member_manager(request) -> None:
    if not permissions.can_manage_any_members(request.user):
        raise PermissionDenied


@login_required
def member_list(request):
    _require_member_manager(request)
    organisations = Organisation.objects.managed_by(request.user).order_by("lg_code", "name")
    queryset = (
        Membership.objects.visible_to(request.user).filter(organisation__in=organisations).for_list_page()
    )
    filterset = MembershipFilter(request.GET, queryset=queryset, organisations=organisations)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    invitations = Invitation.objects.visible_to(request.user).pending().for_list_page()[:50]
    return render(
        request, "portal/member_list.html", {"filter": filterset, "page": page, "invitations": invitations}
    )


@login_required
@require_fresh_second_factor
def invitation_create(request):
    _require_member_manager(request)
    organisations = Organisation.objects.managed_by(request.user).order_by("lg_code", "name")
    form = forms.InvitationForm(_posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_person(by=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(email)s に招待を送信しました。") % {"email": invitation.email})
            return redirect("portal:member-list")
    return render(
        request, "portal/invitation_form.html", {"form": form, "days": settings.INVITATION_VALID_DAYS}
    )


@require_POST
@login_required
def invitation_resend(request, pk: int):
    invitation = permissions.get_invitation_for(request, pk)
    try:
        services.resend_invitation(invitation=invitation, by=request.user)
        messages.success(request, _("招待を再送しました。以前のリンクは使えなくなりました。"))
    except PortalError as error:
        messages.error(request, str(error))
    return redirect("portal:member-list")


@require_POST
@login_required
def invitation_revoke(request, pk: int):
    invitation = permissions.get_invitation_for(request, pk)
    try:
        services.revoke_invitation(invitation=invitation, by=request.user)
        messages.success(request, _("招待を取り消しました。"))
    except PortalError as error:
        messages.error(request, str(error))
    return redirect("portal:member-list")


@never_cache
def invitation_accept(request, token: str):
    invitation = permissions.get_invitation_by_token(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "portal/invitation_invalid.html", {"invitation": invitation}, status=410)
    if request.user.is_authenticated or invitation.invitee_has_account:
        return _accept_as_existing_user(request, invitation, token)
    form = forms.AcceptInvitationForm(
        _posted(request), email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user, _membership = services.accept_invitation(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except PortalError as error:
            form.add_error(None, str(error))
        else:
            return _sign_in_new_member(request, invitation, user)
    return render(request, "portal/invitation_accept.html", {"invitation": invitation, "form": form})


def _sign_in_new_member(request, invitation: Invitation, user):
    messages.success(
        request, _("ようこそ。%(organisation)sの%(role)sとして登録されました。") % _role_words(invitation)
    )
    # The password was typed seconds ago on a single-use mailed link: count it as a fresh
    # (re)authentication so the MFA enrolment that follows does not ask for it again.
    record_fresh_password(request, user)
    return perform_login(request, user, redirect_url=reverse("portal:dashboard"))


def _role_words(invitation: Invitation) -> dict:
    return {"organisation": invitation.organisation.display_name, "role": choice_label(invitation, "role")}


def _accept_as_existing_user(request, invitation: Invitation, token: str):
    if not request.user.is_authenticated:
        messages.info(request, _("この招待を承諾するには、招待されたメールアドレスでログインしてください。"))
        return redirect(f"{reverse('account_login')}?next={request.path}")
    if request.method == "POST":
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except PortalError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(organisation)sの%(role)sの役割が追加されました。") % _role_words(invitation)
            )
            return redirect("portal:dashboard")
    return render(
        request, "portal/invitation_accept_existing.html", {"invitation": invitation, "token": token}
    )


@login_required
@require_fresh_second_factor
def membership_revoke(request, pk: int):
    membership = permissions.get_membership_for(request, pk)
    form = forms.RevokeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_membership(membership=membership, by=request.user, note=form.cleaned_data["note"])
        except PortalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("役割を解除しました。"))
            return redirect("portal:member-list")
    return render(request, "portal/membership_revoke.html", {"membership": membership, "form": form})


@login_required
def population_import(request):
    form = forms.PopulationUploadForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        prefectures=permissions.get_importable_prefectures_for(request),
        allow_national=request.user.is_superuser,
    )
    if request.method == "POST" and form.is_valid():
        try:
            preview = services.preview_population_import(by=request.user, **form.upload())
        except PortalError as error:
            form.add_error("file", str(error))
        else:
            return redirect("portal:population-import-detail", pk=preview.pk)
    recent = PopulationImport.objects.visible_to(request.user).for_list_page()[:10]
    return render(request, "portal/population_import.html", {"form": form, "recent": recent})


@login_required
def population_import_detail(request, pk: int):
    preview = permissions.get_import_for(request, pk)
    # A national file has ~1,900 rows and a bad one can have tens of thousands: one page at a time.
    page = Paginator(preview.rows_errors_first(), 100).get_page(request.GET.get("page"))
    context = {"preview": preview, "page": page, "rows": preview.display_rows(page.object_list)}
    return render(request, "portal/population_import_detail.html", context)


@require_POST
@login_required
def population_import_apply(request, pk: int):
    preview = permissions.get_import_for(request, pk)
    action = request.POST.get("action")
    try:
        if action == "discard":
            services.discard_population_import(population_import=preview, by=request.user)
            messages.success(request, _("取込を破棄しました。"))
            return redirect("portal:population-import")
        count = services.apply_population_import(population_import=preview, by=request.user)
        messages.success(request, _("%(count)d団体の人口を取り込みました。") % {"count": count})
    except PortalError as error:
        messages.error(request, str(error))
    return redirect("portal:population-import-detail", pk=pk)


@login_required
def audit_log(request):
    if not permissions.can_view_audit_log(request.user):
        raise PermissionDenied
    filterset = AuditEventFilter(
        request.GET, queryset=permissions.audit_events_for(request.user).for_list_page()
    )
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "portal/audit_log.html", {"filter": filterset, "page": page})


@require_GET
def healthz(request):
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(value in ("ok", "eager") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # any driver error means the database is not usable
        return "error"


def _check_broker() -> str:
    if not settings.REDIS_URL:
        return "eager"
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
        return "ok"
    except Exception:  # connection refused, timeout, auth: all mean the broker is unavailable
        return "error"


def _posted(request):
    """The submitted data for a form on POST (even an empty submission), None on GET."""
    return request.POST if request.method == "POST" else None


@login_required
def inbox(request):
    notifications = Notification.objects.for_user(request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    days: dict = {}
    for notification in page:
        days.setdefault(timezone.localtime(notification.created_at).date(), []).append(notification)
    return render(request, "portal/inbox.html", {"page": page, "days": days.items()})


@login_required
def notification_open(request, pk: int):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.mark_notifications_read(user=request.user, ids=[notification.pk])
    # The target's own view still checks what this user may see.
    return redirect(notification.url or "portal:inbox")


@require_POST
@login_required
def notification_read(request, pk: int):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.mark_notifications_read(user=request.user, ids=[notification.pk])
    return redirect("portal:inbox")


@require_POST
@login_required
def notifications_read_all(request):
    count = services.mark_notifications_read(user=request.user)
    messages.success(request, _("%(count)d件の通知を既読にしました。") % {"count": count})
    return redirect("portal:inbox")


@login_required
def notification_preferences(request):
    form = forms.NotificationPreferencesForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_notification_preferences(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("通知の受け取り方を保存しました。"))
        return redirect("portal:notification-preferences")
    return render(request, "portal/notification_preferences.html", {"form": form})
