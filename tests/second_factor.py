"""Passing the second factor in tests without racing the 30-second TOTP step.

A code computed a moment before a step boundary is checked by the server in the next step and
refused (allauth allows no tolerance), and a code is refused a second time within its step. So the
code is computed immediately before it is submitted, and when too little of its step is left, or
this user already spent the current step's code, the helper waits for the clock to reach the next
step boundary: a known instant, not a sleep for luck.
"""

from __future__ import annotations

import time

from allauth.mfa import app_settings

from portal.mfa import hotp

# Seconds of the step that must be left after the code is computed: time to type it, submit it and
# have the server check it, on a loaded 2-core CI machine.
MARGIN = 6.0

_spent: set[tuple[str, int]] = set()


def forget_spent_codes() -> None:
    """Called between tests: allauth's record of spent codes lives in the cache, which tests clear."""
    _spent.clear()


def fresh_totp_code(secret: str, *, who: str = "") -> str:
    """A code the server will still accept once submitted, waiting for the next step if needed."""
    period = app_settings.TOTP_PERIOD
    while True:
        now = time.time()
        counter = int(now // period)
        left = period - now % period
        if left >= MARGIN and (who, counter) not in _spent:
            _spent.add((who, counter))
            return hotp(secret, counter)
        time.sleep(left + 0.05)  # until the next step begins


def sign_in_with_second_factor(client, email: str, password: str, secret: str):
    """Sign in on a Django test client through allauth's real password and TOTP stages."""
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302 and response.url == "/accounts/2fa/authenticate/", (
        f"password stage for {email}: {response.status_code} {response.get('Location', '')}"
    )
    response = client.post("/accounts/2fa/authenticate/", {"code": fresh_totp_code(secret, who=email)})
    assert response.status_code == 302, f"TOTP stage for {email} refused the code: {response.status_code}"
    return response
