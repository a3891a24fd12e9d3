"""factory-boy factories for the spine's models (organisations come from the real reference data)."""

import time

import factory
from allauth.account.models import EmailAddress

from portal.mfa import enrol_totp
from portal.models import Invitation, Membership, Organisation, Role, User

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # test-only secret
PASSWORD = "correct-horse-battery-staple-2026"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified primary address; `mfa=True` enrols TOTP with the test secret."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@portal.test")
    full_name = factory.LazyAttribute(lambda o: o.email.split("@")[0])
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        if create and extracted:
            enrol_totp(self, TOTP_SECRET)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(lg_code="345458"))
    role = Role.MUNICIPAL_STAFF


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation; its raw token is on `.token` after creation."""

    class Meta:
        model = Invitation
        exclude = ["token"]

    email = factory.Sequence(lambda n: f"invitee{n}@portal.test")
    full_name = "招待 者"
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(lg_code="345458"))
    role = Role.MUNICIPAL_STAFF
    invited_by = factory.SubFactory(UserFactory)
    token = factory.LazyFunction(Invitation.new_token)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        invitation = model_class(*args, **kwargs)
        token = invitation.issue_token()
        invitation.save()
        invitation.token = token
        return invitation


def sign_in(client, user, *, second_factor: bool = True) -> None:
    """Sign `user` in on a Django test client, as if they had given their password and, when they
    have one enrolled and `second_factor` is left on, their second factor in this session (the
    portal checks what this session passed, not only what the user enrolled)."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.models import Authenticator

    from portal import second_factor as portal_second_factor

    client.force_login(user)
    session = client.session
    now = time.time()
    records = [{"method": "password", "at": now, "email": user.email}]
    if second_factor and Authenticator.objects.filter(user=user).exists():
        records.append({"method": "mfa", "at": now, "type": "totp"})
        session[portal_second_factor.SESSION_KEY] = {"user": str(user.pk), "at": now}
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    # allauth reads the records only for the user they were written for.
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
