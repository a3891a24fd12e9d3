"""Writing the audit trail. Services call `record` inside their transaction."""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from portal.models import AuditEvent, Organisation
from portal.registry import VERBS, register_verb, verb_label  # noqa: F401 - re-exported; the spine's verbs are registered in portal/events.py

# The client address of the request being served, set by AuditContextMiddleware.
current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def record(
    target: models.Model | None,
    verb: str,
    *,
    actor=None,
    scope: Organisation | None = None,
    note: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Append one audit event; the verb must be registered in VERBS."""
    if verb not in VERBS:
        raise ValueError(f"unregistered audit verb: {verb}")
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        scope=scope,
        note=note,
        data=data or {},
        ip_address=current_ip.get(),
    )
