"""How the spine registers its own parts, as every app does in its events.py: audit verbs,
notification categories and events, and dashboard sections. Imported from PortalConfig.ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import permissions
from portal.dashboard import spine_sections
from portal.models import Organisation, Role, User
from portal.registry import (
    Category,
    Event,
    register_category,
    register_dashboard,
    register_event,
    register_verb,
)

for _verb, _label in {
    "invitation.sent": pgettext_lazy("audit", "招待を送信"),
    "invitation.resent": pgettext_lazy("audit", "招待を再送"),
    "invitation.accepted": pgettext_lazy("audit", "招待を承諾"),
    "invitation.revoked": pgettext_lazy("audit", "招待を取消し"),
    "membership.granted": pgettext_lazy("audit", "役割を付与"),
    "membership.revoked": pgettext_lazy("audit", "役割を解除"),
    "organisation.dx_staff_updated": pgettext_lazy("audit", "DX・情報担当職員数を更新"),
    "framework.updated": pgettext_lazy("audit", "体制の情報を更新"),
    "framework.status_changed": pgettext_lazy("audit", "体制の状況を変更"),
    "framework.member_joined": pgettext_lazy("audit", "参加団体を追加"),
    "framework.member_left": pgettext_lazy("audit", "参加団体の脱退を記録"),
    "population.previewed": pgettext_lazy("audit", "人口ファイルを確認"),
    "population.applied": pgettext_lazy("audit", "人口を取込み"),
    "population.discarded": pgettext_lazy("audit", "人口取込を破棄"),
    "population.rejected": pgettext_lazy("audit", "エラーのある人口ファイルを却下"),
    "account.security_changed": pgettext_lazy("audit", "セキュリティ設定を変更"),
    # Written by the Django admin before it was audited like every other door; kept for their labels.
    "organisation.created": pgettext_lazy("audit", "団体を登録"),
    "organisation.renamed": pgettext_lazy("audit", "団体名を更新"),
    "admin.added": pgettext_lazy("audit", "管理画面で登録"),
    "admin.changed": pgettext_lazy("audit", "管理画面で変更"),
    "admin.deleted": pgettext_lazy("audit", "管理画面で削除"),
    "admin.password_changed": pgettext_lazy("audit", "管理画面でパスワードを変更"),
}.items():
    register_verb(_verb, _label)

register_dashboard(spine_sections)

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
