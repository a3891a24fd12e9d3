from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from portal import views

portal_patterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("privacy/", views.footer_page, {"name": "privacy"}, name="privacy"),
    path("accessibility/", views.footer_page, {"name": "accessibility"}, name="accessibility"),
    path("terms/", views.footer_page, {"name": "terms"}, name="terms"),
    path("contact/", views.footer_page, {"name": "contact"}, name="contact"),
    path("role/switch/", views.role_switch, name="role-switch"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<str:lg_code>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<str:lg_code>/dx-staff/", views.organisation_dx_staff, name="organisation-dx-staff"),
    path("frameworks/<str:lg_code>/", views.framework_detail, name="framework-detail"),
    path("frameworks/<str:lg_code>/edit/", views.framework_edit, name="framework-edit"),
    path("frameworks/<str:lg_code>/status/", views.framework_status, name="framework-status"),
    path("frameworks/<str:lg_code>/members/add/", views.framework_member_add, name="framework-member-add"),
    path(
        "frameworks/<str:lg_code>/members/<int:pk>/leave/",
        views.framework_member_leave,
        name="framework-member-leave",
    ),
    path("members/", views.member_list, name="member-list"),
    path("members/<int:pk>/revoke/", views.membership_revoke, name="membership-revoke"),
    path("invitations/new/", views.invitation_create, name="invitation-create"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation-resend"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("invitations/accept/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("population/import/", views.population_import, name="population-import"),
    path("population/import/<int:pk>/", views.population_import_detail, name="population-import-detail"),
    path("population/import/<int:pk>/apply/", views.population_import_apply, name="population-import-apply"),
    path("audit/", views.audit_log, name="audit-log"),
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification-open"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("notifications/preferences/", views.notification_preferences, name="notification-preferences"),
]

# The admin site has no sign-in of its own: its login page sends people to allauth's, with its rate
# limits and second-factor stage (and RequireMFAMiddleware checks the session on every admin page).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("talent/", include("talentpool.urls")),
    path("procurement/", include("procurement.urls")),
    path("council/", include("council.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCHMARK_NOOP:
    # `make bench` measures each page against this: the same middleware, no work of its own.
    urlpatterns.append(path("bench/noop", views.noop))

handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
