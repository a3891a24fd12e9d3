"""Request-wide rules: client address for audit, active role, second factor, session lifetime, bad input."""

import time
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from portal import second_factor
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
    """People whose roles approve, coordinate or publish act only in a session that passed a second factor.

    Being enrolled is not enough: whatever door the session came in by (the sign-in page, the admin
    site, a password reset, an invitation), until this session itself has given a TOTP code, a
    recovery code or a passkey, it may only enrol one, give one, or sign out.
    """

    ALWAYS_OPEN = ("/static/", "/healthz", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            not user.is_authenticated
            or request.path.startswith(self.ALWAYS_OPEN)
            or not user.needs_mfa
            or second_factor.passed_in_session(request)
        ):
            return self.get_response(request)
        match = request.resolver_match or _resolve(request.path_info)
        url_name = match.url_name if match else None
        if not second_factor.enrolled(user):
            if url_name in second_factor.ENROLMENT_VIEWS:
                return self.get_response(request)
            messages.warning(
                request,
                _("この役割で操作するには二要素認証の設定が必要です。認証アプリを登録してください。"),
            )
            return redirect(reverse("mfa_activate_totp"))
        if url_name in second_factor.CHALLENGE_VIEWS:
            return self.get_response(request)
        messages.warning(request, _("この役割で操作するには、認証コードの入力が必要です。"))
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': _next_url(request)})}")


def _resolve(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None


def _next_url(request) -> str:
    """Where to return after the challenge: the page asked for, or the dashboard after a POST."""
    return request.get_full_path() if request.method == "GET" else reverse("portal:dashboard")


class SessionPolicyMiddleware:
    """Idle and absolute session lifetimes, and no caching of anything shown to a signed-in person.

    The session cookie and row expire SESSION_COOKIE_AGE after they were last saved; touching the
    session at most once a minute keeps an active session alive without a write per request. A
    session of someone whose roles need a second factor ends SESSION_PRIVILEGED_MAX_AGE after sign-in.
    """

    TOUCH_EVERY = 60
    STARTED = "portal_session_started"
    TOUCHED = "portal_session_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(self.STARTED, now)
            if user.needs_mfa and now - started > settings.SESSION_PRIVILEGED_MAX_AGE:
                logout(request)
                messages.info(
                    request,
                    _("安全のため、一定時間が経過したのでログアウトしました。もう一度ログインしてください。"),
                )
                return redirect(f"{reverse('account_login')}?{urlencode({'next': _next_url(request)})}")
            if now - request.session.get(self.TOUCHED, 0) >= self.TOUCH_EVERY:
                request.session[self.TOUCHED] = now
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class RejectMalformedInputMiddleware:
    """Refuse, before any view or the database sees them, requests no form could make.

    A body larger than MAX_REQUEST_BYTES is refused from its Content-Length without reading it (413).
    A NUL character in the path or the query string is refused (400): PostgreSQL cannot store it
    in text and the database driver raises, which would otherwise surface as a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from portal import errors

        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            return errors.bad_request(request, None)
        if length > settings.MAX_REQUEST_BYTES:
            return errors.payload_too_large(request)
        if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            return errors.bad_request(request, None)
        return self.get_response(request)
