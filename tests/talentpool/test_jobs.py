"""Job descriptions (求人票): drafting, approval by the body's approver, public listing and open data."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import AuditEvent, Notification
from talentpool import services
from talentpool.models import JobPosting, ProficiencyLevel, SkillRole, TalentPoolError
from tests.conftest import JINSEKI, org
from tests.portal.factories import sign_in

FORM = {
    "title": "DX推進アドバイザー",
    "duties": "DX推進計画の策定支援",
    "conditions": "週1日、リモート可",
    "appointment": "part_time",
    "remote_allowed": "on",
}


def draft(client, user, **extra):
    sign_in(client, user)
    level = ProficiencyLevel.objects.get(level=3).pk
    response = client.post(
        "/talent/jobs/new/", {**FORM, "organisation": org(JINSEKI).pk, "seek_mic_producer": level, **extra}
    )
    return response, JobPosting.objects.order_by("pk").last()


def test_staff_draft_and_submit_and_only_the_approver_publishes(client, staff, approver, coordinator):
    response, posting = draft(client, staff)
    assert response.url == f"/talent/jobs/{posting.pk}/"
    assert [(r.role.code, r.level.level) for r in posting.roles_sought.all()] == [("mic_producer", 3)]
    services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=staff)
    for user in (staff, coordinator):
        with pytest.raises(TalentPoolError):
            services.change_job_status(posting=posting, status=JobPosting.Status.PUBLISHED, by=user)
    services.change_job_status(
        posting=posting, status=JobPosting.Status.PUBLISHED, by=approver, note="決裁済み"
    )
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.PUBLISHED
    assert posting.published_at is not None
    assert AuditEvent.objects.filter(verb="job.status_changed", note="決裁済み").exists()


def test_the_approver_may_return_a_submitted_posting(client, staff, approver):
    _response, posting = draft(client, staff)
    services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=staff)
    services.change_job_status(posting=posting, status=JobPosting.Status.DRAFT, by=approver, note="要修正")
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.DRAFT


def test_drafts_are_not_public_and_published_ones_are(client, staff, approver, other_staff):
    _response, posting = draft(client, staff)
    client.logout()
    assert client.get(f"/talent/jobs/{posting.pk}/").status_code == 404
    sign_in(client, other_staff)
    assert client.get(f"/talent/jobs/{posting.pk}/").status_code == 404
    services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=staff)
    services.change_job_status(posting=posting, status=JobPosting.Status.PUBLISHED, by=approver)
    client.logout()
    assert client.get(f"/talent/jobs/{posting.pk}/").status_code == 200
    titles = [p.title for p in client.get("/talent/jobs/", {"prefecture": org("340006").pk}).context["page"]]
    assert titles == ["DX推進アドバイザー"]
    assert [
        p.title for p in client.get("/talent/jobs/", {"prefecture": org("330001").pk}).context["page"]
    ] == []


def test_a_missing_duty_is_reported_and_the_rest_is_kept(client, staff):
    response, posting = draft(client, staff, duties="")
    assert response.status_code == 200
    assert posting is None
    body = response.content.decode()
    assert "このフィールドは必須です。" in body
    assert "週1日、リモート可" in body


def test_staff_cannot_draft_for_another_municipality(client, other_staff):
    response, posting = draft(client, other_staff)
    assert response.status_code == 200
    assert posting is None


@pytest.fixture
def published(client, staff, approver):
    postings = []
    for i in range(3):
        _response, posting = draft(client, staff, title=f"求人{i}")
        services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=staff)
        services.change_job_status(posting=posting, status=JobPosting.Status.PUBLISHED, by=approver)
        postings.append(posting)
    client.logout()
    return postings


def test_the_csv_opens_in_excel_with_a_byte_order_mark(client, published):
    response = client.get("/talent/jobs.csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert rows[0]["lg_code"] == JINSEKI
    assert rows[0]["roles_sought"] == "mic_producer>=3"


def test_the_json_export_is_valid_and_filterable(client, published):
    data = json.loads(client.get("/talent/jobs.json").content)
    assert [p["title"] for p in data["job_postings"]] == ["求人0", "求人1", "求人2"]
    assert data["job_postings"][0]["roles_sought"] == [{"role": "mic_producer", "min_level": 3}]
    role = SkillRole.objects.get(code="data_engineer").pk
    assert json.loads(client.get("/talent/jobs.json", {"role": role}).content) == {"job_postings": []}


def test_the_public_list_queries_do_not_grow(
    client, published, staff, approver, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as few:
        assert client.get("/talent/jobs/").status_code == 200
    baseline = len(few)  # read now: the next request resets the connection's query log
    for i in range(10):
        _response, posting = draft(client, staff, title=f"追加{i}")
        services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=staff)
        services.change_job_status(posting=posting, status=JobPosting.Status.PUBLISHED, by=approver)
    client.logout()
    with django_assert_max_num_queries(baseline):
        client.get("/talent/jobs/")


def test_an_approver_cannot_publish_or_return_what_they_submitted_themselves(client, approver):
    _response, posting = draft(client, approver)
    services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=approver)
    for status in (JobPosting.Status.PUBLISHED, JobPosting.Status.DRAFT):
        with pytest.raises(TalentPoolError, match="別の承認者"):
            services.change_job_status(posting=posting, status=status, by=approver)
    page = client.get(f"/talent/jobs/{posting.pk}/").content.decode()
    assert 'value="published"' not in page  # the page does not offer what the service refuses
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.SUBMITTED


def test_a_second_approver_publishes_and_the_audit_names_each_step(client, approver, reference_data):
    from tests.conftest import make_user

    second = make_user(
        "approver2@jinseki.test", role=approver.memberships.get().role, organisation=org(JINSEKI), mfa=True
    )
    _response, posting = draft(client, approver)
    services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=approver)
    services.change_job_status(posting=posting, status=JobPosting.Status.PUBLISHED, by=second)
    steps = list(
        AuditEvent.objects.filter(verb="job.status_changed", target_id=str(posting.pk))
        .order_by("pk")
        .values_list("actor__email", "data__to")
    )
    assert steps == [("approver@jinseki.test", "submitted"), ("approver2@jinseki.test", "published")]


def test_a_submitted_posting_notifies_its_approver_and_waits_on_their_dashboard(client, staff, approver):
    _response, posting = draft(client, staff)
    services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=staff)
    notice = Notification.objects.get(event="job.submitted")
    assert notice.recipient == approver
    assert notice.url == f"/talent/jobs/{posting.pk}/"
    assert not Notification.objects.filter(recipient=staff).exists()
    sign_in(client, approver)
    page = client.get("/dashboard/").content.decode()
    assert "承認待ちの求人票" in page and FORM["title"] in page and "前から" in page
    sign_in(client, staff)
    assert "承認待ちの求人票" not in client.get("/dashboard/").content.decode()  # not theirs to approve


def test_publishing_and_returning_tell_the_submitter(client, staff, approver):
    _response, posting = draft(client, staff)
    services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=staff)
    with pytest.raises(TalentPoolError, match="理由"):
        services.change_job_status(posting=posting, status=JobPosting.Status.DRAFT, by=approver)
    services.change_job_status(
        posting=posting, status=JobPosting.Status.DRAFT, by=approver, note="報酬を明記"
    )
    returned = Notification.objects.get(event="job.returned")
    assert returned.recipient == staff and returned.context["note"] == "報酬を明記"
    services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=staff)
    services.change_job_status(posting=posting, status=JobPosting.Status.PUBLISHED, by=approver)
    assert Notification.objects.get(event="job.published").recipient == staff


def test_the_job_page_offers_each_person_the_named_actions_they_may_take(client, staff, approver):
    _response, posting = draft(client, staff)
    assert "承認を依頼する" in client.get(f"/talent/jobs/{posting.pk}/").content.decode()
    response = client.post(f"/talent/jobs/{posting.pk}/status/", {"status": "submitted"}, follow=True)
    assert "求人票の承認を依頼しました。" in response.content.decode()
    page = client.get(f"/talent/jobs/{posting.pk}/").content.decode()
    assert "承認して公開する" not in page and "差し戻す" not in page
    sign_in(client, approver)
    page = client.get(f"/talent/jobs/{posting.pk}/").content.decode()
    assert "承認して公開する" in page and "差し戻す" in page
    response = client.post(f"/talent/jobs/{posting.pk}/status/", {"status": "published"}, follow=True)
    assert "求人票を承認して公開しました。" in response.content.decode()
    assert "募集を終了する" in response.content.decode()
