"""Second factors as the portal uses them outside allauth's own pages, through allauth's public
parts only (its models, `allauth.mfa.utils.encrypt`, `allauth.account.authentication`).

- `enrol_totp`: the demo and the tests enrol a known secret.
- `hotp` / `current_totp`: RFC 4226/6238 codes, for `manage.py demo_totp` and the tests.
- `record_fresh_password`: after an invitee sets their password, count it as a fresh sign-in so the
  enrolment that follows does not ask for the password they typed a second ago.
"""

from __future__ import annotations

import base64
import hmac
import struct
import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt

# allauth reads its authentication records only for the user they were written for, under this key.
# If a later allauth renames it, the records are ignored and the invitee is asked for their password
# once more before enrolling: a small inconvenience, never a way around a check.
_RECORDS_USER_KEY = "account_authentication_methods_user"


def enrol_totp(user, secret: str) -> Authenticator:
    """Enrol a TOTP authenticator with a known secret (demo and tests), unless one exists."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)}
    )


def hotp(secret: str, counter: int, digits: int | None = None) -> str:
    """RFC 4226 HOTP of a base32 secret; TOTP is HOTP of the current step."""
    digits = digits or app_settings.TOTP_DIGITS
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), "sha1").digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{value:0{digits}d}"


def current_totp(secret: str) -> str:
    return hotp(secret, int(time.time() // app_settings.TOTP_PERIOD))


def record_fresh_password(request, user) -> None:
    """Record in the session that this user has just given their password (a reauthentication)."""
    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    if request.session.get(_RECORDS_USER_KEY) != str(user.pk) or not isinstance(records, list):
        records = []
    records.append({"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True})
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    request.session[_RECORDS_USER_KEY] = str(user.pk)
