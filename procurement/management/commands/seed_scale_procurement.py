"""National-scale joint procurements for benchmarks: N invented projects led by prefectures, each with
its municipalities as participants, requirements, votes and questions. Deterministic, bulk inserts,
DEMO_MODE only; a tenth of the projects are led by 広島県, whose coordinator the benchmark signs in as.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from portal.dates import today
from portal.models import Organisation, User
from procurement.models import Participant, Project, Question, Requirement, Vote

MARK = "（規模試験）"
HOME = "340006"
SYSTEMS = [
    "電子申請システム",
    "文書管理システム",
    "公開型GIS",
    "RPAツール",
    "庁内チャット",
    "財務会計システム",
]
REQUIREMENTS = [
    "LGWAN-ASPとして提供されること。",
    "マイナンバーカードによる本人確認に対応すること。",
    "操作ログを5年間保存できること。",
    "JIS X 8341-3:2016 の適合レベルAAに対応すること。",
    "CSVで全データを出力できること。",
]
INTENTS = [
    (Participant.Intent.JOIN, 60),
    (Participant.Intent.CONSIDERING, 15),
    (Participant.Intent.DECLINE, 25),
]
VOTES = [Vote.Choice.MUST, Vote.Choice.WANT, Vote.Choice.NOT_NEEDED]


class Command(BaseCommand):
    help = "Create N invented joint procurements with participants, votes and questions (benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=500)
        parser.add_argument("--requirements", type=int, default=20, help="per project")
        parser.add_argument("--questions", type=int, default=10, help="per project")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, projects: int, requirements: int, questions: int, seed: int, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_scale_procurement writes invented data; it runs only with DEMO_MODE=true."
            )
        existing = Project.objects.filter(title__startswith=MARK).count()
        if existing >= projects:
            self.stdout.write(f"{existing} scale projects already exist.")
            return
        made = self._create(projects - existing, requirements, questions, random.Random(seed + existing))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"created {made} joint procurements"))

    @transaction.atomic
    def _create(self, count: int, per_project: int, per_project_questions: int, rng: random.Random) -> int:
        author = User.objects.filter(
            email="bench.coordinator@scale.invalid"
        ).first() or User.objects.create_user(
            "bench.coordinator@scale.invalid", None, full_name="規模試験 調整担当"
        )
        prefectures = list(Organisation.objects.prefectures().order_by("lg_code"))
        home = next(p for p in prefectures if p.lg_code == HOME)
        municipalities: dict[int, list[int]] = {}
        for pk, prefecture_id in (
            Organisation.objects.filter(
                kind__in=["designated_city", "city", "town", "village", "special_ward"]
            )
            .order_by("lg_code")
            .values_list("pk", "prefecture_id")
        ):
            municipalities.setdefault(prefecture_id, []).append(pk)
        stages = [s for s in Project.Status.values if s != Project.Status.PLANNING]
        leads = [home if i % 10 == 0 else rng.choice(prefectures) for i in range(count)]
        created = Project.objects.bulk_create(
            [
                Project(
                    lead_body=lead,
                    title=f"{MARK}{lead.name} {rng.choice(SYSTEMS)}の共同調達 {i:04d}",
                    category=rng.choice(Project.Category.values),
                    method=rng.choice(Project.Method.values),
                    contract_model=rng.choice(Project.ContractModel.values),
                    status=rng.choice(stages),
                    survey_deadline=today() - datetime.timedelta(days=rng.randint(1, 200)),
                    survey_opened_at=timezone.now() - datetime.timedelta(days=230),
                    created_by=author,
                )
                for i, lead in enumerate(leads)
            ],
            batch_size=1000,
        )
        participants = Participant.objects.bulk_create(
            [
                Participant(
                    project=project,
                    municipality_id=municipality,
                    status=Participant.Status.CONFIRMED,
                    intent=rng.choices([i for i, _ in INTENTS], weights=[w for _, w in INTENTS])[0],
                    expected_accounts=rng.randint(5, 400),
                    budget_secured=rng.random() < 0.7,
                    answered_by=author,
                    confirmed_by=author,
                )
                for project, lead in zip(created, leads, strict=True)
                for municipality in municipalities[lead.pk]
            ],
            batch_size=5000,
        )
        items = Requirement.objects.bulk_create(
            [
                Requirement(
                    project=project, number=n, text=f"{rng.choice(REQUIREMENTS)}（{n}）", created_by=author
                )
                for project in created
                for n in range(1, per_project + 1)
            ],
            batch_size=5000,
        )
        by_project: dict[int, list[Requirement]] = {}
        for item in items:
            by_project.setdefault(item.project_id, []).append(item)
        Vote.objects.bulk_create(
            (
                Vote(requirement=item, participant=p, choice=rng.choice(VOTES), voted_by=author)
                for p in participants
                if p.intent == Participant.Intent.JOIN
                for item in by_project[p.project_id]
            ),
            batch_size=10000,
        )
        joined = {}
        for p in participants:
            joined.setdefault(p.project_id, []).append(p.municipality_id)
        Question.objects.bulk_create(
            [
                Question(
                    project=project,
                    number=n,
                    asked_for_id=rng.choice(joined[project.pk]),
                    asked_by=author,
                    text="既存システムからのデータ移行の範囲を教えてください。",
                    answer="住民データと過去5年分の履歴を移行の対象とします。" if n % 2 else "",
                    answered_by=author if n % 2 else None,
                )
                for project in created
                for n in range(1, per_project_questions + 1)
            ],
            batch_size=5000,
        )
        return len(created)
