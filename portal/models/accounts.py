"""People, the roles they hold in an organisation, and invitations (there is no open sign-up)."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError
from portal.labels import choice_label
from portal.models.organisations import Organisation
from portal.workflow import Workflow


class Role(models.TextChoices):
    MUNICIPAL_STAFF = "municipal_staff", _("市区町村職員")
    MUNICIPAL_APPROVER = "municipal_approver", _("市区町村承認者")
    PREFECTURE_COORDINATOR = "prefecture_coordinator", _("県DX推進担当")
    PREFECTURE_APPROVER = "prefecture_approver", _("県承認者")
    TALENT = "talent", _("デジタル人材")
    COUNCIL_SECRETARIAT = "council_secretariat", _("協議会事務局")
    COUNCIL_MEMBER = "council_member", _("協議会構成員")

    @classmethod
    def allowed_kinds(cls, role: str) -> tuple[str, ...]:
        """The organisation kinds a role may be scoped to."""
        if role in (cls.MUNICIPAL_STAFF, cls.MUNICIPAL_APPROVER):
            return Organisation.MUNICIPAL_KINDS
        if role in (cls.PREFECTURE_COORDINATOR, cls.PREFECTURE_APPROVER, cls.TALENT):
            return (Organisation.Kind.PREFECTURE,)
        return (Organisation.Kind.COUNCIL,)

    @classmethod
    def for_kind(cls, kind: str) -> list[Role]:
        """The roles that can be held in an organisation of this kind."""
        return [role for role in cls if kind in cls.allowed_kinds(role)]


# Roles that approve, coordinate or publish act only after a second factor is enrolled.
MFA_ROLES = frozenset(
    {Role.MUNICIPAL_APPROVER, Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_APPROVER, Role.COUNCIL_SECRETARIAT}
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("メールアドレス"), unique=True)
    full_name = models.CharField(_("氏名"), max_length=100)
    is_active = models.BooleanField(_("有効"), default=True)
    is_staff = models.BooleanField(_("管理画面の利用"), default=False)
    date_joined = models.DateTimeField(_("登録日時"), default=timezone.now)
    language = models.CharField(
        _("表示言語"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_session_auth_hash(self) -> str:
        """The hash a session is checked against; a user from portal.auth_cache brings it along
        (its password is deferred and never cached)."""
        if "password" in self.get_deferred_fields() and hasattr(self, "_cached_session_auth_hash"):
            return self._cached_session_auth_hash
        return super().get_session_auth_hash()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def role_memberships(self) -> list[Membership]:
        """The user's memberships with their organisations, loaded once per user object."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("memberships")
        if prefetched is not None and not hasattr(self, "_role_memberships"):
            self._role_memberships = list(prefetched)
        if not hasattr(self, "_role_memberships"):
            self._role_memberships = list(
                self.memberships.select_related("organisation", "organisation__prefecture").order_by(
                    "organisation__lg_code", "role"
                )
            )
        return self._role_memberships

    def forget_roles(self) -> None:
        self.__dict__.pop("_role_memberships", None)
        getattr(self, "_prefetched_objects_cache", {}).pop("memberships", None)

    def has_role(self, role: str, scope: Organisation | int | None) -> bool:
        """Whether the user holds this role in exactly this organisation."""
        scope_id = scope.pk if isinstance(scope, Organisation) else scope
        return any(m.role == role and m.organisation_id == scope_id for m in self.role_memberships)

    def scope_ids(self, *roles: str) -> set[int]:
        """Ids of the organisations in which the user holds any of these roles."""
        return {m.organisation_id for m in self.role_memberships if m.role in roles}

    @property
    def needs_mfa(self) -> bool:
        """Whether the user's roles require a second factor before they may act."""
        return self.is_superuser or any(m.role in MFA_ROLES for m in self.role_memberships)


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user: User):
        """Memberships the user manages, plus their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(Q(user=user) | Q(organisation__in=Organisation.objects.managed_by(user)))

    def for_list_page(self):
        return self.select_related("user", "organisation", "organisation__prefecture", "granted_by")


class Membership(models.Model):
    """One role a user holds in one organisation (or council)."""

    user = models.ForeignKey(
        User, verbose_name=_("利用者"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("団体"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("役割"), max_length=30, choices=Role)
    granted_by = models.ForeignKey(
        User, verbose_name=_("付与者"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("付与日時"), default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("役割")
        verbose_name_plural = _("役割")
        ordering = ["organisation__lg_code", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_once"),
            models.CheckConstraint(name="membership_role_known", condition=Q(role__in=Role.values)),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} {choice_label(self, 'role')}"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind not in Role.allowed_kinds(self.role):
            raise ValidationError({"role": _("この役割はこの種別の団体には付与できません。")})


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user: User):
        """Invitations to organisations the user manages."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(organisation__in=Organisation.objects.managed_by(user))

    def pending(self):
        """Invitations not yet accepted, revoked or expired."""
        return self.filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now())

    def for_list_page(self):
        return self.select_related("organisation", "invited_by", "accepted_user")


class Invitation(Workflow, models.Model):
    """An emailed, single-use, expiring offer of a role in an organisation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("未承諾")
        ACCEPTED = "accepted", _("承諾済み")
        REVOKED = "revoked", _("取消し")

    MOVES = {Status.PENDING: {Status.ACCEPTED, Status.REVOKED}}
    refused_move_message = _("この招待はすでに使用済みか取り消されています。")

    email = models.EmailField(_("メールアドレス"))
    full_name = models.CharField(_("氏名"), max_length=100)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("団体"), on_delete=models.PROTECT, related_name="invitations"
    )
    role = models.CharField(_("役割"), max_length=30, choices=Role)
    message = models.TextField(_("メッセージ"), blank=True)
    language = models.CharField(
        _("案内メールの言語"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The link's token is derived from this nonce with SECRET_KEY (see derive_token): the row alone
    # cannot rebuild a link, yet a worker can mail it later without the token travelling in a task.
    token_nonce = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(User, verbose_name=_("招待者"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("招待日時"), default=timezone.now)
    expires_at = models.DateTimeField(_("有効期限"))
    accepted_at = models.DateTimeField(_("承諾日時"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        User,
        verbose_name=_("承諾した利用者"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email_sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("招待")
        verbose_name_plural = _("招待")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "organisation", "role"],
                condition=Q(status="pending"),
                name="invitation_one_pending_per_role",
            ),
            models.CheckConstraint(
                name="invitation_accepted_has_user",
                condition=~Q(status="accepted") | Q(accepted_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} {choice_label(self, 'role')}"

    @classmethod
    def new_token(cls) -> str:
        return secrets.token_urlsafe(32)

    def set_token(self, token: str) -> None:
        self.token_hash = hash_token(token)
        self.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)

    def issue_token(self) -> str:
        """Start a new link from a fresh nonce (the previous link stops working); returns its token."""
        self.token_nonce = secrets.token_urlsafe(32)
        token = self.derive_token()
        self.set_token(token)
        return token

    def derive_token(self) -> str:
        """The link's token for the current nonce under the current SECRET_KEY."""
        digest = salted_hmac("portal.Invitation.token", self.token_nonce, algorithm="sha256").digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    @property
    def mail_key(self) -> str:
        """The idempotency key of the mail for the current link: one delivery per issued token."""
        return f"invitation:{self.pk}:{hash_token(self.token_nonce)[:24]}"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.PENDING and not self.is_expired

    @property
    def invitee_has_account(self) -> bool:
        """Whether the invited address already belongs to a user (who then accepts while signed in)."""
        return User.objects.filter(email__iexact=self.email).exists()

    @property
    def state_label(self) -> str:
        return str(_("期限切れ")) if self.is_expired else choice_label(self, "status")

    def check_move(self, status: str) -> None:
        if status == self.Status.ACCEPTED and self.is_expired:
            raise PortalError(_("この招待の有効期限が切れています。招待した担当者に再送を依頼してください。"))
