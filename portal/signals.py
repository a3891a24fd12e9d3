"""Account security events raised by django-allauth, turned into audited, immediate notifications."""

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.dispatch import receiver

from portal import services


@receiver(authenticator_added)
def _authenticator_added(sender, request, user, authenticator, **kwargs):
    services.record_security_change(user=user, change="mfa_added", detail=authenticator.type)


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
