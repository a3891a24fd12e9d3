from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("ポータル基盤")

    def ready(self) -> None:
        from portal import auth_cache, events, signals  # noqa: F401 - receivers, notification events
        from portal.quick_links import register_portal_links

        register_portal_links()
