"""Site admins correct bodies and rosters here; meetings and materials change through the portal's pages
(their services number, check and audit them), so the admin shows them read-only."""

from django.contrib import admin

from council.models import Body, BodyMember, Meeting
from portal.admin import AuditedModelAdmin


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0
    fields = ["name", "affiliation", "position", "user", "term_start", "term_end"]
    raw_id_fields = ["user"]


@admin.register(Body)
class BodyAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "parent", "secretariat"]
    list_filter = ["kind"]
    inlines = [BodyMemberInline]


@admin.register(Meeting)
class MeetingAdmin(AuditedModelAdmin):
    list_display = ["__str__", "starts_at", "status", "audience"]
    list_filter = ["status", "audience", "body"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
