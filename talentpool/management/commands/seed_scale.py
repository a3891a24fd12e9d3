"""National-scale data for benchmarks: thousands of published talent profiles with a year of capacity.

Deterministic (a fixed seed) and written with bulk inserts; every profile is invented and marked as
such. A fifth of the profiles belong to 広島県, whose municipal staff the benchmark signs in as, and a
third are shared with other prefectures, so the searched set is large. Refuses without DEMO_MODE.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from portal.dates import fiscal_year, today
from portal.models import Membership, Organisation, Role, User
from talentpool.demo import GIVEN, SURNAME_KANA, SURNAMES
from talentpool.management.commands._scale_dispatch import MARK, seed_requests
from talentpool.models import (
    CapacityMonth,
    DispatchRequest,
    ProficiencyLevel,
    SkillRole,
    SupportTheme,
    Talent,
    TalentSkill,
)
from talentpool.search import fold

PHRASES = [
    "自治体の情報システム標準化とガバメントクラウド移行を支援します。",
    "電子申請とRPAの導入で窓口業務を改善してきました。",
    "データ利活用と EBPM の推進、ダッシュボードの整備が得意です。",
    "情報セキュリティポリシーの見直しと職員研修を担当しました。",
    "庁内のDX推進計画づくりと、職員のデジタル人材育成を伴走します。",
    "地域のシビックテックと協働し、オープンデータの公開を進めました。",
]
BENCH_STAFF = "bench.staff@scale.invalid"
BENCH_COORDINATOR = "bench.coordinator@scale.invalid"


class Command(BaseCommand):
    help = "Create N invented, published talent profiles with 12 months of capacity (benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--talents", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--requests", type=int, default=0, help="dispatch requests over three fiscal years (e.g. 50000)"
        )

    def handle(self, *args, talents: int, seed: int, requests: int = 0, **options):
        if not settings.DEMO_MODE:
            raise CommandError("seed_scale writes invented data; it runs only with DEMO_MODE=true.")
        existing = Talent.objects.filter(affiliation_name="（規模試験用の架空データ）").count()
        if existing >= talents:
            self.stdout.write(f"{existing} scale profiles already exist.")
        else:
            self._create(talents - existing, random.Random(seed + existing))
        staff, coordinator = self._bench_staff()
        if requests:
            self._requests(requests, random.Random(seed), staff, coordinator)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics for the bulk-inserted rows, as autovacuum would
        self.stdout.write(self.style.SUCCESS(f"scale data ready; benchmark account {BENCH_STAFF}"))

    @transaction.atomic
    def _create(self, count: int, rng: random.Random) -> None:
        prefectures = list(Organisation.objects.prefectures().order_by("lg_code"))
        hiroshima = next(p for p in prefectures if p.lg_code == "340006")
        roles = list(SkillRole.objects.all())
        levels = list(ProficiencyLevel.objects.all())
        themes = list(SupportTheme.objects.all())
        rows, skills, chosen_themes = [], [], []
        for i in range(count):
            f, g = rng.randrange(len(SURNAMES)), rng.randrange(len(GIVEN))
            talent_roles = rng.sample(roles, k=rng.randint(1, 3))
            talent_themes = rng.sample(themes, k=rng.randint(1, 3))
            introduction = " ".join(rng.sample(PHRASES, k=2))
            given, given_kana = GIVEN[g]
            name = f"{SURNAMES[f]} {given}（規模{i:05d}）"
            kana = f"{SURNAME_KANA[f]} {given_kana}"
            words = [name, kana, introduction, *(f"{r.name} {r.name_en}" for r in talent_roles)]
            words += [f"{t.name} {t.name_en}" for t in talent_themes]
            rows.append(
                Talent(
                    prefecture=hiroshima if rng.random() < 0.2 else rng.choice(prefectures),
                    display_name=name,
                    name_kana=kana,
                    status=Talent.Status.PUBLISHED,
                    employment_form=rng.choice(Talent.EmploymentForm.values),
                    affiliation=rng.choice(Talent.Affiliation.values),
                    affiliation_name="（規模試験用の架空データ）",
                    work_style=rng.choice(Talent.WorkStyle.values),
                    introduction=introduction,
                    shared_across_prefectures=rng.random() < 0.33,
                    search_text=fold(" ".join(words)),
                )
            )
            skills.append([(role, rng.choice(levels)) for role in talent_roles])
            chosen_themes.append(talent_themes)
        created = Talent.objects.bulk_create(rows, batch_size=1000)
        TalentSkill.objects.bulk_create(
            [
                TalentSkill(talent=talent, role=role, level=level)
                for talent, pairs in zip(created, skills, strict=True)
                for role, level in pairs
            ],
            batch_size=2000,
        )
        Through = Talent.themes.through
        Through.objects.bulk_create(
            [
                Through(talent_id=talent.pk, supporttheme_id=theme.pk)
                for talent, picked in zip(created, chosen_themes, strict=True)
                for theme in picked
            ],
            batch_size=2000,
        )
        year = fiscal_year(today())
        months = [datetime.date(year + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]
        CapacityMonth.objects.bulk_create(
            [
                CapacityMonth(talent=talent, month=month, contracted_days=Decimal(rng.randint(0, 12)))
                for talent in created
                for month in months
            ],
            batch_size=5000,
        )
        self.stdout.write(f"created {len(created)} profiles with {len(created) * 12} capacity months")

    def _bench_staff(self) -> tuple[User, User]:
        user = User.objects.filter(email=BENCH_STAFF).first()
        if user is None:
            user = User.objects.create_user(BENCH_STAFF, None, full_name="規模試験 職員")
        Membership.objects.get_or_create(
            user=user, organisation=Organisation.objects.get(lg_code="345458"), role=Role.MUNICIPAL_STAFF
        )
        coordinator = User.objects.filter(email=BENCH_COORDINATOR).first()
        if coordinator is None:
            coordinator = User.objects.create_user(BENCH_COORDINATOR, None, full_name="規模試験 調整担当")
        Membership.objects.get_or_create(
            user=coordinator,
            organisation=Organisation.objects.get(lg_code="340006"),
            role=Role.PREFECTURE_COORDINATOR,
        )
        return user, coordinator

    @transaction.atomic
    def _requests(self, target: int, rng: random.Random, staff: User, coordinator: User) -> None:
        existing = DispatchRequest.objects.filter(title__startswith=MARK).count()
        if existing >= target:
            self.stdout.write(f"{existing} scale dispatch requests already exist.")
            return
        created = seed_requests(
            target - existing, rng, home_lg_code="340006", staff=staff, coordinator=coordinator
        )
        self.stdout.write(f"created {created} dispatch requests over three fiscal years")
