"""意見照会: the secretariat asks members or local governments for written opinions by a deadline,
collects one response per seat or organisation, and may publish the consolidated table."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models.audience import (
    Audience,
    AudienceFields,
    CouncilError,
    reach_of,
    reason_required,
    released_to,
)
from council.models.bodies import Body, BodyMember
from council.models.meetings import AgendaItem, Meeting
from portal.models import Organisation
from portal.workflow import Action, Workflow

MANAGE = "council.permissions.can_manage_opinion_request"


class OpinionRequestQuerySet(models.QuerySet):
    def visible_to(self, user, now=None):
        """Requests this person may read: the secretariat all of its own; those asked, the open or
        closed ones put to them; anyone, a published table released to their audience."""
        from portal.models import Role

        if user is not None and user.is_authenticated and user.is_superuser:
            return self
        reach = reach_of(user, council_id=-1)
        shown = Q(status=OpinionRequest.Status.PUBLISHED) & released_to(reach, now)
        if user is None or not user.is_authenticated:
            return self.filter(shown)
        members_of = user.scope_ids(Role.COUNCIL_MEMBER)
        shown |= (
            Q(status=OpinionRequest.Status.PUBLISHED)
            & Q(body__council_id__in=members_of)
            & released_to([*reach, Audience.MEMBERS], now)
        )
        to_them = Q(respondents=OpinionRequest.Respondents.MEMBERS, body__members__user=user)
        if Audience.LOCAL_GOVERNMENTS in reach:
            to_them |= Q(respondents=OpinionRequest.Respondents.LOCAL_GOVERNMENTS)
        asked = ~Q(status=OpinionRequest.Status.DRAFT) & to_them
        own = Q(body__council_id__in=user.scope_ids(Role.COUNCIL_SECRETARIAT))
        return self.filter(shown | asked | own).distinct()

    def for_list_page(self):
        """Requests with their body and meeting, newest first."""
        return self.select_related("body", "meeting").order_by("-created_at", "-pk")


class OpinionRequest(Workflow, AudienceFields):
    """One 意見照会; its audience and release time are those of the published consolidated table."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("準備中")
        OPEN = "open", _("受付中")
        CLOSED = "closed", _("締切済み")
        PUBLISHED = "published", _("取りまとめ公開済み")

    class Respondents(models.TextChoices):
        MEMBERS = "members", _("構成員")
        LOCAL_GOVERNMENTS = "local_governments", _("地方公共団体等")

    MOVES = {
        Status.DRAFT: {Status.OPEN},
        Status.OPEN: {Status.CLOSED},
        Status.CLOSED: {Status.PUBLISHED, Status.OPEN},
    }
    ACTIONS = (
        Action(
            Status.DRAFT,
            Status.OPEN,
            _("意見照会を開始する"),
            MANAGE,
            primary=True,
            done_message=_("意見照会を開始しました。"),
        ),
        Action(
            Status.OPEN, Status.CLOSED, _("締め切る"), MANAGE, done_message=_("意見照会を締め切りました。")
        ),
        Action(
            Status.CLOSED,
            Status.PUBLISHED,
            _("取りまとめ表を公開する"),
            MANAGE,
            primary=True,
            done_message=_("取りまとめ表を公開しました。"),
        ),
        Action(
            Status.CLOSED,
            Status.OPEN,
            _("受付を再開する"),
            MANAGE,
            needs_reason=True,
            done_message=_("意見の受付を再開しました。"),
        ),
    )
    move_error = CouncilError
    refused_move_message = _("この意見照会は「%(from)s」から「%(to)s」に進められません。")

    body = models.ForeignKey(
        Body, verbose_name=_("会議体"), on_delete=models.PROTECT, related_name="opinion_requests"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("関係する会議"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("議事次第の項目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("件名"), max_length=300)
    question = models.TextField(_("照会事項"))
    respondents = models.CharField(_("照会先"), max_length=20, choices=Respondents.choices)
    deadline = models.DateTimeField(_("回答期限"))
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        "portal.User", verbose_name=_("作成者"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = OpinionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("意見照会")
        verbose_name_plural = _("意見照会")
        ordering = ["-created_at"]
        constraints = [reason_required("council_opinion_table_non_public_has_reason")]

    def __str__(self) -> str:
        return self.title

    def is_accepting(self, now=None) -> bool:
        """Open and before its deadline (checked when asked, to the minute)."""
        return self.status == self.Status.OPEN and (now or timezone.now()) < self.deadline

    def check_move(self, status: str) -> None:
        if status == self.Status.OPEN and self.deadline <= timezone.now():
            raise CouncilError(_("回答期限を、これから先の日時にしてください。"))


class OpinionResponse(models.Model):
    """One written opinion: from a seat (when members are asked) or an organisation (local governments)."""

    request = models.ForeignKey(
        OpinionRequest, verbose_name=_("意見照会"), on_delete=models.CASCADE, related_name="responses"
    )
    seat = models.ForeignKey(
        BodyMember,
        verbose_name=_("構成員"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("団体"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("意見"))
    submitted_by = models.ForeignKey(
        "portal.User", verbose_name=_("回答者"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("回答日時"))

    class Meta:
        verbose_name = _("意見")
        verbose_name_plural = _("意見")
        constraints = [
            models.CheckConstraint(
                name="council_opinion_from_seat_or_organisation",
                condition=Q(seat__isnull=True, organisation__isnull=False)
                | Q(seat__isnull=False, organisation__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["request", "seat"],
                condition=Q(seat__isnull=False),
                name="council_opinion_once_per_seat",
            ),
            models.UniqueConstraint(
                fields=["request", "organisation"],
                condition=Q(organisation__isnull=False),
                name="council_opinion_once_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.respondent}: {self.text[:30]}"

    @property
    def respondent(self) -> str:
        """The row label of the consolidated table."""
        if self.seat_id:
            return f"{self.seat.affiliation}（{self.seat.name}）"
        return self.organisation.name
