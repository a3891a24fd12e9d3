from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentpoolConfig(AppConfig):
    name = "talentpool"
    verbose_name = _("人材プール")

    def ready(self) -> None:
        # Audit verbs, notification events and dashboard sections; search text following renamed roles.
        from portal.demo import register_demo
        from portal.models import Role
        from portal.navigation import NavItem, register
        from portal.quick_links import QuickLink
        from portal.quick_links import register as register_quick_link
        from talentpool import events, signals  # noqa: F401
        from talentpool.demo import seed_talent_pool
        from talentpool.permissions import (
            can_manage_any_pool,
            can_search_pool,
            can_see_dispatch,
            can_see_programmes,
            own_profile_pk,
        )

        register_demo(seed_talent_pool)
        register(
            NavItem(
                _("マイプロフィール"),
                "talentpool:talent-detail",
                lambda user: own_profile_pk(user) is not None,
                args=lambda user: (own_profile_pk(user),),
            )
        )
        register(NavItem(_("人材を探す"), "talentpool:talent-search", can_search_pool))
        register(NavItem(_("人材プールの管理"), "talentpool:pool-list", can_manage_any_pool))
        register(NavItem(_("派遣依頼"), "talentpool:dispatch-list", can_see_dispatch))
        register(NavItem(_("派遣事業の設定"), "talentpool:programme-list", can_see_programmes))
        register(NavItem(_("求人票"), "talentpool:job-list", lambda user: True))

        municipal = frozenset({Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER})
        register_quick_link(QuickLink(_("人材を探す"), "talentpool:talent-search", municipal, order=10))
        register_quick_link(QuickLink(_("求人票を作成する"), "talentpool:job-create", municipal, order=20))
        coordinator = frozenset({Role.PREFECTURE_COORDINATOR})
        register_quick_link(
            QuickLink(_("人材プールを管理する"), "talentpool:pool-list", coordinator, admin=True, order=10)
        )
        approver = frozenset({Role.PREFECTURE_APPROVER})
        register_quick_link(QuickLink(_("求人票を見る"), "talentpool:job-list", approver, order=10))
        talent = frozenset({Role.TALENT})
        for label, url_name, order in (
            (_("マイプロフィール"), "talentpool:talent-detail", 10),
            (_("稼働できる日数を登録する"), "talentpool:talent-capacity", 20),
            (_("経歴（研修・スキルの推移）"), "talentpool:talent-career", 30),
        ):
            register_quick_link(QuickLink(label, url_name, talent, order=order, args=_own_profile_args))


def _own_profile_args(user):
    from talentpool.permissions import own_profile_pk

    pk = own_profile_pk(user)
    return None if pk is None else (pk,)
