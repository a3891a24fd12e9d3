"""What a meeting's parts share once the meeting is approved: a row added (or changed) after it
waits for another secretariat member's approval before it reaches an audience (material versions,
agenda items). Before the meeting's approval the meeting's own approval covers them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from council.models.audience import ApprovalFields, CouncilError
from portal.workflow import Action, Workflow


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("準備中")
    PENDING_APPROVAL = "pending_approval", _("承認待ち")
    APPROVED = "approved", _("承認済み")


def publication_actions(request: str, approve: str) -> tuple[Action, ...]:
    """Ask for publication (`request` may), approve or return it with a reason (`approve` may)."""
    Status = PublicationStatus
    return (
        Action(
            Status.DRAFT,
            Status.PENDING_APPROVAL,
            _("公開の承認を依頼する"),
            request,
            primary=True,
            done_message=_("公開の承認を依頼しました。別の事務局員が承認すると公開されます。"),
        ),
        Action(
            Status.PENDING_APPROVAL,
            Status.APPROVED,
            _("承認する"),
            approve,
            primary=True,
            done_message=_("承認しました。公開範囲の人が閲覧できるようになります。"),
        ),
        Action(
            Status.PENDING_APPROVAL,
            Status.DRAFT,
            _("差し戻す"),
            approve,
            needs_reason=True,
            done_message=_("差し戻しました。依頼者に理由を通知しました。"),
        ),
    )


def approved_has_approval(name: str) -> models.CheckConstraint:
    """An approved row names who approved it and when."""
    return models.CheckConstraint(
        name=name, condition=~Q(status="approved") | Q(approved_at__isnull=False, approved_by__isnull=False)
    )


def approved_or_secretariat(user, approved: Q, council_path: str) -> Q:
    """Approved rows, and every row of the councils whose secretariat this person is (site admins:
    every row)."""
    from portal.models import Role

    if user is not None and user.is_authenticated and user.is_superuser:
        return Q()
    if user is None or not user.is_authenticated:
        return approved
    return approved | Q(**{f"{council_path}__in": user.scope_ids(Role.COUNCIL_SECRETARIAT)})


class PublicationQuerySet(models.QuerySet):
    def awaiting_approval_by(self, user):
        """Rows waiting for approval in this person's councils that they neither wrote nor asked to
        approve (segregation of duties)."""
        from portal.models import Role

        return (
            self.filter(
                status=PublicationStatus.PENDING_APPROVAL,
                **{f"{self.model.COUNCIL_PATH}__in": user.scope_ids(Role.COUNCIL_SECRETARIAT)},
            )
            .exclude(**{self.model.AUTHOR: user})
            .exclude(approval_requested_by=user)
        )


class Publication(Workflow, ApprovalFields):
    """準備中 → 承認待ち → 承認済み (or back to 準備中 with a reason). 準備中 → 承認済み has no named
    action: the meeting's approval (change_meeting_status) covers what was written before it."""

    Status = PublicationStatus
    MOVES = {
        Status.DRAFT: {Status.PENDING_APPROVAL, Status.APPROVED},
        Status.PENDING_APPROVAL: {Status.APPROVED, Status.DRAFT},
    }
    move_error = CouncilError
    # The path from a row to its council, and the field naming who wrote what waits for approval
    # (who may not approve it).
    COUNCIL_PATH = ""
    AUTHOR = ""

    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.DateTimeField(_("公開を承認した日時"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def author(self):
        return getattr(self, self.AUTHOR)
