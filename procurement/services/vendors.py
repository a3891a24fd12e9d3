"""The vendor and civic-tech registry: a prefecture's coordinators keep its entries."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import User
from procurement import permissions
from procurement.exceptions import ProcurementError
from procurement.models import Vendor


@transaction.atomic
def save_vendor(*, vendor: Vendor, by: User, roles=(), themes=()) -> Vendor:
    """Create or update a registry entry of a prefecture the user keeps the registry for."""
    if not permissions.can_manage_vendors(by, vendor.prefecture_id):
        raise ProcurementError(_("この都道府県の登録を変更する権限がありません。"))
    vendor.save()
    vendor.roles.set(roles)
    vendor.themes.set(themes)
    vendor.refresh_search_text()
    record(vendor, "vendor.saved", actor=by, scope=vendor.prefecture)
    return vendor
