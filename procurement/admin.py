"""Site admins can read and correct procurement records; daily work happens on the portal's pages."""

from django.contrib import admin

from portal.admin import AuditedModelAdmin
from procurement.models import (
    Award,
    CostRule,
    Participant,
    Project,
    Question,
    Requirement,
    StagePlan,
    System,
    SystemUse,
    Vote,
)


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ["title", "lead_body", "category", "method", "status"]
    list_filter = ["status", "category", "method"]
    search_fields = ["title"]
    readonly_fields = ["status"]


@admin.register(StagePlan)
class StagePlanAdmin(AuditedModelAdmin):
    list_display = ["project", "stage", "starts_on", "ends_on", "visibility"]


@admin.register(Participant)
class ParticipantAdmin(AuditedModelAdmin):
    list_display = ["project", "municipality", "status", "intent", "budget_secured"]
    list_filter = ["status", "intent"]
    readonly_fields = ["status"]


@admin.register(CostRule)
class CostRuleAdmin(AuditedModelAdmin):
    list_display = ["project", "total_amount", "unit", "equal_weight", "population_weight", "volume_weight"]


@admin.register(Requirement)
class RequirementAdmin(AuditedModelAdmin):
    list_display = ["project", "section", "number", "text"]
    search_fields = ["text", "section"]


@admin.register(Vote)
class VoteAdmin(AuditedModelAdmin):
    list_display = ["requirement", "participant", "choice", "voted_by", "voted_at"]
    list_filter = ["choice"]


@admin.register(Question)
class QuestionAdmin(AuditedModelAdmin):
    list_display = ["project", "number", "asked_for", "answered_at", "published_at"]


@admin.register(Award)
class AwardAdmin(AuditedModelAdmin):
    list_display = ["project", "supplier_name", "initial_amount", "annual_amount", "awarded_on"]


@admin.register(System)
class SystemAdmin(AuditedModelAdmin):
    """Site admins curate the catalogue; municipalities declare their own use on its pages."""

    list_display = ["name", "category", "kind", "vendor_name", "is_demo"]
    list_filter = ["category", "kind", "is_demo"]
    search_fields = ["name", "vendor_name"]


@admin.register(SystemUse)
class SystemUseAdmin(AuditedModelAdmin):
    list_display = ["system", "municipality", "declared_at", "ended_at"]
    readonly_fields = ["declared_by", "ended_by", "ended_at"]
