"""Notification categories and events of the portal spine (apps register theirs in their own module)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import permissions
from portal.models import Organisation, Role, User
from portal.notifications import Category, Event, register_category, register_event

register_category(Category("account", _("アカウントとセキュリティ"), always_immediate=True))
register_category(Category("membership", _("利用者と役割")))
register_category(Category("data", _("データの取込")))

register_event(
    Event(
        "membership.granted",
        "account",
        may_receive=lambda user, membership: membership.user_id == user.pk,
        url=lambda membership: reverse("portal:dashboard"),
    )
)
register_event(
    Event(
        "invitation.sent",
        "membership",
        may_receive=lambda user, invitation: permissions.can_manage_members(user, invitation.organisation),
        url=lambda invitation: reverse("portal:member-list"),
    )
)
register_event(
    Event(
        "invitation.accepted",
        "membership",
        may_receive=lambda user, invitation: permissions.can_manage_members(user, invitation.organisation),
        url=lambda invitation: reverse("portal:member-list"),
    )
)
register_event(
    Event(
        "population.imported",
        "data",
        may_receive=lambda user, population_import: population_import.is_visible_to(user),
        url=lambda population_import: reverse("portal:population-import-detail", args=[population_import.pk]),
    )
)


def managers_of(organisation: Organisation) -> list[User]:
    """The people who manage an organisation's members: its prefecture's coordinators, or the secretariat."""
    if organisation.is_council:
        role, scope = Role.COUNCIL_SECRETARIAT, organisation
    else:
        role, scope = Role.PREFECTURE_COORDINATOR, organisation.governing_prefecture
    if scope is None:
        return []
    return list(User.objects.filter(memberships__role=role, memberships__organisation=scope, is_active=True))


register_event(
    Event(
        "account.security_changed",
        "account",
        may_receive=lambda user, account: account.pk == user.pk,
        url=lambda account: reverse("mfa_index"),
    )
)
register_event(
    Event(
        "account.admin_rights_changed",
        "account",
        # Site admins hear of every grant or removal; the person hears of their own.
        may_receive=lambda user, account: user.is_superuser or account.pk == user.pk,
        url=lambda account: reverse("admin:portal_user_change", args=[account.pk]),
    )
)
