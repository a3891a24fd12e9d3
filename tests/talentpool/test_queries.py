"""The talent pool's lists, exports and record pages issue a fixed number of queries, whatever the data."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentpool import services
from talentpool.models import JobPosting, ProficiencyLevel, SkillRole, SupportTheme
from tests.conftest import JINSEKI, org
from tests.portal.factories import sign_in
from tests.talentpool.factories import TalentFactory


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def publish_job(staff, approver, n: int) -> None:
    posting = JobPosting(
        organisation=org(JINSEKI), title=f"求人{n}", duties="業務", conditions="条件", appointment="part_time"
    )
    level = ProficiencyLevel.objects.get(level=2)
    services.save_job_posting(
        posting=posting, roles=[(r, level) for r in SkillRole.objects.all()[:2]], by=staff
    )
    services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=staff)
    services.change_job_status(posting=posting, status=JobPosting.Status.PUBLISHED, by=approver)


def test_pool_list_is_flat(client, coordinator, django_assert_max_num_queries):
    sign_in(client, coordinator)
    TalentFactory(themes=SupportTheme.objects.all()[:2])
    few = queries(client, "/talent/pool/")
    for _ in range(15):
        TalentFactory(themes=SupportTheme.objects.all()[:2])
    with django_assert_max_num_queries(few):
        client.get("/talent/pool/")


def test_job_exports_are_flat(client, staff, approver, django_assert_max_num_queries):
    publish_job(staff, approver, 0)
    client.logout()
    few_csv, few_json = queries(client, "/talent/jobs.csv"), queries(client, "/talent/jobs.json")
    for n in range(1, 12):
        publish_job(staff, approver, n)
    with django_assert_max_num_queries(few_csv):
        client.get("/talent/jobs.csv")
    with django_assert_max_num_queries(few_json):
        client.get("/talent/jobs.json")


def test_career_record_is_flat(client, coordinator, django_assert_max_num_queries):
    talent = TalentFactory()
    sign_in(client, coordinator)
    roles, levels = list(SkillRole.objects.all()), list(ProficiencyLevel.objects.all())
    services.set_skill_level(talent=talent, role=roles[0], level=levels[0], by=coordinator)
    services.add_training(talent=talent, name="研修0", completed_on=datetime.date(2025, 4, 1), by=coordinator)
    few = queries(client, f"/talent/{talent.pk}/career/")
    for n in range(1, 10):
        services.set_skill_level(talent=talent, role=roles[n], level=levels[n % len(levels)], by=coordinator)
        services.add_training(
            talent=talent, name=f"研修{n}", completed_on=datetime.date(2025, 4, n), by=coordinator
        )
    with django_assert_max_num_queries(few):
        client.get(f"/talent/{talent.pk}/career/")
