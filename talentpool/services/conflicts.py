"""What other apps may ask the pool about conflicts of interest (procurement's award asks it)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from portal.textsearch import fold
from talentpool.models import DispatchRequest

LOOKBACK_DAYS = 365


def _key(name: str) -> str:
    return "".join(fold(name).split())


@dataclass(frozen=True)
class AffiliateDispatch:
    """One booked dispatch of a talent affiliated with the vendor, to one of the municipalities."""

    talent_name: str
    affiliation_name: str
    municipality_id: int
    municipality_name: str
    start_date: datetime.date
    end_date: datetime.date


def dispatches_of_vendor_affiliates(
    vendor_name: str, municipality_ids, *, on: datetime.date
) -> list[AffiliateDispatch]:
    """Booked dispatches (approved, active, reporting or completed) to these municipalities, running at
    some time in the 12 months up to `on`, of pool talents whose affiliation is the vendor — the names
    compared folded (width, case, spaces), so 「株式会社 Ａ」 matches 「株式会社a」. One query."""
    wanted = _key(vendor_name)
    if not wanted or not municipality_ids:
        return []
    rows = (
        DispatchRequest.objects.filter(
            status__in=DispatchRequest.BOOKED,
            municipality_id__in=list(municipality_ids),
            talent__isnull=False,
            start_date__lte=on,
            end_date__gte=on - datetime.timedelta(days=LOOKBACK_DAYS),
        )
        .exclude(talent__affiliation_name="")
        .select_related("talent", "municipality")
        .order_by("start_date", "pk")
    )
    return [
        AffiliateDispatch(
            talent_name=row.talent.display_name,
            affiliation_name=row.talent.affiliation_name,
            municipality_id=row.municipality_id,
            municipality_name=row.municipality.name,
            start_date=row.start_date,
            end_date=row.end_date,
        )
        for row in rows
        if _key(row.talent.affiliation_name) == wanted
    ]
