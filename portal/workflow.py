"""The one way a status changes (`move_to`, along the moves a model declares in MOVES), and the
segregation-of-duties rules every approval and role grant follows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError


class Workflow:
    """Mixin for models with a `status` field, a `Status` enum and a MOVES table.

    A model names its exception type and wording, and may add rules in `check_move`.
    """

    MOVES: dict = {}
    move_error: type[Exception] = PortalError
    refused_move_message = _("「%(from)s」から「%(to)s」には変更できません。")

    def check_move(self, status: str) -> None:
        """Rules beyond the MOVES table; raise `move_error` to refuse."""

    def move_to(self, status: str) -> None:
        """Change status in memory; raise `move_error` if the move is not allowed."""
        if status not in self.MOVES.get(self.status, ()):
            raise self.move_error(
                self.refused_move_message
                % {"from": self.get_status_display(), "to": self.Status(status).label}
            )
        self.check_move(status)
        self.status = status


def require_another_person(*, acted_by, by, error: type[Exception] = PortalError, message=None) -> None:
    """Segregation of duties: whoever submitted something for approval may not approve or return it.

    Every approving step (job descriptions now; dispatch, procurement and council approvals later)
    calls this with the person recorded as having submitted it.
    """
    if acted_by is not None and by is not None and acted_by.pk == by.pk:
        raise error(
            message or _("ご自身が承認を依頼したものは承認できません。別の承認者による承認が必要です。")
        )


def is_another_person(acted_by, by) -> bool:
    """The same rule as a predicate, for permissions and templates."""
    return acted_by is None or by is None or acted_by.pk != by.pk


def require_not_self_grant(*, email: str, by, error: type[Exception] = PortalError) -> None:
    """Nobody grants a role to themself: not by inviting their own address, not by accepting
    an invitation they issued."""
    if by is not None and by.is_authenticated and email.strip().lower() == (by.email or "").lower():
        raise error(_("ご自身に役割を付与することはできません。別の管理者に依頼してください。"))
