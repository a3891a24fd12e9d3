"""django-allauth's signals: security events audited and mailed at once; second factors passed."""

from allauth.account.signals import (
    authentication_step_completed,
    password_changed,
    password_reset,
    password_set,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.dispatch import receiver

from portal import second_factor, services


@receiver(authentication_step_completed)
def _authentication_step_completed(sender, request, method, user=None, **kwargs):
    if method == "mfa" and request is not None and user is not None:
        second_factor.mark_passed(request, user)


@receiver(authenticator_added)
def _authenticator_added(sender, request, user, authenticator, **kwargs):
    services.record_security_change(user=user, change="mfa_added", detail=authenticator.type)
    if request is not None and authenticator.type in (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN):
        second_factor.mark_passed(request, user)  # enrolling with a valid code proves holding the factor


@receiver(authenticator_removed)
def _authenticator_removed(sender, request, user, authenticator, **kwargs):
    services.record_security_change(user=user, change="mfa_removed", detail=authenticator.type)


@receiver(authenticator_reset)
def _authenticator_reset(sender, request, user, authenticator, **kwargs):
    services.record_security_change(user=user, change="recovery_codes", detail=authenticator.type)


@receiver(password_changed)
@receiver(password_set)
@receiver(password_reset)
def _password_changed(sender, request, user, **kwargs):
    services.record_security_change(user=user, change="password")
