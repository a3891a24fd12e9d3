"""seed_scale's dispatch requests: three fiscal years of invented requests over every municipality,
with assignments, cost shares, reports and ratings, written with bulk inserts (benchmarks only).

The rows are history, not live work: assignments do not book the capacity ledger (the scale
profiles' capacity covers the current fiscal year only), and nobody is notified. Two municipalities
in three get an invented DX staff count (from their code, so the same every run) so the waitlist
ranks by reported counts and by the portal-staff fallback alike.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import connection

from portal.dates import fiscal_year, today
from portal.models import Organisation, User
from talentpool.models import Assignment, DispatchProgramme, DispatchRequest, SupportTheme, Talent

MARK = "（規模試験）"
S = DispatchRequest.Status
PAST = [(S.COMPLETED, 80), (S.REJECTED, 8), (S.WITHDRAWN, 6), (S.CANCELLED, 6)]
CURRENT = [
    (S.DRAFT, 6), (S.SUBMITTED, 6), (S.SCREENING, 8), (S.RETURNED, 4), (S.MATCHING, 8),
    (S.PENDING_APPROVAL, 6), (S.APPROVED, 6), (S.ACTIVE, 14), (S.REPORTING, 6), (S.COMPLETED, 20),
    (S.REJECTED, 4), (S.WITHDRAWN, 4), (S.WAITLISTED, 6), (S.CANCELLED, 2),
]  # fmt: skip
BOOKED = {S.APPROVED, S.ACTIVE, S.REPORTING, S.COMPLETED}
TITLES = [
    "窓口DXの進め方の相談",
    "庁内ネットワーク更改の要件整理",
    "オープンデータ公開の伴走",
    "電子申請の導入支援",
]


def seed_requests(
    count: int, rng: random.Random, *, home_lg_code: str, staff: User, coordinator: User
) -> int:
    """Create `count` requests (a tenth in the home prefecture); returns how many were created."""
    current = fiscal_year(today())
    years = [current - 2, current - 1, current]
    prefectures = list(Organisation.objects.prefectures().order_by("lg_code"))
    programmes = _programmes(prefectures, years, coordinator)
    municipalities: dict[int, list[int]] = {}
    for pk, prefecture_id in (
        Organisation.objects.filter(kind__in=["designated_city", "city", "town", "village", "special_ward"])
        .order_by("lg_code")
        .values_list("pk", "prefecture_id")
    ):
        municipalities.setdefault(prefecture_id, []).append(pk)
    talents: dict[int, list[int]] = {}
    for pk, prefecture_id in Talent.objects.published().order_by("pk").values_list("pk", "prefecture_id"):
        talents.setdefault(prefecture_id, []).append(pk)
    themes = list(SupportTheme.objects.values_list("pk", flat=True))
    home = next(p for p in prefectures if p.lg_code == home_lg_code)
    rows, plans = [], []
    for i in range(count):
        prefecture = home if i % 10 == 0 else prefectures[rng.randrange(len(prefectures))]
        year = years[i % 3]
        status = _pick(rng, CURRENT if year == current else PAST)
        start = datetime.date(year, 4, 1) + datetime.timedelta(days=rng.randrange(300))
        months = rng.randint(1, 3)
        talent_id = None
        if status in BOOKED and talents.get(prefecture.pk):
            talent_id = rng.choice(talents[prefecture.pk])
        elif status in BOOKED:
            status = S.REJECTED  # a prefecture without profiles cannot have booked one
        completed = status == S.COMPLETED
        rows.append(
            DispatchRequest(
                municipality_id=rng.choice(municipalities[prefecture.pk]),
                title=f"{MARK}{rng.choice(TITLES)} {i:05d}",
                theme_id=rng.choice(themes),
                situation="担当職員が1名で、標準化と窓口改善を同時に進める必要がある。",
                goals="半年で手順書を整え、職員が自走できる状態にする。",
                start_date=start,
                end_date=start + datetime.timedelta(days=30 * months),
                days_per_month=Decimal(rng.choice([2, 3, 4])),
                talent_id=talent_id,
                status=status,
                created_by=staff,
                submitted_by=None if status == S.DRAFT else staff,
                report="定例会を開き、業務フローの見直し案をまとめた。" if completed else "",
                rating=rng.randint(3, 5) if completed else None,
            )
        )
        plans.append((prefecture.pk, year, months))
    created = DispatchRequest.objects.bulk_create(rows, batch_size=2000)
    assignments = []
    for request, (prefecture_id, year, months) in zip(created, plans, strict=True):
        if request.talent_id is None:
            continue
        programme = programmes[(prefecture_id, year)]
        days = request.days_per_month * months
        assignments.append(
            Assignment.priced(request=request, programme=programme, days=days, approved_by=coordinator)
        )
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    with connection.cursor() as cursor:  # history has dates: spread the clocks over each request's year
        cursor.execute(
            """UPDATE talentpool_dispatchrequest
               SET created_at = start_date - interval '40 days' + (id %% 17) * interval '1 hour',
                   status_changed_at = start_date - interval '10 days' + (id %% 29) * interval '1 hour',
                   sent_at = CASE WHEN status <> 'draft' THEN start_date - interval '35 days' END,
                   report_filed_at = CASE WHEN status = 'completed' THEN end_date + interval '3 days' END
               WHERE title LIKE %s""",
            [f"{MARK}%"],
        )
    _invent_dx_staff(datetime.date(current, 4, 1))
    return len(created)


def _invent_dx_staff(as_of: datetime.date) -> None:
    """Fill the DX staff count of municipalities that have none, deterministically and by size: a
    handful in towns and villages (0 and 1 common), more in cities; every third left unreported."""
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE portal_organisation
               SET dx_staff_count = CASE kind
                       WHEN 'designated_city' THEN 30 + (lg_code::bigint * 7919) %% 40
                       WHEN 'city' THEN 2 + (lg_code::bigint * 7919) %% 15
                       WHEN 'special_ward' THEN 10 + (lg_code::bigint * 7919) %% 20
                       ELSE (lg_code::bigint * 7919) %% 4
                   END,
                   dx_staff_as_of = %s
               WHERE kind IN ('designated_city', 'city', 'town', 'village', 'special_ward')
                 AND dx_staff_count IS NULL AND lg_code::integer %% 3 <> 0""",
            [as_of],
        )


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([s for s, _ in weighted], weights=[w for _, w in weighted])[0]


def _programmes(prefectures, years, coordinator) -> dict[tuple[int, int], DispatchProgramme]:
    existing = {
        (p.prefecture_id, p.fiscal_year): p for p in DispatchProgramme.objects.filter(fiscal_year__in=years)
    }
    missing = [
        DispatchProgramme(
            prefecture=prefecture,
            fiscal_year=year,
            status=DispatchProgramme.Status.CONFIRMED,
            max_days_per_case=Decimal(12),
            unit_cost_yen=50000,
            share_national=50,
            share_prefecture=25,
            share_municipality=25,
            window_opens=datetime.date(year, 4, 1),
            window_closes=datetime.date(year, 12, 28),
            submitted_by=coordinator,
        )
        for prefecture in prefectures
        for year in years
        if (prefecture.pk, year) not in existing
    ]
    for programme in DispatchProgramme.objects.bulk_create(missing):
        existing[(programme.prefecture_id, programme.fiscal_year)] = programme
    return existing
