"""The tests' TOTP helper never hands out a code the server would check in another step."""

from portal.mfa import hotp
from tests import second_factor
from tests.second_factor import fresh_totp_code

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


def test_hotp_gives_the_rfc_4226_test_values():
    rfc_secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of ASCII "12345678901234567890"
    expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583"]
    assert [hotp(rfc_secret, counter) for counter in range(8)] == expected


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
