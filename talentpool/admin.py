"""Site admins edit the skill taxonomies here; profiles are managed through the portal's pages."""

from django.contrib import admin

from portal.admin import AuditedModelAdmin
from talentpool.models import ProficiencyLevel, SkillRole, SkillType, SupportTheme, Talent


@admin.register(SkillType)
class SkillTypeAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "name_en", "taxonomy", "order"]
    list_filter = ["taxonomy"]


@admin.register(SkillRole)
class SkillRoleAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "name_en", "type", "order"]
    list_filter = ["type"]


@admin.register(SupportTheme)
class SupportThemeAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "name_en", "order"]


@admin.register(ProficiencyLevel)
class ProficiencyLevelAdmin(AuditedModelAdmin):
    list_display = ["level", "name", "name_en"]


@admin.register(Talent)
class TalentAdmin(AuditedModelAdmin):
    list_display = ["display_name", "prefecture", "status", "employment_form"]
    list_filter = ["status", "employment_form"]
    search_fields = ["display_name", "name_kana"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
