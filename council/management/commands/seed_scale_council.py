"""National-scale council data for benchmarks: working groups with N invented meetings, their agendas
and materials (with extracted text), minutes remarks left out. Deterministic, bulk inserts, DEMO_MODE
only. Every material version points at one stored Japanese PDF (the files' bytes do not matter to the
pages measured); the search index is rebuilt from the rows at the end.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from council.models import AgendaItem, Audience, Body, Material, MaterialText, MaterialVersion, Meeting
from council.pdf import minimal_pdf
from council.services.search import rebuild_index
from portal.models import Organisation, User

MARK = "（規模試験）"
TOPICS = [
    "情報システムの標準化",
    "ガバメントクラウドへの移行",
    "電子申請の共通化",
    "データ連携基盤",
    "共通SaaSの活用",
]
WORDS = [
    "自治体の情報システム標準化の進捗を報告し、移行計画の課題を整理した。",
    "申請手続のオンライン化について、共通のフォームと本人確認の方式を検討した。",
    "ガバメントクラウドの利用料金と運用の分担について意見を交わした。",
    "住民記録と税務のデータ連携の仕様案を示し、各団体の意見を照会した。",
    "共同調達の対象となる共通SaaSの候補を比較し、効果検証の進め方を決めた。",
]
PDF_PATH = "council-materials/scale/material.pdf"


class Command(BaseCommand):
    help = "Create N invented council meetings with agendas and materials (benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=300)
        parser.add_argument("--materials", type=int, default=20, help="per meeting")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, meetings: int, materials: int, seed: int, **options):
        if not settings.DEMO_MODE:
            raise CommandError("seed_scale_council writes invented data; it runs only with DEMO_MODE=true.")
        existing = Meeting.objects.filter(venue__startswith=MARK).count()
        if existing >= meetings:
            self.stdout.write(f"{existing} scale meetings already exist.")
            return
        made = self._create(meetings - existing, materials, random.Random(seed + existing))
        rows = rebuild_index()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"created {made} meetings; search index: {rows} rows"))

    @transaction.atomic
    def _create(self, count: int, per_meeting: int, rng: random.Random) -> int:
        author = User.objects.filter(
            email="bench.secretariat@scale.invalid"
        ).first() or User.objects.create_user(
            "bench.secretariat@scale.invalid", None, full_name="規模試験 事務局"
        )
        council, _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.COUNCIL, name="国・地方デジタル共通基盤推進連絡協議会"
        )
        bodies = [
            Body.objects.get_or_create(
                council=council, name=f"{MARK}{topic}ワーキンググループ", defaults={"secretariat": council}
            )[0]
            for topic in TOPICS
        ]
        if not default_storage.exists(PDF_PATH):
            default_storage.save(PDF_PATH, ContentFile(minimal_pdf(["規模試験用の資料", WORDS[0]])))
        size = default_storage.size(PDF_PATH)
        numbers = {b.pk: Meeting.objects.filter(body=b).count() for b in bodies}
        start = timezone.now() - datetime.timedelta(days=3 * 365)
        rows = []
        for i in range(count):
            body = bodies[i % len(bodies)]
            numbers[body.pk] += 1
            starts = start + datetime.timedelta(days=i * 3 * 365 // max(count, 1), hours=1)
            rows.append(
                Meeting(
                    body=body,
                    number=numbers[body.pk],
                    status=Meeting.Status.HELD,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=2),
                    venue=f"{MARK}中央合同庁舎第8号館",
                    created_by=author,
                    approval_requested_by=author,
                    approval_requested_at=starts - datetime.timedelta(days=14),
                    approved_by=author,
                    approved_at=starts - datetime.timedelta(days=13),
                )
            )
        meetings = Meeting.objects.bulk_create(rows, batch_size=1000)
        AgendaItem.objects.bulk_create(
            [
                # Seeded into held meetings: approved with the meeting.
                AgendaItem(
                    meeting=m,
                    position=p,
                    title=title,
                    presenter="事務局",
                    duration_minutes=20,
                    drafted_by=author,
                    status=AgendaItem.Status.APPROVED,
                    approved_by=author,
                    approved_at=m.approved_at,
                )
                for m in meetings
                for p, title in enumerate(["開会", *rng.sample(TOPICS, 3), "閉会"], start=1)
            ],
            batch_size=5000,
        )
        materials = []
        for m in meetings:
            for n in range(1, per_meeting + 1):
                closed = rng.random() < 0.2
                materials.append(
                    Material(
                        meeting=m,
                        kind=Material.Kind.MATERIAL,
                        number=str(n),
                        title=f"{rng.choice(TOPICS)}について（資料{n}）",
                        position=n,
                        audience=Audience.MEMBERS if closed else Audience.PUBLIC,
                        non_disclosure_reason="意思決定の過程にある情報のため" if closed else "",
                    )
                )
        materials = Material.objects.bulk_create(materials, batch_size=5000)
        versions = MaterialVersion.objects.bulk_create(
            [
                MaterialVersion(
                    material=material,
                    version=1,
                    file=PDF_PATH,
                    file_name=f"shiryo{material.number}.pdf",
                    file_format=MaterialVersion.Format.PDF,
                    size=size,
                    uploaded_by=author,
                    uploaded_at=material.meeting.starts_at - datetime.timedelta(days=3),
                    # Seeded into held meetings: approved with the meeting.
                    status=MaterialVersion.Status.APPROVED,
                    approved_by=author,
                    approved_at=material.meeting.approved_at,
                )
                for material in materials
            ],
            batch_size=5000,
        )
        MaterialText.objects.bulk_create(
            [
                MaterialText(version=v, status=MaterialText.Status.DONE, text=" ".join(rng.sample(WORDS, 3)))
                for v in versions
            ],
            batch_size=5000,
        )
        return len(meetings)
