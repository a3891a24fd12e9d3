"""The one way a status changes: `move_to`, along the moves a model declares in MOVES."""

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
