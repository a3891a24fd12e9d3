"""Django admin for site admins: reference data and users. Workflows run through the portal's pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

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


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["lg_code", "name", "kind", "prefecture"]
    list_filter = ["kind"]
    search_fields = ["lg_code", "name", "name_kana", "name_en"]
    raw_id_fields = ["prefecture", "parent"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        verb = "organisation.renamed" if change else "organisation.created"
        record(obj, verb, actor=request.user, scope=obj, data={"fields": list(form.changed_data)})


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
