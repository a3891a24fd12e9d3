"""Site admins can read and correct procurement records; daily work happens on the portal's pages."""

from django.contrib import admin

from portal.admin import AuditedModelAdmin
from procurement.models import Award, CostRule, Participant, Project, Question, Requirement, StagePlan, Vote


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
