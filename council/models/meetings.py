"""Meetings 第N回 of a body, their 議事次第 and who attended."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models.audience import (
    ApprovalFields,
    AudienceFields,
    CouncilError,
    reach_of,
    reason_required,
    released_to,
)
from council.models.bodies import Body, BodyMember
from council.models.publication import (
    Publication,
    PublicationQuerySet,
    approved_has_approval,
    approved_or_secretariat,
    publication_actions,
)
from portal.labels import choice_label
from portal.workflow import Action, Workflow

MANAGE = "council.permissions.can_manage_meeting"
APPROVE = "council.permissions.can_approve_meeting"
REQUEST_ITEM = "council.permissions.can_request_agenda_item_approval"
APPROVE_ITEM = "council.permissions.can_approve_agenda_item"


def readable_q(user, now=None, prefix: str = "") -> Q:
    """Meetings (through `prefix`) this person reads: the secretariat all of its own; others what
    another secretariat member approved for publication, within their reach and released."""
    from portal.models import Role

    if user is not None and user.is_authenticated and user.is_superuser:
        return Q()
    base = reach_of(user, council_id=-1)
    # Approval, not the status, opens a meeting: one cancelled before it was ever approved stays hidden.
    approved = Q(**{f"{prefix}approved_at__isnull": False})
    shown = approved & released_to(base, now, prefix)
    if user is None or not user.is_authenticated:
        return shown
    members_of = user.scope_ids(Role.COUNCIL_MEMBER)
    secretariat_of = user.scope_ids(Role.COUNCIL_SECRETARIAT)
    return (
        shown
        | (
            Q(**{f"{prefix}body__council_id__in": members_of})
            & approved
            & released_to([*base, "members"], now, prefix)
        )
        | Q(**{f"{prefix}body__council_id__in": secretariat_of})
    )


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user, now=None):
        """Meetings this person may read at `now` (drafts only for their secretariat)."""
        return self.filter(readable_q(user, now))

    def for_list_page(self):
        """Meetings with their body, newest first."""
        return self.select_related("body").order_by("-starts_at", "-pk")

    def awaiting_approval_by(self, user):
        """Meetings waiting for publication approval that this person did not ask for."""
        return self.filter(status=Meeting.Status.PENDING_APPROVAL).exclude(approval_requested_by=user)

    def upcoming(self, now=None):
        """Announced meetings that have not started yet."""
        return self.filter(status=Meeting.Status.ANNOUNCED, starts_at__gte=now or timezone.now())


class Meeting(Workflow, AudienceFields, ApprovalFields):
    """第N回 of a body: numbered when created, announced once another secretariat member approves,
    held, or cancelled."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("準備中")
        PENDING_APPROVAL = "pending_approval", _("公開の承認待ち")
        ANNOUNCED = "announced", _("開催予定")
        HELD = "held", _("開催済み")
        MINUTES_PUBLISHED = "minutes_published", _("議事録公開済み")
        CANCELLED = "cancelled", _("中止")

    # 議事録公開済み has no named action: publishing the minutes (services.publish_minutes) moves
    # the meeting there, so no button can claim minutes that are not published.
    MOVES = {
        Status.DRAFT: {Status.PENDING_APPROVAL, Status.CANCELLED},
        Status.PENDING_APPROVAL: {Status.ANNOUNCED, Status.DRAFT, Status.CANCELLED},
        Status.ANNOUNCED: {Status.HELD, Status.CANCELLED},
        Status.HELD: {Status.MINUTES_PUBLISHED},
    }
    ACTIONS = (
        Action(
            Status.DRAFT,
            Status.PENDING_APPROVAL,
            _("公開の承認を依頼する"),
            MANAGE,
            primary=True,
            done_message=_("公開の承認を依頼しました。別の事務局員が承認すると開催が案内されます。"),
        ),
        Action(
            Status.PENDING_APPROVAL,
            Status.ANNOUNCED,
            _("承認して公開する"),
            APPROVE,
            primary=True,
            done_message=_("承認して開催を案内しました。公開範囲の人が閲覧できるようになります。"),
        ),
        Action(
            Status.PENDING_APPROVAL,
            Status.DRAFT,
            _("差し戻す"),
            APPROVE,
            needs_reason=True,
            done_message=_("差し戻しました。依頼者に理由を通知しました。"),
        ),
        Action(
            Status.ANNOUNCED,
            Status.HELD,
            _("開催済みにする"),
            MANAGE,
            primary=True,
            done_message=_("開催済みにしました。"),
        ),
        Action(
            None,
            Status.CANCELLED,
            _("中止する"),
            MANAGE,
            needs_reason=True,
            done_message=_("会議を中止にしました。"),
        ),
    )
    move_error = CouncilError
    refused_move_message = _("この会議は「%(from)s」から「%(to)s」に進められません。")

    body = models.ForeignKey(
        Body, verbose_name=_("会議体"), on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveIntegerField(_("回次"), editable=False)
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    venue = models.CharField(
        _("場所"), max_length=200, blank=True, help_text=_("例：中央合同庁舎第8号館 1階講堂")
    )
    is_online = models.BooleanField(_("オンライン開催"), default=False)
    created_by = models.ForeignKey(
        "portal.User", verbose_name=_("作成者"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("公開を承認した日時"), null=True, blank=True)
    # Grows with every published change, so calendar clients replace the event they hold (iCalendar
    # SEQUENCE).
    sequence = models.PositiveIntegerField(_("改訂番号"), default=0, editable=False)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("会議")
        verbose_name_plural = _("会議")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="council_meeting_number_once"),
            models.CheckConstraint(
                name="council_meeting_ends_after_start",
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
            ),
            models.CheckConstraint(
                name="council_meeting_has_a_place", condition=Q(is_online=True) | ~Q(venue="")
            ),
            reason_required("council_meeting_non_public_has_reason"),
            # Nothing reaches an audience unapproved: every announced state carries its approval.
            models.CheckConstraint(
                name="council_meeting_announced_is_approved",
                condition=~Q(status__in=["announced", "held", "minutes_published"])
                | Q(approved_at__isnull=False, approved_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(body)s（第%(number)d回）") % {"body": self.body.name, "number": self.number})

    @property
    def title(self) -> str:
        return str(_("第%(number)d回") % {"number": self.number})

    @property
    def place(self) -> str:
        if self.is_online and self.venue:
            return str(_("%(venue)s／オンライン") % {"venue": self.venue})
        return self.venue if not self.is_online else str(_("オンライン"))

    @property
    def is_published(self) -> bool:
        """Whether another secretariat member approved it for its audience."""
        return self.approved_at is not None

    def check_move(self, status: str) -> None:
        if status == self.Status.HELD and self.starts_at > timezone.now():
            raise CouncilError(_("開始日時より前に開催済みにはできません。"))
        if status == self.Status.MINUTES_PUBLISHED:
            minutes = getattr(self, "minutes", None)
            if minutes is None or minutes.status != "published":
                raise CouncilError(_("議事録が公開されていません。"))


class AgendaItemQuerySet(PublicationQuerySet):
    def visible_to(self, user, now=None):
        """Items this person may read at `now`: of a meeting they may read, and approved once (an
        edit waiting for approval leaves the approved text showing); the council's secretariat also
        reads those never approved. Every reader of the 議事次第 uses this."""
        readable = self.filter(readable_q(user, now, "meeting__"))
        return readable.filter(
            approved_or_secretariat(user, Q(approved_at__isnull=False), self.model.COUNCIL_PATH)
        )


class AgendaItem(Publication):
    """One line of the 議事次第: 開会, 議事 with its (1) (2) …, 閉会.

    Lines written before the meeting's approval are approved with it. After it, a new line, or a
    change of an approved line's title, presenter, duration or order, waits for another secretariat
    member's approval: the change is kept in `proposed` (the line's own fields stay the approved
    text audiences read) and applied when approved."""

    # A line approved once may be changed again: its change waits for approval as a new line does.
    MOVES = {**Publication.MOVES, Publication.Status.APPROVED: {Publication.Status.PENDING_APPROVAL}}
    ACTIONS = publication_actions(REQUEST_ITEM, APPROVE_ITEM)
    COUNCIL_PATH = "meeting__body__council_id"
    AUTHOR = "drafted_by"
    refused_move_message = _("この議事次第の項目は「%(from)s」から「%(to)s」に進められません。")
    # What a change may propose, in the order the page lists it.
    CHANGEABLE = ("title", "presenter", "duration_minutes", "position")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会議"), on_delete=models.CASCADE, related_name="agenda"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("親の項目"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("「議事」の下の (1) (2) … にするときに選びます。"),
    )
    position = models.PositiveSmallIntegerField(_("順序"))
    title = models.CharField(_("項目"), max_length=300)
    presenter = models.CharField(_("説明者"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("所要時間（分）"), null=True, blank=True)
    drafted_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("追加・変更した人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed = models.JSONField(_("承認待ちの変更"), default=dict, blank=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("議事次第の項目")
        verbose_name_plural = _("議事次第の項目")
        ordering = ["meeting", "parent_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "parent", "position"],
                nulls_distinct=False,
                name="council_agenda_position_once",
            ),
            models.CheckConstraint(
                name="council_agenda_duration_positive",
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gt=0),
            ),
            approved_has_approval("council_agenda_item_approved_has_approval"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        """Whether its audience reads it (approved once; a change may be waiting)."""
        return self.approved_at is not None

    @property
    def proposed_changes(self) -> list[tuple[str, object, object]]:
        """(field label, approved value, proposed value) of each change waiting, for the secretariat."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name), self.proposed[name])
            for name in self.CHANGEABLE
            if name in self.proposed
        ]

    @property
    def label(self) -> str:
        """(1), (2) … for the items under 議事; top-level items carry no number."""
        return f"({self.position})" if self.parent_id else ""


class Attendance(models.Model):
    """Whether a seat was filled at a meeting: in person, by a substitute (代理出席), or not."""

    class Status(models.TextChoices):
        PRESENT = "present", _("出席")
        PROXY = "proxy", _("代理出席")
        ABSENT = "absent", _("欠席")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会議"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        BodyMember, verbose_name=_("構成員"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("出欠"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    substitute = models.ForeignKey(
        "council.Substitute",
        verbose_name=_("代理出席者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
    )
    # Who stood in, as recorded at the time (氏名と所属・役職): the substitute's entry may change later.
    proxy_name = models.CharField(
        _("代理出席者"), max_length=200, blank=True, help_text=_("氏名と所属・役職")
    )

    class Meta:
        verbose_name = _("出席")
        verbose_name_plural = _("出席")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="council_attendance_once"),
            models.CheckConstraint(
                name="council_attendance_proxy_named",
                condition=~Q(status="proxy") | ~Q(proxy_name=""),
            ),
            models.CheckConstraint(
                name="council_attendance_proxy_is_a_substitute",
                condition=~Q(status="proxy") | Q(substitute__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.name}: {choice_label(self, 'status')}"
