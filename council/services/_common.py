"""What every council service shares: the permission check, the audience rule, who sits on a body."""

from __future__ import annotations

from django.utils.translation import gettext as _

from council import permissions
from council.models import (
    Audience,
    Body,
    CouncilError,
    Meeting,
)
from portal.models import Role, User
from portal.workflow import require

NOT_ALLOWED = _("この操作を行う権限がありません。")


def require_manager(by: User, body: Body) -> None:
    require(permissions.can_manage_body(by, body), NOT_ALLOWED, CouncilError)


def check_audience(audience: str, reason: str) -> None:
    if audience != Audience.PUBLIC and not reason.strip():
        raise CouncilError(_("一般公開しない場合は、非公開の理由を入力してください。"))


def seat_holders(body: Body) -> list[User]:
    """The portal users who hold a seat on a body."""
    return list(User.objects.filter(council_seats__body=body, is_active=True).distinct())


def require_editable(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise CouncilError(_("中止した会議は変更できません。"))


def other_secretariat(council, *, besides: User) -> list[User]:
    """The council's secretariat members other than `besides`: who may approve what they asked."""
    return list(
        User.objects.filter(
            memberships__role=Role.COUNCIL_SECRETARIAT, memberships__organisation=council, is_active=True
        )
        .exclude(pk=besides.pk)
        .distinct()
    )
