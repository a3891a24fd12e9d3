"""Request-wide context: the client address for audit, the active role, and the MFA requirement."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.audit import current_ip

ACTIVE_ROLE_SESSION_KEY = "portal_active_membership"


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


def client_ip(request) -> str | None:
    """The client address; behind our own reverse proxy, the hop that proxy appended last."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.headers.get("x-forwarded-for", "")
        # Only the rightmost entry was written by the trusted proxy; earlier ones are client-supplied.
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR") or None


class ActiveRoleMiddleware:
    """Sets request.active_membership: the role the user chose to act in (first one by default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.active_membership = None
        if request.user.is_authenticated:
            memberships = request.user.role_memberships
            chosen = request.session.get(ACTIVE_ROLE_SESSION_KEY)
            request.active_membership = next(
                (m for m in memberships if m.pk == chosen), memberships[0] if memberships else None
            )
        return self.get_response(request)


class RequireMFAMiddleware:
    """Users whose roles approve, coordinate or publish must enrol a second factor before acting."""

    EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/invitations/accept/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and user.needs_mfa
            and not _has_mfa(user)
        ):
            messages.warning(
                request,
                _("この役割で操作するには二要素認証の設定が必要です。認証アプリを登録してください。"),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
