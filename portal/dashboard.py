""" "What needs my action": every provider registered with portal.registry.register_dashboard (the
spine's own in portal/events.py, each app's in its events.py) returns sections for the request;
`since` on an item is when it began waiting, shown as its age.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from portal import permissions
from portal.labels import choice_label
from portal.models import Invitation, PopulationImport, RegionalFramework, Role
from portal.registry import DASHBOARD_PROVIDERS


def action_items(request) -> list[dict]:
    """Every section of every provider for this request's user, in registration order."""
    return [section for provider in DASHBOARD_PROVIDERS for section in provider(request)]


def spine_sections(request) -> list[dict]:
    """Invitations awaiting acceptance, population previews awaiting a decision, frameworks coordinated."""
    user = request.user
    sections = []
    if permissions.can_manage_any_members(user):
        pending = Invitation.objects.visible_to(user).pending().select_related("organisation")[:10]
        sections.append(
            {
                "title": _("承諾待ちの招待"),
                "items": [
                    {
                        "label": _("%(name)s（%(email)s）") % {"name": i.full_name, "email": i.email},
                        "meta": f"{i.organisation.display_name} / {choice_label(i, 'role')}",
                        "url": reverse("portal:member-list"),
                        "since": i.created_at,
                    }
                    for i in pending
                ],
                "empty": _("承諾待ちの招待はありません。"),
                "more_url": reverse("portal:member-list"),
            }
        )
    if permissions.can_import_population(user):
        previews = PopulationImport.objects.visible_to(user).filter(status=PopulationImport.Status.PREVIEW)[
            :10
        ]
        sections.append(
            {
                "title": _("確認待ちの人口取込"),
                "items": [
                    {
                        "label": p.file_name,
                        "meta": _("基準日 %(date)s・エラー %(errors)d件")
                        % {"date": p.reference_date, "errors": p.error_count},
                        "url": reverse("portal:population-import-detail", args=[p.pk]),
                        "since": p.created_at,
                    }
                    for p in previews
                ],
                "empty": _("確認待ちの取込はありません。"),
                "more_url": reverse("portal:population-import"),
            }
        )
    prefecture_ids = user.scope_ids(Role.PREFECTURE_COORDINATOR)
    if prefecture_ids:
        frameworks = RegionalFramework.objects.filter(prefecture_id__in=prefecture_ids).select_related(
            "prefecture"
        )
        sections.append(
            {
                "title": _("担当する地域DX推進体制"),
                "items": [
                    {
                        "label": str(f),
                        "meta": f"{f.prefecture.display_name} / {choice_label(f, 'status')}",
                        "url": reverse("portal:framework-detail", args=[f.prefecture.lg_code]),
                    }
                    for f in frameworks
                ],
                "empty": _("担当する体制はまだ登録されていません。"),
            }
        )
    return sections
