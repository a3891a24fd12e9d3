"""Who may read what: three audiences (members, all local governments, the public) and a release time."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CouncilError(Exception):
    """A rule of the council refused the change; str(error) is a message for the user."""


class Audience(models.TextChoices):
    # Ordered from the narrowest to the widest audience; RANK compares them.
    MEMBERS = "members", _("構成員・事務局のみ")
    LOCAL_GOVERNMENTS = "local_governments", _("地方公共団体等の職員")
    PUBLIC = "public", _("一般公開")


RANK = {Audience.MEMBERS: 0, Audience.LOCAL_GOVERNMENTS: 1, Audience.PUBLIC: 2}


def reach_of(user, council_id: int) -> list[str]:
    """The audiences whose items this person reads, for a body of this council (not release times)."""
    from portal.models import Role

    reach = [Audience.PUBLIC]
    if user is None or not user.is_authenticated:
        return reach
    # Talents are outside contractors, not staff of a body: they read what the public reads.
    if user.is_superuser or any(m.role != Role.TALENT for m in user.role_memberships):
        reach.append(Audience.LOCAL_GOVERNMENTS)
    if user.is_superuser or council_id in user.scope_ids(Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARIAT):
        reach.append(Audience.MEMBERS)
    return reach


class ApprovalFields(models.Model):
    """Who asked for publication and when, and the other secretariat member who approved it."""

    approval_requested_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("公開の承認を依頼した人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approval_requested_at = models.DateTimeField(_("公開の承認を依頼した日時"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "portal.User",
        verbose_name=_("公開を承認した人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class AudienceFields(models.Model):
    """An audience, the minute it is released to it, and why it is not public (if it is not)."""

    audience = models.CharField(_("公開範囲"), max_length=20, choices=Audience, default=Audience.PUBLIC)
    release_at = models.DateTimeField(
        _("公開日時"),
        null=True,
        blank=True,
        help_text=_("この日時から公開範囲の人が閲覧できます。空欄は会議の開催案内と同時。"),
    )
    non_disclosure_reason = models.CharField(
        _("非公開の理由"),
        max_length=300,
        blank=True,
        help_text=_("一般公開しない場合は必須です（例：意思決定の過程にある情報のため）。"),
    )

    class Meta:
        abstract = True

    def is_released(self, now=None) -> bool:
        """Whether its release time has come (exact to the minute, checked when read)."""
        return self.release_at is None or self.release_at <= (now or timezone.now())

    def is_open_to(self, reach: list[str], now=None) -> bool:
        """Whether a person with this reach reads it now (the secretariat is asked separately)."""
        return self.audience in reach and self.is_released(now)


def released_to(reach: list[str], now=None, prefix: str = "") -> Q:
    """The Q for rows of an audience within `reach` whose release time has passed."""
    now = now or timezone.now()
    return Q(**{f"{prefix}audience__in": reach}) & (
        Q(**{f"{prefix}release_at__isnull": True}) | Q(**{f"{prefix}release_at__lte": now})
    )


def reason_required(name: str) -> models.CheckConstraint:
    """Anything not public carries a non-disclosure reason."""
    return models.CheckConstraint(
        name=name, condition=Q(audience=Audience.PUBLIC) | ~Q(non_disclosure_reason="")
    )
