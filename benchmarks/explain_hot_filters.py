"""Benchmark (not a test): EXPLAIN (ANALYZE, BUFFERS) of the job list and the talent filters by
prefecture and status, on the scale data (see docs/performance.md, "Indexes for the hot filters").

    DEMO_MODE=true .venv/bin/python manage.py seed_scale --talents 5000
    .venv/bin/python benchmarks/explain_hot_filters.py --jobs 20000

seed_scale makes no job descriptions; `--jobs N` first adds N synthetic ones (85% published over
three years, 10% drafts, 5% submitted, over the municipalities; deterministic) unless the database
already holds that many. Run it against a scratch database only.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from portal.models import Organisation, User  # noqa: E402
from talentpool.filters import JobPostingFilter  # noqa: E402
from talentpool.models import JobPosting, Talent  # noqa: E402

JOBS_SQL = """
SELECT setseed(0.2026);
INSERT INTO talentpool_jobposting (title, duties, conditions, appointment, joint_appointment,
  remote_allowed, side_job_allowed, status, published_at, updated_at, created_by_id, organisation_id)
SELECT '規模試験の求人' || g, '業務', '条件', 'part_time', false, (g % 3 = 0), (g % 4 = 0),
  CASE WHEN r < 0.85 THEN 'published' WHEN r < 0.95 THEN 'draft' ELSE 'submitted' END,
  CASE WHEN r < 0.85 THEN now() - (random() * interval '1095 days') END,
  now(), (SELECT min(id) FROM portal_user), orgs.ids[1 + (g % array_length(orgs.ids, 1))]
FROM generate_series(1, %s) g
CROSS JOIN LATERAL (SELECT random() + 0 * g AS r) rnd
CROSS JOIN (SELECT array_agg(id ORDER BY id) ids FROM portal_organisation
            WHERE kind IN ('city', 'town', 'village', 'special_ward')) orgs;
ANALYZE talentpool_jobposting;
"""


def explain(label: str, queryset, *, count: bool = False) -> None:
    if count:  # the paginator's count(*), as a subquery of the same rows
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM ({sql}) AS rows", params)  # noqa: S608 - Django's SQL
            plan = "\n".join(row[0] for row in cursor.fetchall())
    else:
        plan = queryset.explain(analyze=True, buffers=True)
    print(f"== {label}\n{plan}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=0, help="add synthetic job descriptions up to this many")
    missing = parser.parse_args().jobs - JobPosting.objects.count()
    if missing > 0:
        with connection.cursor() as cursor:
            cursor.execute(JOBS_SQL % int(missing))
    hiroshima = Organisation.objects.prefectures().get(lg_code="340006")
    okayama = Organisation.objects.prefectures().get(lg_code="330001")
    staff = User.objects.get(email="bench.staff@scale.invalid")
    jobs = JobPosting.objects.published()
    newest = ("-published_at", "pk")  # the job list's order (talentpool/views/jobs.py)
    explain("job list page 1", jobs.order_by(*newest)[:30])
    explain("job list page 20", jobs.order_by(*newest)[570:600])
    explain("job list count", jobs, count=True)
    by_prefecture = JobPostingFilter({"prefecture": hiroshima.pk}, queryset=jobs).qs
    explain("job list, prefecture 広島県", by_prefecture.order_by(*newest)[:30])
    for prefecture in (hiroshima, okayama):
        pool = Talent.objects.filter(prefecture=prefecture).order_by("status", "name_kana", "pk")[:50]
        explain(f"pool list {prefecture.name} (status, name_kana, pk)", pool)
        search = Talent.objects.visible_to(staff).published().filter(prefecture=prefecture)
        explain(f"talent search, 人材プール={prefecture.name}", search.order_by("name_kana", "pk")[:20])
        explain(f"talent search count, 人材プール={prefecture.name}", search, count=True)


if __name__ == "__main__":
    main()
