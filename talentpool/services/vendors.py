"""The vendor and civic-tech registry (moves to the procurement app later)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import User
from talentpool import permissions
from talentpool.models import TalentPoolError, Vendor


@transaction.atomic
def save_vendor(*, vendor: Vendor, by: User, roles=(), themes=()) -> Vendor:
    """Create or update a registry entry of a prefecture the user manages."""
    if not permissions.can_manage_pool(by, vendor.prefecture_id):
        raise TalentPoolError(_("この都道府県の登録を変更する権限がありません。"))
    vendor.save()
    vendor.roles.set(roles)
    vendor.themes.set(themes)
    vendor.refresh_search_text()
    record(vendor, "vendor.saved", actor=by, scope=vendor.prefecture)
    return vendor
