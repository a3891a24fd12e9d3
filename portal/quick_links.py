"""The few things each role starts most often, shown at the top of the dashboard.

Like the menu (portal/navigation.py), apps add their links from AppConfig.ready(); portal imports no
app. A link is shown when the active role is one of its roles (or to site admins when it says so).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class QuickLink:
    label: str
    url_name: str
    roles: frozenset[str]
    admin: bool = False
    order: int = 50
    args: Callable[[object], tuple | None] | None = None  # user -> URL arguments (None: not for this user)


LINKS: list[QuickLink] = []


def register(link: QuickLink) -> QuickLink:
    if link not in LINKS:
        LINKS.append(link)
    return link


def quick_links(request) -> list[dict]:
    """The links for the request's active role, in registration order: [{label, url}]."""
    user = request.user
    membership = getattr(request, "active_membership", None)
    role = membership.role if membership else None
    links = []
    for link in sorted(LINKS, key=lambda link: link.order):
        if not (role in link.roles or (link.admin and user.is_superuser)):
            continue
        args = link.args(user) if link.args else ()
        if args is None:
            continue
        links.append({"label": link.label, "url": reverse(link.url_name, args=args)})
    return links


def register_portal_links() -> None:
    from django.utils.translation import gettext_lazy as _

    from portal.models import Role

    prefecture = frozenset({Role.PREFECTURE_COORDINATOR})
    register(QuickLink(_("利用者を招待する"), "portal:invitation-create", prefecture, order=20))
    register(QuickLink(_("人口を取り込む"), "portal:population-import", prefecture, admin=True, order=30))
    council = frozenset({Role.COUNCIL_SECRETARIAT})
    register(QuickLink(_("協議会の利用者と役割"), "portal:member-list", council, order=10))
    register(QuickLink(_("協議会の構成員を招待する"), "portal:invitation-create", council, order=20))
    register(QuickLink(_("利用者と役割"), "portal:member-list", frozenset(), admin=True, order=10))
    register(QuickLink(_("監査記録を見る"), "portal:audit-log", frozenset(), admin=True, order=40))
    everyone = frozenset(Role.values)
    register(QuickLink(_("通知を見る"), "portal:inbox", everyone, order=90))
