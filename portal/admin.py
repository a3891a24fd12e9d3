"""Django admin for site admins: reference data and users. Workflows run through the portal's pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.audit import record
from portal.models import (
    AuditEvent,
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
    exclude = ["token_hash"]


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
