"""allauth's English words, overridden so one vocabulary runs through the portal.

allauth writes "Sign In / Sign Out" in title case; the portal says "Log in / Log out" in sentence
case. Our locale/en catalogue comes first in LOCALE_PATHS, so an entry there with allauth's msgid
wins over allauth's own catalogue. The msgids are listed here so that makemessages keeps them; the
English wording is in locale/en/LC_MESSAGES/django.po. Japanese is untouched (allauth's ja catalogue
already says ログイン／ログアウト).
"""

from django.utils.translation import gettext_noop

ALLAUTH_MSGIDS = [
    gettext_noop("Sign In"),
    gettext_noop("Sign Out"),
    gettext_noop("Sign Up"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You have signed out."),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("Send me a sign-in code"),
    gettext_noop("Sign in with a passkey"),
    gettext_noop("Other sign-in options"),
    gettext_noop("Enter Sign-In Code"),
    gettext_noop("Forgot your password?"),
    gettext_noop("Remember Me"),
    gettext_noop("Account Inactive"),
    gettext_noop("Activate Authenticator App"),
    gettext_noop("Deactivate Authenticator App"),
    gettext_noop("Authenticator App"),
    gettext_noop("Add Email"),
    gettext_noop("Add Email Address"),
    gettext_noop("Email Address"),
    gettext_noop("Email Addresses"),
    gettext_noop("Change Email"),
    gettext_noop("Confirm Email Address"),
    gettext_noop("Verify Your Email Address"),
    gettext_noop("Email Verification"),
    gettext_noop("Enter Email Verification Code"),
    gettext_noop("Make Primary"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Add Security Key"),
    gettext_noop("Edit Security Key"),
    gettext_noop("Remove Security Key"),
    gettext_noop("Security Keys"),
    gettext_noop("Create Passkey"),
    gettext_noop("Change Password"),
    gettext_noop("Set Password"),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Password Reset"),
    gettext_noop("Reset My Password"),
    gettext_noop("Enter Password Reset Code"),
    gettext_noop("Confirm Access"),
    gettext_noop("Recovery Codes"),
    gettext_noop("Two-Factor Authentication"),
    gettext_noop("Bad Token"),
    gettext_noop("Request Code"),
]
