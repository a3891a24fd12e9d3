"""Workflows of the portal spine: invitations, roles, frameworks and population imports.

Each service is one transaction, writes its audit events, and sends mail only after commit.
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import permissions
from portal.audit import record
from portal.events import managers_of
from portal.exceptions import PortalError
from portal.models import (
    FrameworkMember,
    Invitation,
    Membership,
    Notification,
    NotificationPreference,
    Organisation,
    Population,
    PopulationImport,
    RegionalFramework,
    Role,
    User,
)
from portal.models.organisations import DX_STAFF_MAX
from portal.notifications import notify, queue_invitation_mail
from portal.population import parse_population, read_population_file
from portal.registry import population_applied
from portal.workflow import require, require_not_self_grant, transition


@transaction.atomic
def invite_person(
    *,
    organisation: Organisation,
    role: str,
    email: str,
    full_name: str,
    by: User,
    message: str = "",
    language: str = "ja",
) -> Invitation:
    """Invite a person by email to hold a role in an organisation; the mail leaves the outbox after commit."""
    if not permissions.can_invite(by, organisation, role):
        raise PortalError(_("この団体・役割への招待を行う権限がありません。"))
    require_not_self_grant(email=email, by=by)
    email = email.strip().lower()
    if Membership.objects.filter(user__email__iexact=email, organisation=organisation, role=role).exists():
        raise PortalError(_("この方はすでにこの団体でこの役割を持っています。"))
    if Invitation.objects.pending().filter(email=email, organisation=organisation, role=role).exists():
        raise PortalError(_("同じ招待が未承諾のまま残っています。一覧から再送してください。"))
    # An expired pending invitation still holds the unique slot: retire it before issuing a new one.
    for stale in Invitation.objects.filter(
        email=email, organisation=organisation, role=role, status=Invitation.Status.PENDING
    ):
        transition(
            stale,
            to=Invitation.Status.REVOKED,
            by=by,
            verb="invitation.revoked",
            scope=organisation,
            note=_("期限切れのため再招待"),
        )
    invitation = Invitation(
        email=email,
        full_name=full_name.strip(),
        organisation=organisation,
        role=role,
        message=message.strip(),
        language=language,
        invited_by=by,
    )
    invitation.issue_token()
    invitation.save()
    record(invitation, "invitation.sent", actor=by, scope=organisation, data={"role": role, "email": email})
    queue_invitation_mail(invitation)
    notify(
        "invitation.sent",
        target=invitation,
        recipients=[user for user in managers_of(organisation) if user.pk != by.pk],
        context=_invitation_context(invitation) | {"inviter": by.full_name},
    )
    return invitation


def _invitation_context(invitation: Invitation) -> dict:
    return {
        "name": invitation.full_name,
        "email": invitation.email,
        "organisation": invitation.organisation.name,
        "role": invitation.role,
    }


@transaction.atomic
def resend_invitation(*, invitation: Invitation, by: User) -> Invitation:
    """Issue a fresh link (the old one stops working) and a new expiry, then mail it again."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise PortalError(_("この招待はすでに使用済みか取り消されています。"))
    invitation.issue_token()
    invitation.email_sent_at = None
    invitation.save(update_fields=["token_nonce", "token_hash", "expires_at", "email_sent_at"])
    record(invitation, "invitation.resent", actor=by, scope=invitation.organisation)
    # A mail for the old link still waiting in the outbox is cancelled by the worker, not here:
    # this transaction holds the invitation's lock and must never wait on a delivery row.
    queue_invitation_mail(invitation)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User, note: str = "") -> Invitation:
    """Withdraw an invitation that has not been accepted."""
    require(
        permissions.can_manage_members(by, invitation.organisation),
        _("この招待を取り消す権限がありません。"),
    )
    return transition(
        invitation,
        to=Invitation.Status.REVOKED,
        by=by,
        verb="invitation.revoked",
        scope=invitation.organisation,
        note=note,
    )


@transaction.atomic
def accept_invitation(
    *, invitation: Invitation, user: User | None = None, full_name: str = "", password: str = ""
) -> tuple[User, Membership]:
    """Use an invitation once: create the account (or use the signed-in one) and grant the role."""
    # Locked first: two people racing for one link are served one after the other.
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if user is not None and user.pk == invitation.invited_by_id:
        raise PortalError(_("ご自身が発行した招待は承諾できません。別の管理者に招待を依頼してください。"))
    invitation.ensure_can_move(Invitation.Status.ACCEPTED)  # before an account is made for it
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise PortalError(
                _("このメールアドレスのアカウントがあります。ログインしてから招待を承諾してください。")
            )
        user = User.objects.create_user(
            invitation.email, password, full_name=full_name or invitation.full_name
        )
        # The invitation link reached this mailbox, which verifies the address.
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    elif user.email.lower() != invitation.email:
        raise PortalError(
            _("この招待は別のメールアドレス宛てです。招待されたアカウントでログインしてください。")
        )
    invitation = transition(
        invitation,
        to=Invitation.Status.ACCEPTED,
        by=user,
        verb="invitation.accepted",
        scope=invitation.organisation,
        changes={"accepted_at": timezone.now(), "accepted_user": user},
    )
    membership = grant_role(
        user=user, organisation=invitation.organisation, role=invitation.role, by=invitation.invited_by
    )
    notify(
        "invitation.accepted",
        target=invitation,
        recipients=[invitation.invited_by, *managers_of(invitation.organisation)],
        context=_invitation_context(invitation),
    )
    return user, membership


@transaction.atomic
def grant_role(*, user: User, organisation: Organisation, role: str, by: User | None) -> Membership:
    """Give a user a role in an organisation (idempotent: an existing one is returned as it is)."""
    if organisation.kind not in Role.allowed_kinds(role):
        raise PortalError(_("この役割はこの種別の団体には付与できません。"))
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"granted_by": by}
    )
    if created:
        record(membership, "membership.granted", actor=by, scope=organisation, data={"role": role})
        user.forget_roles()
        notify(
            "membership.granted",
            target=membership,
            recipients=[user],
            context={"organisation": organisation.name, "role": role, "by": by.full_name if by else ""},
        )
    return membership


@transaction.atomic
def revoke_membership(*, membership: Membership, by: User, note: str = "") -> None:
    """Take a role away from a user; the audit trail keeps who held it."""
    if membership.user_id == by.pk and membership.role == Role.PREFECTURE_COORDINATOR and not by.is_superuser:
        raise PortalError(_("自分自身の県DX推進担当の役割は解除できません。他の担当者に依頼してください。"))
    record(
        membership,
        "membership.revoked",
        actor=by,
        scope=membership.organisation,
        note=note,
        data={"role": membership.role, "user": membership.user.email},
    )
    membership.delete()


@transaction.atomic
def update_dx_staff(
    *, organisation: Organisation, count: int | None, as_of: datetime.date | None, by: User, note: str = ""
) -> Organisation:
    """Record a municipality's DX・情報担当職員数 as of a date (None, None: not reported) and audit it."""
    require(
        permissions.can_edit_dx_staff(by, organisation),
        _("この団体のDX・情報担当職員数を変更する権限がありません。"),
    )
    if (count is None) != (as_of is None):
        raise PortalError(_("DX・情報担当職員数と基準日は、両方を入力するか両方を空欄にしてください。"))
    if count is not None and not 0 <= count <= DX_STAFF_MAX:
        raise PortalError(_("DX・情報担当職員数は0〜9999の整数で入力してください。"))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = {"count": organisation.dx_staff_count, "as_of": organisation.dx_staff_as_of}
    if before == {"count": count, "as_of": as_of}:
        return organisation
    organisation.dx_staff_count, organisation.dx_staff_as_of = count, as_of
    organisation.save(update_fields=["dx_staff_count", "dx_staff_as_of"])
    record(
        organisation,
        "organisation.dx_staff_updated",
        actor=by,
        scope=organisation,
        note=note,
        data={
            "from": {"count": before["count"], "as_of": str(before["as_of"] or "")},
            "to": {"count": count, "as_of": str(as_of or "")},
        },
    )
    return organisation


FRAMEWORK_FIELDS = ("name", "has_talent_pool", "established_on", "secretariat_unit", "description")


@transaction.atomic
def update_framework(*, framework: RegionalFramework, by: User, changes: dict) -> RegionalFramework:
    """Save edited framework details (not its status) and audit what changed."""
    framework = RegionalFramework.objects.select_for_update().get(pk=framework.pk)
    changed = {}
    for field, value in changes.items():
        if field not in FRAMEWORK_FIELDS:
            raise ValueError(field)
        old = getattr(framework, field)
        if old != value:
            changed[field] = {
                "from": str(old) if old is not None else "",
                "to": str(value) if value is not None else "",
            }
            setattr(framework, field, value)
    if changed:
        try:
            framework.save()
        except IntegrityError as error:
            raise PortalError(_("運用中の体制には設置日が必要です。")) from error
        record(framework, "framework.updated", actor=by, scope=framework.prefecture, data=changed)
    return framework


@transaction.atomic
def change_framework_status(
    *, framework: RegionalFramework, status: str, by: User, note: str = ""
) -> RegionalFramework:
    """Move a framework to 未着手 / 構築中 / 運用中, recording why."""
    require(permissions.can_edit_framework(by, framework), _("この体制を変更する権限がありません。"))
    return transition(
        framework, to=status, by=by, verb="framework.status_changed", scope=framework.prefecture, note=note
    )


@transaction.atomic
def add_framework_member(
    *, framework: RegionalFramework, municipality: Organisation, joined_on: datetime.date, by: User
) -> FrameworkMember:
    """Record a municipality's opt-in to its prefecture's framework (or its re-joining)."""
    if municipality.prefecture_id != framework.prefecture_id or not municipality.is_municipality:
        raise PortalError(_("体制に参加できるのは、その都道府県内の市区町村だけです。"))
    member, created = FrameworkMember.objects.get_or_create(
        framework=framework, municipality=municipality, defaults={"joined_on": joined_on}
    )
    if not created:
        if member.left_on is None:
            raise PortalError(_("%(name)sはすでに参加しています。") % {"name": municipality.name})
        member.joined_on, member.left_on = joined_on, None
        member.save(update_fields=["joined_on", "left_on"])
    record(
        member,
        "framework.member_joined",
        actor=by,
        scope=framework.prefecture,
        data={"joined_on": str(joined_on)},
    )
    return member


@transaction.atomic
def record_member_left(
    *, member: FrameworkMember, left_on: datetime.date, by: User, note: str = ""
) -> FrameworkMember:
    """Record that a municipality left the framework on a date."""
    member = (
        FrameworkMember.objects.select_for_update().select_related("framework__prefecture").get(pk=member.pk)
    )
    if member.left_on is not None:
        raise PortalError(_("この団体はすでに脱退しています。"))
    if left_on < member.joined_on:
        raise PortalError(_("脱退日は参加日以降の日付にしてください。"))
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    record(member, "framework.member_left", actor=by, scope=member.framework.prefecture, note=note)
    return member


@transaction.atomic
def preview_population_import(
    *, data: bytes, file_name: str, reference_date: datetime.date, prefecture: Organisation | None, by: User
) -> PopulationImport:
    """Parse a population file into a preview with an error list per row; nothing is applied yet."""
    if prefecture is None and not by.is_superuser:
        raise PortalError(_("全国の人口を取り込めるのはサイト管理者だけです。"))
    if (
        prefecture is not None
        and not permissions.importable_prefectures(by).filter(pk=prefecture.pk).exists()
    ):
        raise PortalError(_("この都道府県の人口を取り込む権限がありません。"))
    rows = read_population_file(data, file_name)
    scope = Organisation.objects.local_governments()
    if prefecture is not None:
        scope = scope.in_prefecture(prefecture)
    known = dict(
        Organisation.objects.filter(lg_code__in=[r["lg_code"] for r in rows]).values_list("lg_code", "name")
    )
    in_scope = set(scope.filter(lg_code__in=known).values_list("lg_code", flat=True))
    seen: dict[str, int] = {}
    for row in rows:
        errors = []
        code = row["lg_code"]
        if code not in known:
            errors.append({"code": "unknown_code", "params": {"code": code or "—"}})
        elif code not in in_scope:
            errors.append({"code": "out_of_scope", "params": {"name": known[code]}})
        if code in seen:
            errors.append({"code": "duplicate", "params": {"line": seen[code]}})
        seen.setdefault(code, row["line"])
        population = parse_population(row["population_raw"])
        if population is None and not row["population_raw"]:
            errors.append({"code": "empty", "params": {}})
        elif population is None:
            errors.append({"code": "not_a_number", "params": {"value": row["population_raw"]}})
        row.update(name=known.get(code, ""), population=population, errors=errors)
    population_import = PopulationImport.objects.create(
        reference_date=reference_date,
        prefecture=prefecture,
        file_name=file_name[:255],
        rows=rows,
        uploaded_by=by,
    )
    record(
        population_import,
        "population.previewed",
        actor=by,
        scope=prefecture,
        data={"rows": len(rows), "errors": population_import.error_count},
    )
    if population_import.error_count:
        # All or nothing: a file with an error row can never be applied, so it does not wait for
        # review; its page still lists the rows to fix.
        population_import = transition(
            population_import,
            to=PopulationImport.Status.DISCARDED,
            by=by,
            verb="population.rejected",
            scope=prefecture,
            data={"errors": population_import.error_count},
        )
    return population_import


@transaction.atomic
def apply_population_import(*, population_import: PopulationImport, by: User) -> int:
    """Write every row of an error-free preview, replacing figures of the same reference date; all or none."""
    require(population_import.is_visible_to(by), _("この取込を操作する権限がありません。"))
    if population_import.error_count:
        raise PortalError(
            _("エラーのある行があるため取り込めません。ファイルを直してもう一度アップロードしてください。")
        )
    population_import = transition(
        population_import,
        to=PopulationImport.Status.APPLIED,
        by=by,
        verb="population.applied",
        scope=population_import.prefecture,
        data={"rows": len(population_import.rows), "reference_date": str(population_import.reference_date)},
        changes={"applied_at": timezone.now()},
    )
    ids = dict(
        Organisation.objects.filter(lg_code__in=[r["lg_code"] for r in population_import.rows]).values_list(
            "lg_code", "pk"
        )
    )
    changed = _latest_population_changes(population_import, ids)
    Population.objects.bulk_create(
        [
            Population(
                organisation_id=ids[row["lg_code"]],
                reference_date=population_import.reference_date,
                population=row["population"],
                source=population_import,
            )
            for row in population_import.rows
        ],
        update_conflicts=True,
        unique_fields=["organisation", "reference_date"],
        update_fields=["population", "source"],
    )
    coordinators = managers_of(population_import.prefecture) if population_import.prefecture else []
    notify(
        "population.imported",
        target=population_import,
        recipients=[population_import.uploaded_by, *coordinators],
        context={
            "file_name": population_import.file_name,
            "count": len(population_import.rows),
            "reference_date": str(population_import.reference_date),
            "by": by.full_name,
        },
    )
    transaction.on_commit(
        lambda: population_applied.send(
            sender=PopulationImport, population_import=population_import, organisation_ids=changed, by=by
        )
    )
    return len(population_import.rows)


def _latest_population_changes(population_import: PopulationImport, ids: dict[str, int]) -> frozenset[int]:
    """The organisations whose latest population this import changes, read before it is written (one
    query): a figure of a reference date as new as their latest or newer, differing from it."""
    before = {
        o.pk: (o.population_value, o.population_date)
        for o in Organisation.objects.filter(pk__in=ids.values()).with_latest_population()
    }
    changed = set()
    for row in population_import.rows:
        value, date = before[ids[row["lg_code"]]]
        if (date is None or population_import.reference_date >= date) and value != row["population"]:
            changed.add(ids[row["lg_code"]])
    return frozenset(changed)


@transaction.atomic
def discard_population_import(*, population_import: PopulationImport, by: User) -> PopulationImport:
    """Drop a preview without applying it."""
    require(population_import.is_visible_to(by), _("この取込を操作する権限がありません。"))
    return transition(
        population_import,
        to=PopulationImport.Status.DISCARDED,
        by=by,
        verb="population.discarded",
        scope=population_import.prefecture,
    )


def mark_notifications_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications (these ids, or all) as read; returns how many changed."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def save_notification_preferences(*, user: User, choices: dict) -> None:
    """Store the user's mail language and their mode per category."""
    from portal.notifications import CATEGORIES

    user.language = choices.pop("language", user.language)
    user.save(update_fields=["language"])
    for category, mode in choices.items():
        if category in CATEGORIES and not CATEGORIES[category].always_immediate:
            NotificationPreference.objects.update_or_create(
                user=user, category=category, defaults={"mode": mode}
            )


@transaction.atomic
def record_security_change(*, user: User, change: str, detail: str = "") -> None:
    """Audit a change to a user's password or second factors and tell them at once."""
    record(user, "account.security_changed", actor=user, data={"change": change, "detail": detail})
    notify(
        "account.security_changed",
        target=user,
        recipients=[user],
        context={"change": change, "detail": detail},
    )


@transaction.atomic
def announce_admin_rights_change(*, user: User, by: User, rights: dict[str, bool]) -> list[Notification]:
    """Tell every other site admin, and the person, at once that admin rights were granted or removed."""
    admins = list(User.objects.filter(is_superuser=True, is_active=True).exclude(pk=by.pk))
    return notify(
        "account.admin_rights_changed",
        target=user,
        recipients=[*admins, user] if user.pk != by.pk else admins,
        context={
            "name": user.full_name,
            "email": user.email,
            "by": by.full_name,
            "superuser": rights.get("is_superuser"),
            "staff": rights.get("is_staff"),
        },
    )


@transaction.atomic
def record_admin_password_change(*, user: User, by: User) -> None:
    """Audit a password an admin set or removed in the Django admin (never the hash) and tell the person."""
    record(
        user,
        "admin.password_changed",
        actor=by,
        data={
            "fields": ["password"],
            "changes": {"password": {"from": "********", "to": "********"}},
            "usable": user.has_usable_password(),
        },
    )
    notify(
        "account.security_changed",
        target=user,
        recipients=[user],
        context={"change": "password", "detail": "admin"},
    )
