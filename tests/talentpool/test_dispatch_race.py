"""Approvals racing for one talent's last days, on parallel PostgreSQL connections."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from talentpool import services
from talentpool.models import CapacityBooking, CapacityMonth, DispatchRequest
from tests.talentpool.factories import TalentFactory, make_dispatch_request, make_programme
from tests.talentpool.test_capacity import race

S = DispatchRequest.Status


@pytest.mark.django_db(transaction=True)
def test_twenty_approvals_for_the_last_days_book_what_fits_and_waitlist_the_rest(
    reference_data, staff, coordinator, prefecture_approver
):
    make_programme(allow_repeat=True)
    talent = TalentFactory()
    first = make_dispatch_request(staff)
    month = first.start_date.replace(day=1)
    end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    first.delete()
    services.set_monthly_capacity(talent=talent, month=month, days=Decimal(10), by=coordinator)
    services.book_capacity(talent=talent, month=month, days=Decimal(3), source="other", by=coordinator)
    requests = [
        make_dispatch_request(
            staff,
            status=S.PENDING_APPROVAL,
            talent=talent,
            submitted_by=coordinator,
            start_date=month,
            end_date=end,
            days_per_month=Decimal(2),
            title=f"依頼{n}",
        )
        for n in range(20)
    ]

    def approve(request):
        return lambda: (
            services.change_dispatch_status(request=request, status=S.APPROVED, by=prefecture_approver).status
        )

    outcomes = race(*(approve(r) for r in requests))

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert outcomes.count(S.APPROVED) == 3 and outcomes.count(S.WAITLISTED) == 17, outcomes
    booked = CapacityBooking.objects.filter(talent=talent, month=month).aggregate(total=Sum("days"))["total"]
    assert booked == Decimal(9) <= CapacityMonth.objects.get(talent=talent, month=month).contracted_days
    waitlisted = DispatchRequest.objects.filter(status=S.WAITLISTED)
    assert all("人材の空きが足りません" in r.waitlist_reason for r in waitlisted)
    assert CapacityBooking.objects.filter(assignment__isnull=False).count() == 3
