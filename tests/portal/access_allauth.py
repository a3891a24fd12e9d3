"""Access rows for django-allauth's pages (sign-in, account, MFA), part of the access matrix."""

from tests.conftest import CAST

LOGIN = "login"
WITH_MFA = (
    "approver",
    "coordinator",
    "other_coordinator",
    "prefecture_approver",
    "secretariat",
    "admin_user",
)


def _rows(anonymous, signed_in, **special):
    return {**dict.fromkeys(CAST, signed_in), "anonymous": anonymous, **special}


PUBLIC = _rows(200, 200)
SIGN_IN_PAGES = _rows(200, 302)  # a signed-in person is sent to the dashboard
ACCOUNT_PAGES = _rows(LOGIN, 200)
FLOW_STEPS = _rows(LOGIN, 302)  # reauthentication or a step of a flow not begun
BOGUS = {"key": "bogus"}

ALLAUTH_TABLE = {
    "account_login": (SIGN_IN_PAGES, None),
    "account_signup": (SIGN_IN_PAGES, None),  # answers "sign-up is closed"; see test_invitations
    "account_logout": (_rows(302, 200), None),
    "account_inactive": (PUBLIC, None),
    "account_email_verification_sent": (PUBLIC, None),
    "account_confirm_email": (PUBLIC, BOGUS),
    "account_reset_password": (PUBLIC, None),
    "account_reset_password_done": (PUBLIC, None),
    "account_reset_password_from_key": (PUBLIC, {"uidb36": "1", "key": "bogus"}),
    "account_reset_password_from_key_done": (PUBLIC, None),
    "account_email": (ACCOUNT_PAGES, None),
    "account_change_password": (ACCOUNT_PAGES, None),
    "account_reauthenticate": (ACCOUNT_PAGES, None),
    "account_request_reauthentication_code": (ACCOUNT_PAGES, None),
    "account_confirm_reauthentication_code": (FLOW_STEPS, None),
    "account_confirm_login_code": (FLOW_STEPS, None),
    "account_set_password": (FLOW_STEPS, None),
    "mfa_index": (ACCOUNT_PAGES, None),
    "mfa_list_webauthn": (ACCOUNT_PAGES, None),
    "mfa_authenticate": (FLOW_STEPS, None),
    "mfa_login_webauthn": (FLOW_STEPS, None),
    "mfa_activate_totp": (FLOW_STEPS, None),
    "mfa_add_webauthn": (FLOW_STEPS, None),
    "mfa_edit_webauthn": (FLOW_STEPS, {"pk": 999}),
    "mfa_remove_webauthn": (FLOW_STEPS, {"pk": 999}),
    "mfa_generate_recovery_codes": (FLOW_STEPS, None),
    "mfa_reauthenticate_webauthn": (FLOW_STEPS, None),
    "mfa_reauthenticate": (_rows(LOGIN, 302, **dict.fromkeys(WITH_MFA, 200)), None),
    "mfa_deactivate_totp": (_rows(LOGIN, 404, **dict.fromkeys(WITH_MFA, 302)), None),
    "mfa_view_recovery_codes": (_rows(LOGIN, 404), None),
    "mfa_download_recovery_codes": (_rows(LOGIN, 404), None),
}
