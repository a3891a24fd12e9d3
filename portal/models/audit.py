"""Append-only audit trail: who did what to which object, for which organisation, from where."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models.organisations import Organisation

if TYPE_CHECKING:
    from portal.models.accounts import User


class AuditAppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user: User):
        """Events of the organisations the user manages; every event for a site admin."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(scope__in=Organisation.objects.managed_by(user))

    def for_target(self, obj: models.Model):
        """Events about one object, newest first, with actors loaded."""
        return (
            self.filter(target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk))
            .select_related("actor", "scope")
            .order_by("-created_at", "-pk")
        )

    def for_list_page(self):
        return self.select_related("actor", "scope", "target_type")

    def done_by(self, user: User):
        """What the user did themself, newest first: their own recent work, for their dashboard."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(actor=user).order_by("-created_at", "-pk")

    def update(self, **kwargs):
        raise AuditAppendOnlyError("audit events are append-only")

    def delete(self):
        raise AuditAppendOnlyError("audit events are append-only")


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        "portal.User",
        verbose_name=_("実行者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(_("操作"), max_length=80)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("対象の種類"), on_delete=models.PROTECT, null=True, blank=True
    )
    target_id = models.CharField(_("対象ID"), max_length=64, blank=True)
    target_repr = models.CharField(_("対象"), max_length=300, blank=True)
    scope = models.ForeignKey(
        Organisation,
        verbose_name=_("団体"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("理由・備考"), blank=True)
    data = models.JSONField(_("詳細"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IPアドレス"), null=True, blank=True)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("監査記録")
        verbose_name_plural = _("監査記録")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]
        constraints = [models.CheckConstraint(name="audit_verb_not_empty", condition=~Q(verb=""))]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditAppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditAppendOnlyError("audit events are append-only")

    @property
    def verb_label(self) -> str:
        from portal.audit import verb_label

        return verb_label(self.verb)
