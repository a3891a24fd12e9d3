"""Site admins correct bodies and rosters here; meetings and materials change through the portal's pages
(their services number, check and audit them), so the admin shows them read-only."""

from django.contrib import admin

from council.models import Body, BodyMember, Meeting
from portal.admin import AuditedModelAdmin


@admin.register(Body)
class BodyAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "parent", "secretariat"]
    list_filter = ["kind"]

    def audit_scope(self, obj):
        return obj.council


# Seats have an admin of their own rather than an inline: AuditedModelAdmin audits the object it
# saves, and an inline's rows would change without an audit row.
@admin.register(BodyMember)
class BodyMemberAdmin(AuditedModelAdmin):
    list_display = ["name", "affiliation", "position", "body", "term_start", "term_end"]
    list_filter = ["body", "position"]
    raw_id_fields = ["user"]

    def audit_scope(self, obj):
        return obj.body.council


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
