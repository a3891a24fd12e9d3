"""Writing the audit trail. Services call `record` inside their transaction."""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import pgettext_lazy

from portal.models import AuditEvent, Organisation

# The client address of the request being served, set by AuditContextMiddleware.
current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)

VERBS = {
    "invitation.sent": pgettext_lazy("audit", "招待を送信"),
    "invitation.resent": pgettext_lazy("audit", "招待を再送"),
    "invitation.accepted": pgettext_lazy("audit", "招待を承諾"),
    "invitation.revoked": pgettext_lazy("audit", "招待を取消し"),
    "membership.granted": pgettext_lazy("audit", "役割を付与"),
    "membership.revoked": pgettext_lazy("audit", "役割を解除"),
    "framework.updated": pgettext_lazy("audit", "体制の情報を更新"),
    "framework.status_changed": pgettext_lazy("audit", "体制の状況を変更"),
    "framework.member_joined": pgettext_lazy("audit", "参加団体を追加"),
    "framework.member_left": pgettext_lazy("audit", "参加団体の脱退を記録"),
    "population.previewed": pgettext_lazy("audit", "人口ファイルを確認"),
    "population.applied": pgettext_lazy("audit", "人口を取込み"),
    "population.discarded": pgettext_lazy("audit", "人口取込を破棄"),
    "population.rejected": pgettext_lazy("audit", "エラーのある人口ファイルを却下"),
    "account.security_changed": pgettext_lazy("audit", "セキュリティ設定を変更"),
    # Written by the Django admin before it was audited like every other door; kept for their labels.
    "organisation.created": pgettext_lazy("audit", "団体を登録"),
    "organisation.renamed": pgettext_lazy("audit", "団体名を更新"),
    "admin.added": pgettext_lazy("audit", "管理画面で登録"),
    "admin.changed": pgettext_lazy("audit", "管理画面で変更"),
    "admin.deleted": pgettext_lazy("audit", "管理画面で削除"),
    "admin.password_changed": pgettext_lazy("audit", "管理画面でパスワードを変更"),
}


def register_verb(verb: str, label) -> None:
    """Let an app add its audit verbs (portal imports no app)."""
    VERBS[verb] = label


def verb_label(verb: str) -> str:
    return str(VERBS.get(verb, verb))


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
