"""Matching ranks candidates by past ratings and load balance too, and says so per candidate."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentpool import services
from talentpool.models import DispatchRequest
from tests.talentpool.factories import TalentFactory, make_dispatch_request, make_programme

S = DispatchRequest.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def request_(reference_data, staff):
    make_programme()
    return make_dispatch_request(staff, status=S.MATCHING)


def available(talent, request, coordinator, days=8, booked=0):
    for month in request.months():
        services.set_monthly_capacity(talent=talent, month=month, days=Decimal(days), by=coordinator)
        if booked:
            services.book_capacity(
                talent=talent, month=month, days=Decimal(booked), source="other", by=coordinator
            )


def rated(staff, talent, *ratings):
    for rating in ratings:
        make_dispatch_request(staff, status=S.COMPLETED, talent=talent, rating=rating, title="過去の派遣")


def reasons_of(ranked, talent):
    return next(c.reasons for c in ranked if c.talent == talent)


def test_better_rated_talents_rank_first_and_say_their_rating(request_, staff, coordinator):
    praised, criticised, new = TalentFactory(), TalentFactory(), TalentFactory()
    for talent in (praised, criticised, new):
        available(talent, request_, coordinator)
    rated(staff, praised, 5, 4)
    rated(staff, criticised, 2)
    # An ungraded dispatch and an unfinished one do not count.
    make_dispatch_request(staff, status=S.COMPLETED, talent=criticised)
    make_dispatch_request(staff, status=S.ACTIVE, talent=criticised, rating=5)

    ranked = services.rank_candidates(request_)

    assert [c.talent for c in ranked] == [praised, new, criticised]
    assert "評価 4.5（2件）" in reasons_of(ranked, praised)
    assert "評価 2.0（1件）" in reasons_of(ranked, criticised)
    assert "評価なし" in reasons_of(ranked, new)


def test_among_equals_the_less_loaded_talent_ranks_first(request_, coordinator):
    busy, idle = TalentFactory(), TalentFactory()
    available(busy, request_, coordinator, days=8, booked=6)
    available(idle, request_, coordinator, days=8)

    ranked = services.rank_candidates(request_)

    assert [c.talent for c in ranked] == [idle, busy]
    assert "期間中の稼働率 75%" in reasons_of(ranked, busy)
    assert "期間中の稼働率 0%" in reasons_of(ranked, idle)


def test_fit_still_comes_before_rating_and_load(request_, staff, coordinator):
    full, free = TalentFactory(), TalentFactory()
    available(full, request_, coordinator, days=2, booked=1)  # 1 free day a month: does not fit
    available(free, request_, coordinator, days=8, booked=5)
    rated(staff, full, 5, 5, 5)

    ranked = services.rank_candidates(request_)

    assert ranked[0].talent == free and ranked[0].fits and not ranked[1].fits


def test_ranking_is_flat_in_the_pool_and_the_ratings(
    request_, staff, coordinator, django_assert_max_num_queries
):
    talent = TalentFactory()
    available(talent, request_, coordinator)
    with CaptureQueriesContext(connection) as few:
        services.rank_candidates(request_)
    for _n in range(5):
        other = TalentFactory()
        available(other, request_, coordinator, booked=2)
        rated(staff, other, 4, 3)
    with django_assert_max_num_queries(len(few)):
        assert len(services.rank_candidates(request_)) == 6
