import pytest

from portal.models import Role
from tests.conftest import JINSEKI, make_user, org
from tests.portal.factories import sign_in


@pytest.mark.parametrize("role", [Role.MUNICIPAL_APPROVER])
def test_an_approver_without_a_second_factor_is_sent_to_enrol(client, reference_data, role):
    user = make_user("nomfa@jinseki.test", role=role, organisation=org(JINSEKI))
    sign_in(client, user)
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/"


def test_a_coordinator_without_a_second_factor_cannot_open_member_pages(client, reference_data):
    user = make_user("nomfa@hiroshima.test", role=Role.PREFECTURE_COORDINATOR, organisation=org("340006"))
    sign_in(client, user)
    assert client.get("/members/").url == "/accounts/2fa/totp/activate/"
    assert client.post("/invitations/new/", {}).url == "/accounts/2fa/totp/activate/"


def test_staff_need_no_second_factor(client, staff):
    sign_in(client, staff)
    assert client.get("/dashboard/").status_code == 200


def test_enrolled_coordinators_act_normally(client, coordinator):
    sign_in(client, coordinator)
    assert client.get("/members/").status_code == 200


def test_password_login_of_an_enrolled_user_asks_for_the_code(client, coordinator):
    response = client.post(
        "/accounts/login/", {"login": coordinator.email, "password": "correct-horse-battery-staple-2026"}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get("/dashboard/").status_code == 302  # not signed in until the code is given
