import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from portal import services
from portal.exceptions import PortalError
from portal.models import AuditEvent, Invitation, Membership, Role, User
from tests.conftest import HIROSHIMA, JINSEKI, SHINJO, org
from tests.portal.factories import sign_in


def invite(by, *, lg_code=JINSEKI, role=Role.MUNICIPAL_STAFF, email="new@jinseki.test", **extra):
    return services.invite_person(
        organisation=org(lg_code), role=role, email=email, full_name="新人 職員", by=by, **extra
    )


def link_in(message) -> str:
    return re.search(r"http://\S+/invitations/accept/(\S+)/", message.body).group(0)


def test_an_invitation_is_mailed_once_after_commit(coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(coordinator)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@jinseki.test"]
    assert "神石高原町の市区町村職員として招待されました" in message.subject
    assert "/invitations/accept/" in message.body
    assert message.alternatives[0][1] == "text/html"
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None
    assert AuditEvent.objects.filter(verb="invitation.sent", actor=coordinator).count() == 1


def test_nothing_is_mailed_when_the_transaction_rolls_back(coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(coordinator)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_repeated_delivery_task_does_not_mail_twice(coordinator, django_capture_on_commit_callbacks):
    from portal.tasks import send_invitation_email

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(coordinator)
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    assert send_invitation_email(invitation.pk, token) is False
    assert len(mail.outbox) == 1


def test_the_email_is_in_the_language_chosen_for_it(coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator, language="en")
    assert "You have been invited" in mail.outbox[0].subject


def test_accepting_creates_a_verified_account_with_the_role_and_uses_up_the_link(
    client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator)
    url = link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"full_name": "新人 職員", "password1": "kousei-2026-Pass", "password2": "kousei-2026-Pass"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@jinseki.test")
    assert user.check_password("kousei-2026-Pass")
    assert EmailAddress.objects.get(user=user).verified
    assert user.has_role(Role.MUNICIPAL_STAFF, org(JINSEKI))
    assert client.get("/dashboard/").status_code == 200  # signed in
    client.logout()
    assert client.get(url).status_code == 410  # used once


def test_a_wrong_password_confirmation_keeps_what_was_typed(
    client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator)
    url = link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    response = client.post(
        url, {"full_name": "入力 保持", "password1": "kousei-2026-Pass", "password2": "other"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "確認用のパスワードが一致しません。" in body
    assert 'value="入力 保持"' in body
    assert not User.objects.filter(email="new@jinseki.test").exists()


def test_an_expired_invitation_cannot_be_used(client, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(coordinator)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    url = link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    response = client.post(
        url, {"full_name": "x", "password1": "kousei-2026-Pass", "password2": "kousei-2026-Pass"}
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="new@jinseki.test").exists()


def test_resending_kills_the_old_link(client, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(invitation=invitation, by=coordinator)
    assert len(mail.outbox) == 2
    old, new = (link_in(m).replace("http://127.0.0.1:8000", "") for m in mail.outbox)
    assert old != new
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200


def test_a_coordinator_cannot_invite_into_another_prefecture(coordinator):
    with pytest.raises(PortalError):
        invite(coordinator, lg_code=SHINJO)


def test_roles_must_fit_the_kind_of_organisation(coordinator):
    with pytest.raises(PortalError):
        invite(coordinator, lg_code=JINSEKI, role=Role.PREFECTURE_COORDINATOR)


def test_staff_cannot_invite_anyone(staff):
    with pytest.raises(PortalError):
        invite(staff)


def test_secretariat_invites_council_members_only(secretariat, council):
    invitation = services.invite_person(
        organisation=council,
        role=Role.COUNCIL_MEMBER,
        email="m@council.test",
        full_name="構成員",
        by=secretariat,
    )
    assert invitation.pk
    with pytest.raises(PortalError):
        invite(secretariat)


def test_the_invitation_form_rejects_an_organisation_outside_scope(client, coordinator):
    sign_in(client, coordinator)
    response = client.post(
        "/invitations/new/",
        {
            "organisation": org(SHINJO).pk,
            "role": Role.MUNICIPAL_STAFF,
            "full_name": "外部",
            "email": "x@shinjo.test",
            "language": "ja",
        },
    )
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_existing_user_accepts_a_second_role_while_signed_in(
    client, coordinator, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator, email=staff.email, role=Role.MUNICIPAL_APPROVER)
    url = link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    assert client.get(url).status_code == 302  # asked to sign in first
    sign_in(client, staff)
    assert client.post(url).status_code == 302
    assert Membership.objects.filter(user=staff, role=Role.MUNICIPAL_APPROVER).exists()


def test_someone_else_signed_in_cannot_take_the_invitation(
    client, coordinator, talent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator, lg_code=HIROSHIMA, role=Role.TALENT, email="someone@else.test")
    url = link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    sign_in(client, talent)
    client.post(url)
    assert not Membership.objects.filter(role=Role.TALENT, user__email="someone@else.test").exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_nobody_can_sign_up_without_an_invitation(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "self@signup.test", "password1": "kousei-2026-Pass", "password2": "kousei-2026-Pass"},
    )
    assert not User.objects.filter(email="self@signup.test").exists()
    assert response.status_code in (200, 403)


@pytest.mark.parametrize("email", ["coord@hiroshima.test", " COORD@Hiroshima.test "])
def test_nobody_can_invite_themself_into_a_role(coordinator, email):
    with pytest.raises(PortalError, match="ご自身に役割を付与することはできません"):
        invite(coordinator, role=Role.MUNICIPAL_APPROVER, email=email)
    assert not Invitation.objects.exists()


def test_the_invitation_form_refuses_the_inviters_own_address_and_keeps_what_was_typed(client, coordinator):
    sign_in(client, coordinator)
    response = client.post(
        "/invitations/new/",
        {
            "organisation": org(JINSEKI).pk,
            "role": Role.MUNICIPAL_APPROVER,
            "full_name": "自分 自身",
            "email": coordinator.email,
            "language": "ja",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ご自身に役割を付与することはできません" in page
    assert "自分 自身" in page


def test_the_inviter_cannot_accept_their_own_invitation(coordinator, staff):
    invitation = invite(coordinator, role=Role.MUNICIPAL_APPROVER, email=staff.email)
    with pytest.raises(PortalError, match="ご自身が発行した招待"):
        services.accept_invitation(invitation=invitation, user=coordinator)
    assert not Membership.objects.filter(user=coordinator, role=Role.MUNICIPAL_APPROVER).exists()
