"""django-allauth adapters: invitations only (no open sign-up); allauth's mail goes through the outbox."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation
from django.utils.translation import gettext


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        from django.urls import reverse

        return reverse("portal:dashboard")

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's mail in the recipient's language and leave it in the outbox.

        A worker sends it after commit, so an SMTP outage never slows or breaks the page that asked.
        """
        from portal.notifications import queue_account_mail

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        with translation.override(self._recipient_language(email, context)):
            message = self.render_mail(template_prefix, email, ctx)
        queue_account_mail(template=template_prefix, message=message)

    def format_email_subject(self, subject: str) -> str:
        return f"{gettext('[地域DX推進ポータル]')} {subject}"

    @staticmethod
    def _recipient_language(email: str, context: dict) -> str:
        """The language the account chose; for an address without an account, the page's language."""
        from portal.models import User

        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        return user.language if user is not None else translation.get_language() or settings.LANGUAGE_CODE


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        return settings.MFA_TOTP_ISSUER
