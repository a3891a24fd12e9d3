"""Django admin for site admins: reference data and users. Workflows run through the portal's pages."""

import datetime

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from portal import services
from portal.audit import record
from portal.models import (
    AuditEvent,
    Delivery,
    Invitation,
    Membership,
    Organisation,
    PopulationImport,
    RegionalFramework,
    User,
)

MASK = "********"
# A field whose name holds one of these never has its value written to the audit trail.
SECRET_WORDS = ("password", "secret", "token")


def is_secret(name: str) -> bool:
    return any(word in name.lower() for word in SECRET_WORDS)


def audit_value(value):
    """A JSON-safe, readable form of a field value: related rows by their name, dates as ISO text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(str(item) for item in value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)  # Decimal, lazy translations, files


def changed_values(obj: models.Model, form, *, adding: bool) -> dict[str, dict]:
    """{field: {"from": old, "to": new}} for every field the admin form changed, secrets masked.

    Old values come from the row as it is in the database (the form has already written the new
    ones onto `obj`); many-to-many fields are not saved yet, so their new value is the form's.
    """
    before = None if adding else type(obj)._default_manager.get(pk=obj.pk)
    changes = {}
    for name in form.changed_data:
        if is_secret(name):
            changes[name] = {"from": None if adding else MASK, "to": MASK}
            continue
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is not None and field.many_to_many:
            old = list(getattr(before, name).all()) if before is not None else None
            new = form.cleaned_data.get(name)
        elif field is not None and field.concrete:
            old = getattr(before, name) if before is not None else None
            new = getattr(obj, name)
        else:
            old, new = form.initial.get(name), form.cleaned_data.get(name)
        changes[name] = {"from": audit_value(old), "to": audit_value(new)}
    return changes


def field_values(obj: models.Model) -> dict:
    """The stored values of a row (foreign keys as ids), secrets masked: what a deletion removed."""
    return {
        field.name: MASK if is_secret(field.name) else audit_value(field.value_from_object(obj))
        for field in obj._meta.concrete_fields
    }


class AuditedModelAdmin(admin.ModelAdmin):
    """Every add, change and delete made in the admin writes an audit row, beside Django's LogEntry.

    Every ModelAdmin of the portal and its apps derives from this; a test holds them to it.
    """

    def audit_scope(self, obj: models.Model) -> Organisation | None:
        """The organisation whose managers may read the row: the object itself, or its own organisation."""
        if isinstance(obj, Organisation):
            return obj
        for name in ("organisation", "prefecture"):
            related = getattr(obj, name, None)
            if isinstance(related, Organisation):
                return related
        return None

    def save_model(self, request, obj, form, change):
        changes = changed_values(obj, form, adding=not change)
        super().save_model(request, obj, form, change)
        if change and not changes:
            return
        record(
            obj,
            "admin.changed" if change else "admin.added",
            actor=request.user,
            scope=self.audit_scope(obj),
            data={"fields": list(changes), "changes": changes},
        )
        self.after_save_audited(request, obj, changes)

    def after_save_audited(self, request, obj: models.Model, changes: dict) -> None:
        """What else a change means beyond its audit row (the User admin tells the other admins)."""

    def delete_model(self, request, obj):
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record_deletion(request, obj)
        super().delete_queryset(request, queryset)

    def _record_deletion(self, request, obj: models.Model) -> None:
        record(
            obj,
            "admin.deleted",
            actor=request.user,
            scope=self.audit_scope(obj),
            data={"values": field_values(obj)},
        )


class ReadOnlyAdmin(AuditedModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["lg_code", "name", "kind", "prefecture"]
    list_filter = ["kind"]
    search_fields = ["lg_code", "name", "name_kana", "name_en"]
    raw_id_fields = ["prefecture", "parent"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_superuser", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name", "language"]}),
        (_("権限"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("日時"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    filter_horizontal = []
    list_filter = ["is_active", "is_superuser"]

    def after_save_audited(self, request, obj, changes):
        rights = {name: changes[name]["to"] for name in ("is_superuser", "is_staff") if name in changes}
        if rights:
            services.announce_admin_rights_change(user=obj, by=request.user, rights=rights)

    def user_change_password(self, request, id, form_url=""):
        # Django's view saves the password and writes its LogEntry without calling save_model.
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            before = user.password if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if user is not None:
                user.refresh_from_db(fields=["password"])
                if user.password != before:
                    services.record_admin_password_change(user=user, by=request.user)
        return response


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "role", "status", "created_at", "expires_at"]
    list_filter = ["status", "role"]
    exclude = ["token_hash", "token_nonce"]


@admin.register(RegionalFramework)
class RegionalFrameworkAdmin(ReadOnlyAdmin):
    list_display = ["prefecture", "name", "status", "has_talent_pool", "established_on"]
    list_filter = ["status", "has_talent_pool"]


@admin.register(PopulationImport)
class PopulationImportAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "reference_date", "prefecture", "status", "uploaded_by", "created_at"]
    exclude = ["rows"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "verb", "target_repr", "scope", "ip_address"]
    list_filter = ["verb"]
    search_fields = ["verb", "target_repr", "actor__email", "note"]
    date_hierarchy = "created_at"


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """Every mail in the outbox by status, with its last error. Bodies and keys are never shown:
    they may hold a live invitation or password-reset link."""

    list_display = ["created_at", "kind", "recipient", "about", "status", "attempts", "last_error_short"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["recipient_email", "invitation__email", "notification__recipient__email"]
    date_hierarchy = "created_at"
    list_select_related = ["notification__recipient", "invitation__organisation"]
    fields = [
        "kind",
        "channel",
        "recipient",
        "about",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "enqueued_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("宛先"))
    def recipient(self, delivery: Delivery) -> str:
        return delivery.recipient_address

    @admin.display(description=_("内容"))
    def about(self, delivery: Delivery) -> str:
        if delivery.kind == Delivery.Kind.NOTIFICATION:
            return delivery.notification.event
        if delivery.kind == Delivery.Kind.INVITATION:
            return str(delivery.invitation)
        return delivery.template

    @admin.display(description=_("最後のエラー"))
    def last_error_short(self, delivery: Delivery) -> str:
        return delivery.last_error[:120]
