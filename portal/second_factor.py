"""Whether this session passed a second factor, and how recently.

allauth records each step a session completes; the portal keeps its own marker, set when a session
gives a TOTP code, a recovery code or a passkey (at sign-in or when asked again) and when a person
enrols a factor (which proves they hold it); the receivers are in portal/signals.py.
"""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_KEY = "portal_second_factor"

# What a session of someone who must use a second factor may open before it has passed one.
ENROLMENT_VIEWS = frozenset(
    {
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "account_reauthenticate",
        "account_logout",
        "account_login",
    }
)
CHALLENGE_VIEWS = frozenset(
    {
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
        "mfa_authenticate",
        "account_logout",
        "account_login",
    }
)


def mark_passed(request, user) -> None:
    """Remember that this session, for this user, has just given a second factor."""
    request.session[SESSION_KEY] = {"user": str(user.pk), "at": time.time()}


def passed_at(request) -> float | None:
    """When this session last gave a second factor for the signed-in user (None if never)."""
    marker = request.session.get(SESSION_KEY)
    if not isinstance(marker, dict) or marker.get("user") != str(request.user.pk):
        return None
    return marker.get("at")


def passed_in_session(request) -> bool:
    return passed_at(request) is not None


def is_fresh(request, *, within: int | None = None) -> bool:
    """Whether the second factor was given within `within` seconds (security-sensitive changes)."""
    at = passed_at(request)
    return at is not None and time.time() - at <= (within or settings.SECOND_FACTOR_FRESH_SECONDS)


def enrolled(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def require_fresh_second_factor(view):
    """Before a security-sensitive change (granting or removing roles), ask for the second factor
    again if it was given longer ago than SECOND_FACTOR_FRESH_SECONDS (ASVS 3.3.x / 4.3.x).

    Forms ask on GET, so nobody types a form only to be asked afterwards; a POST gets three times
    the window, since the form was opened with a fresh factor.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.needs_mfa and enrolled(user):
            window = settings.SECOND_FACTOR_FRESH_SECONDS * (3 if request.method == "POST" else 1)
            if not is_fresh(request, within=window):
                messages.info(request, _("重要な操作の前に、認証コードをもう一度入力してください。"))
                back = request.get_full_path() if request.method == "GET" else request.path
                return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': back})}")
        return view(request, *args, **kwargs)

    return wrapper
