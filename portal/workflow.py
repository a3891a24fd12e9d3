"""The one way a status changes (`move_to`, along the moves a model declares in MOVES), and the
segregation-of-duties rules every approval and role grant follows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError
from portal.labels import choice_label


@dataclass(frozen=True)
class Action:
    """A named move a person can make: 「承認を依頼する」, 「差し戻す」 (with a reason) …

    `allowed(user, obj)` is the permission function (from the app's permissions.py) that decides who
    may make it; transition() checks it, and templates list `obj.actions_for(user)` instead of
    restating rules.
    """

    source: str | None  # the status it starts from (None: any status whose MOVES allow `to`)
    to: str
    label: str
    # (user, obj) -> bool, or its dotted path ("talentpool.permissions.can_approve_job") so that
    # models can name permission functions that import them.
    allowed: Callable[[object, object], bool] | str
    needs_reason: bool = False
    primary: bool = False
    done_message: str = ""  # the confirmation after it, e.g. 「承認を依頼しました。」

    def is_allowed(self, user, obj) -> bool:
        check = import_string(self.allowed) if isinstance(self.allowed, str) else self.allowed
        return bool(user is not None and user.is_authenticated and check(user, obj))


class Workflow:
    """Mixin for models with a `status` field, a `Status` enum and a MOVES table.

    A model names its exception type and wording, and may add rules in `check_move`.
    """

    MOVES: dict = {}
    move_error: type[Exception] = PortalError
    refused_move_message = _("「%(from)s」から「%(to)s」には変更できません。")

    def check_move(self, status: str) -> None:
        """Rules beyond the MOVES table; raise `move_error` to refuse."""

    ACTIONS: tuple[Action, ...] = ()

    def action_to(self, status: str) -> Action | None:
        """The named action that moves this object from its current status to `status`."""
        for action in self.ACTIONS:
            if action.to == status and action.source in (None, self.status):
                return action
        return None

    def actions_for(self, user) -> list[Action]:
        """The moves this person may make now, in the model's order."""
        return [
            action
            for action in self.ACTIONS
            if action.source in (None, self.status)
            and action.to in self.MOVES.get(self.status, ())
            and action.is_allowed(user, self)
        ]

    def ensure_can_move(self, status: str) -> None:
        """Raise `move_error` if the model does not allow this move now (changes nothing)."""
        if status not in self.MOVES.get(self.status, ()):
            raise self.move_error(
                self.refused_move_message
                % {"from": choice_label(self, "status"), "to": self.Status(status).label}
            )
        self.check_move(status)

    def move_to(self, status: str) -> None:
        """Change status in memory; raise `move_error` if the move is not allowed. Services call
        transition(), which calls this on the locked row."""
        self.ensure_can_move(status)
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


def require(condition: bool, message, error: type[Exception] = PortalError) -> None:
    """Raise `error(message)` unless `condition`: services check permissions with this, not only views."""
    if not condition:
        raise error(message)


def transition(
    obj,
    *,
    to: str,
    by,
    verb: str,
    scope=None,
    note: str = "",
    data: dict | None = None,
    changes: dict | None = None,
    check_permission: bool = True,
):
    """The one way a status changes: lock the row, check who may make the move and that the model
    allows it, apply `changes`, save, and audit from → to with the actor, scope and note.

    Returns the locked, saved instance (use it, not the one passed in). Must run inside the
    service's transaction; notifications are the service's to send, after this returns.
    """
    from portal.audit import record

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition() must run inside a transaction (the service's @transaction.atomic)")
    model = type(obj)
    locked = model._default_manager.select_for_update().get(pk=obj.pk)
    action = locked.action_to(to)
    if check_permission and action is not None and not action.is_allowed(by, locked):
        raise locked.move_error(_("この操作を行う権限がありません。"))
    if action is not None and action.needs_reason and not note.strip():
        raise locked.move_error(_("理由を入力してください。"))
    previous = locked.status
    locked.move_to(to)
    fields = ["status"]
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
        fields.append(name)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        fields.append("updated_at")
    locked.save(update_fields=fields)
    record(
        locked,
        verb,
        actor=by,
        scope=scope,
        note=note,
        data={"from": previous, "to": to, **(data or {})},
    )
    return locked
