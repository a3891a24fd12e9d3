"""Template context every page needs: the active role, navigation and the demo banner."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import permissions
from portal.navigation import ITEMS, mark_current


def portal(request):
    user = getattr(request, "user", None)
    nav = [{"label": _("ホーム"), "url": reverse("portal:home")}]
    if user is not None and user.is_authenticated:
        nav.append({"label": _("ダッシュボード"), "url": reverse("portal:dashboard")})
    nav.append({"label": _("団体一覧"), "url": reverse("portal:organisation-list")})
    if user is not None:
        nav += [
            {"label": item.label, "url": reverse(item.url_name, args=item.args(user) if item.args else ())}
            for item in ITEMS
            if item.visible(user)
        ]
        if permissions.can_manage_any_members(user):
            nav.append({"label": _("利用者と役割"), "url": reverse("portal:member-list")})
        if permissions.can_import_population(user):
            nav.append({"label": _("人口の取込"), "url": reverse("portal:population-import")})
        if permissions.can_view_audit_log(user):
            nav.append({"label": _("監査記録"), "url": reverse("portal:audit-log")})
    mark_current(nav, getattr(request, "path", ""))
    unread = 0
    if user is not None and user.is_authenticated:
        from portal.models import Notification

        unread = Notification.objects.for_user(user).unread().count()
    return {
        "unread_notifications": unread,
        "demo_mode": settings.DEMO_MODE,
        "main_nav": nav,
        "active_membership": getattr(request, "active_membership", None),
    }
