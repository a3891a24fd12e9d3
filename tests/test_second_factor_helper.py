"""The tests' TOTP helper never hands out a code the server would check in another step."""

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests import second_factor
from tests.second_factor import fresh_totp_code, hotp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class FakeClock:
    def __init__(self, now: float):
        self.now = now
        self.slept = 0.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.now += seconds


def test_hotp_matches_what_allauth_accepts():
    for counter in (0, 1, 59_000_000, 59_123_456):
        assert hotp(SECRET, counter) == format_hotp_value(hotp_value(SECRET, counter))


def test_a_code_near_the_end_of_its_step_waits_for_the_next_step(monkeypatch):
    clock = FakeClock(30 * 1000 + 27.5)  # 2.5 s left in step 1000
    monkeypatch.setattr(second_factor, "time", clock)
    assert fresh_totp_code(SECRET, who="a") == hotp(SECRET, 1001)
    assert 2.5 <= clock.slept < 3


def test_a_code_with_time_to_spare_is_given_at_once(monkeypatch):
    clock = FakeClock(30 * 1000 + 3)
    monkeypatch.setattr(second_factor, "time", clock)
    assert fresh_totp_code(SECRET, who="a") == hotp(SECRET, 1000)
    assert clock.slept == 0


def test_a_code_already_spent_in_this_step_waits_for_the_next(monkeypatch):
    clock = FakeClock(30 * 1000 + 3)
    monkeypatch.setattr(second_factor, "time", clock)
    fresh_totp_code(SECRET, who="a")
    assert fresh_totp_code(SECRET, who="a") == hotp(SECRET, 1001)
    assert fresh_totp_code(SECRET, who="b") == hotp(SECRET, 1001)  # another user's code is not spent
