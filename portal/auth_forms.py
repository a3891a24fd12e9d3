"""allauth's sign-in and second-factor forms, adjusted for keyboard and phone (ACCOUNT_FORMS, MFA_FORMS)."""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_forms
from django.utils.translation import gettext_lazy as _


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form without the reset link inside the password field's help: the page shows
    one reset link after the submit button, so Tab goes email → password → submit."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class AuthenticateForm(mfa_forms.AuthenticateForm):
    """The second-factor code: digits (TOTP and recovery codes alike), offered by the phone's keyboard
    and by one-time-code autofill."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("認証コード")
        self.fields["code"].help_text = _("認証アプリに表示される6桁の数字、またはリカバリーコード")
        self.fields["code"].widget.attrs = {
            "inputmode": "numeric",
            "autocomplete": "one-time-code",
            "autofocus": True,
            "spellcheck": "false",
        }
