import pytest

from portal import services
from portal.exceptions import PortalError
from portal.models import AuditEvent, Invitation, Membership, Organisation, Role
from tests.conftest import HIROSHIMA, JINSEKI, OKAYAMA, org
from tests.portal.factories import sign_in


def test_has_role_is_exact_to_the_organisation(coordinator, staff):
    assert coordinator.has_role(Role.PREFECTURE_COORDINATOR, org(HIROSHIMA))
    assert not coordinator.has_role(Role.PREFECTURE_COORDINATOR, org(OKAYAMA))
    assert staff.has_role(Role.MUNICIPAL_STAFF, org(JINSEKI))
    assert not staff.has_role(Role.MUNICIPAL_APPROVER, org(JINSEKI))


def test_one_user_may_hold_several_roles(staff, coordinator):
    services.grant_role(user=staff, organisation=org(JINSEKI), role=Role.MUNICIPAL_APPROVER, by=coordinator)
    staff.forget_roles()
    assert staff.has_role(Role.MUNICIPAL_STAFF, org(JINSEKI))
    assert staff.has_role(Role.MUNICIPAL_APPROVER, org(JINSEKI))


def test_managed_organisations_are_the_prefecture_and_its_municipalities(coordinator):
    managed = Organisation.objects.managed_by(coordinator)
    assert managed.filter(lg_code=HIROSHIMA).exists()
    assert managed.filter(lg_code=JINSEKI).exists()
    assert not managed.filter(lg_code=OKAYAMA).exists()
    assert not managed.filter(kind=Organisation.Kind.WARD).exists()
    assert (
        managed.count()
        == 1 + Organisation.objects.municipalities().filter(prefecture__lg_code=HIROSHIMA).count()
    )


def test_memberships_visible_to_a_coordinator_stop_at_the_prefecture(coordinator, staff, other_staff):
    visible = Membership.objects.visible_to(coordinator)
    assert visible.filter(user=staff).exists()
    assert not visible.filter(user=other_staff).exists()


def test_staff_see_only_their_own_memberships(staff, approver):
    assert list(Membership.objects.visible_to(staff)) == list(staff.memberships.all())


def test_revoking_a_role_is_audited_with_the_reason(client, coordinator, staff):
    membership = staff.memberships.get()
    sign_in(client, coordinator)
    response = client.post(f"/members/{membership.pk}/revoke/", {"note": "異動のため"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = AuditEvent.objects.get(verb="membership.revoked")
    assert event.note == "異動のため"
    assert event.data["user"] == staff.email


def test_a_coordinator_cannot_revoke_their_own_coordinator_role(coordinator):
    with pytest.raises(PortalError):
        services.revoke_membership(membership=coordinator.memberships.get(), by=coordinator)


def test_another_prefectures_coordinator_cannot_revoke(client, other_coordinator, staff):
    membership = staff.memberships.get()
    sign_in(client, other_coordinator)
    assert client.post(f"/members/{membership.pk}/revoke/").status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_switching_role_changes_the_acting_organisation(client, staff, coordinator):
    services.grant_role(user=staff, organisation=org(HIROSHIMA), role=Role.TALENT, by=coordinator)
    talent_membership = staff.memberships.get(role=Role.TALENT)
    sign_in(client, staff)
    client.post("/role/switch/", {"membership": talent_membership.pk})
    response = client.get("/dashboard/")
    assert response.wsgi_request.active_membership == talent_membership


def test_switching_to_someone_elses_membership_is_refused(client, staff, coordinator):
    sign_in(client, staff)
    client.post("/role/switch/", {"membership": coordinator.memberships.get().pk})
    response = client.get("/dashboard/")
    assert response.wsgi_request.active_membership.user == staff


def test_member_page_lists_pending_invitations_of_scope_only(client, coordinator, other_coordinator):
    services.invite_person(
        organisation=org(OKAYAMA),
        role=Role.TALENT,
        email="okayama@talent.test",
        full_name="岡山 人材",
        by=other_coordinator,
    )
    services.invite_person(
        organisation=org(HIROSHIMA),
        role=Role.TALENT,
        email="hiroshima@talent.test",
        full_name="広島 人材",
        by=coordinator,
    )
    sign_in(client, coordinator)
    body = client.get("/members/").content.decode()
    assert "hiroshima@talent.test" in body
    assert "okayama@talent.test" not in body
    assert Invitation.objects.count() == 2


def test_revoking_asks_for_confirmation_first(client, coordinator, other_coordinator, staff):
    membership = staff.memberships.get()
    sign_in(client, other_coordinator)
    assert client.get(f"/members/{membership.pk}/revoke/").status_code == 404
    sign_in(client, coordinator)
    page = client.get(f"/members/{membership.pk}/revoke/")
    assert page.status_code == 200
    assert staff.email in page.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
