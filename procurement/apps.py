from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("共同調達")

    def ready(self) -> None:
        from portal.demo import register_demo
        from portal.navigation import NavItem, register
        from procurement import events  # noqa: F401 - registers verbs, events, dashboard, menu, beat
        from procurement.demo import seed_projects, seed_vendors
        from procurement.permissions import offers_vendor_registry

        register(NavItem(_("ベンダー・シビックテック"), "procurement:vendor-list", offers_vendor_registry))
        register_demo(seed_vendors)
        register_demo(seed_projects)
