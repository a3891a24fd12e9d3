"""Authentication backends whose per-request user lookup goes through portal.auth_cache."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from portal import auth_cache


class CachedUserMixin:
    def get_user(self, user_id):
        user = auth_cache.load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class PortalModelBackend(CachedUserMixin, ModelBackend):
    """Django's ModelBackend (sign-in by e-mail and password) with the cached user."""


class PortalAllauthBackend(CachedUserMixin, AuthenticationBackend):
    """allauth's backend (the sign-in form, passkeys) with the cached user."""
