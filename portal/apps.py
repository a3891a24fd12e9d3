from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("ポータル基盤")

    def ready(self) -> None:
        from portal import events  # noqa: F401 - registers the spine's notification events
