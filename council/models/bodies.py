"""The council and its working groups, and who sits on them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation


class BodyQuerySet(models.QuerySet):
    def for_list_page(self):
        """Bodies with their parent and secretariat, councils before their working groups."""
        return self.select_related("parent", "secretariat").order_by("parent_id", "pk")


class Body(models.Model):
    """協議会 or one of its ワーキンググループ. Standing pages (the roster included) are public."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("協議会")
        WORKING_GROUP = "working_group", _("ワーキンググループ")

    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices, default=Kind.COUNCIL)
    name = models.CharField(_("名称"), max_length=200)
    council = models.ForeignKey(
        Organisation,
        verbose_name=_("協議会（役割の範囲）"),
        on_delete=models.PROTECT,
        related_name="council_bodies",
        limit_choices_to={"kind": Organisation.Kind.COUNCIL},
        help_text=_("この協議会の事務局・構成員の役割を持つ人が運営・閲覧します。"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("親会議"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_groups",
    )
    secretariat = models.ForeignKey(
        Organisation,
        verbose_name=_("事務局"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    purpose = models.TextField(_("開催要綱（趣旨）"), blank=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("会議体")
        verbose_name_plural = _("会議体")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="council_body_unique_name"),
            models.CheckConstraint(
                name="council_body_working_group_has_parent",
                condition=Q(kind="council", parent__isnull=True)
                | Q(kind="working_group", parent__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BodyMember(models.Model):
    """One seat on a body for a term: 座長, 副座長, 構成員 or オブザーバー."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("座長")
        VICE_CHAIR = "vice_chair", _("副座長")
        MEMBER = "member", _("構成員")
        OBSERVER = "observer", _("オブザーバー")

    body = models.ForeignKey(Body, verbose_name=_("会議体"), on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("氏名"), max_length=100)
    affiliation = models.CharField(_("所属・役職"), max_length=200)
    position = models.CharField(_("役職"), max_length=20, choices=Position.choices, default=Position.MEMBER)
    user = models.ForeignKey(
        "portal.User",
        verbose_name=_("ポータルの利用者"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_seats",
        help_text=_("議事録の発言確認や通知の宛先になります。"),
    )
    term_start = models.DateField(_("任期開始"))
    term_end = models.DateField(_("任期終了"), null=True, blank=True)

    class Meta:
        verbose_name = _("構成員")
        verbose_name_plural = _("構成員")
        ordering = ["body", "term_start", "pk"]
        constraints = [
            models.CheckConstraint(
                name="council_member_term_ends_after_start",
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
            ),
        ]

    POSITION_ORDER = {Position.CHAIR: 0, Position.VICE_CHAIR: 1, Position.MEMBER: 2, Position.OBSERVER: 3}

    def __str__(self) -> str:
        return f"{self.name}（{self.affiliation}）"

    @property
    def is_observer(self) -> bool:
        return self.position == self.Position.OBSERVER

    @property
    def sort_key(self) -> tuple:
        return (self.POSITION_ORDER[self.position], self.pk)


class Substitute(models.Model):
    """Someone who may attend in a seat holder's place (代理) between two dates."""

    member = models.ForeignKey(
        BodyMember, verbose_name=_("構成員"), on_delete=models.CASCADE, related_name="substitutes"
    )
    name = models.CharField(_("氏名"), max_length=100)
    affiliation = models.CharField(_("所属・役職"), max_length=200, blank=True)
    valid_from = models.DateField(_("代理の開始日"))
    valid_to = models.DateField(_("代理の終了日"), null=True, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("代理")
        verbose_name_plural = _("代理")
        ordering = ["member", "valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                name="council_substitute_ends_after_start",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.affiliation}）" if self.affiliation else self.name

    def covers(self, day) -> bool:
        """Whether they may stand in on this day."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
