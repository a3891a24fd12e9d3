"""Coverage: which of a prefecture's municipalities the dispatch programme has not reached this FY."""

from __future__ import annotations

import datetime

from django.db import models

from portal.models import Membership, Organisation
from talentpool.models import DispatchRequest


def municipalities_without_support(prefectures, year: int):
    """The prefectures' municipalities with no approved, active, reporting or completed dispatch
    starting in fiscal year `year`, smallest first, annotated with their latest population, their
    municipal staff on the portal (what the waitlist ranks by where a municipality has not reported its
    DX staff count, which the organisation row carries) and the requests they have open (one query,
    whatever the number of municipalities)."""
    first, last = datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
    this_year = DispatchRequest.objects.filter(start_date__gte=first, start_date__lte=last)
    supported = this_year.filter(status__in=DispatchRequest.BOOKED).values("municipality_id")
    closed = [s for s, moves in DispatchRequest.MOVES.items() if not moves]
    open_requests = (
        this_year.filter(municipality=models.OuterRef("pk"))
        .exclude(status__in=[*closed, *DispatchRequest.BOOKED, DispatchRequest.Status.DRAFT])
        .values("municipality")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    staff = (
        Membership.objects.filter(
            organisation=models.OuterRef("pk"), role__in=DispatchRequest.MUNICIPAL_ROLES
        )
        .values("organisation")
        .annotate(n=models.Count("user", distinct=True))
        .values("n")
    )
    return (
        Organisation.objects.municipalities()
        .filter(prefecture__in=prefectures)
        .exclude(pk__in=supported)
        .with_latest_population()
        .annotate(
            portal_staff=models.functions.Coalesce(models.Subquery(staff), 0),
            open_requests=models.functions.Coalesce(models.Subquery(open_requests), 0),
        )
        .select_related("prefecture")
        .order_by(models.F("population_value").asc(nulls_last=True), "lg_code")
    )
