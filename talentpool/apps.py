from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentpoolConfig(AppConfig):
    name = "talentpool"
    verbose_name = _("人材プール")

    def ready(self) -> None:
        import talentpool.events  # noqa: F401 - registers audit verbs, notification events, dashboard sections
        from portal.demo import register_demo
        from portal.navigation import NavItem, register
        from talentpool.demo import seed_talent_pool
        from talentpool.permissions import (
            can_manage_any_pool,
            can_search_pool,
            can_see_dispatch,
            can_see_programmes,
        )

        register_demo(seed_talent_pool)
        register(NavItem(_("人材を探す"), "talentpool:talent-search", can_search_pool))
        register(NavItem(_("人材プールの管理"), "talentpool:pool-list", can_manage_any_pool))
        register(NavItem(_("派遣依頼"), "talentpool:dispatch-list", can_see_dispatch))
        register(NavItem(_("派遣事業の設定"), "talentpool:programme-list", can_see_programmes))
        register(NavItem(_("求人票"), "talentpool:job-list", lambda user: True))
        register(NavItem(_("ベンダー・シビックテック"), "talentpool:vendor-list", can_search_pool))
