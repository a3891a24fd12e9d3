"""Printable forms of a dispatch (様式Ⅰ 派遣依頼書, 様式Ⅱ 選定確認書, 様式Ⅲ 受諾確認書)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from talentpool import services
from talentpool.models import DispatchRequest, DispatchRequestRole, ProficiencyLevel, Proposal, SkillRole
from tests.portal.factories import sign_in
from tests.talentpool.factories import TalentFactory, make_dispatch_request, make_programme

S = DispatchRequest.Status
pytestmark = pytest.mark.django_db


def url(request, name):
    return reverse("talentpool:dispatch-document", args=[request.pk, name])


@pytest.fixture
def sent(reference_data, staff):
    make_programme()
    request = make_dispatch_request(
        staff,
        status=S.MATCHING,
        sent_at=timezone.make_aware(datetime.datetime(2026, 5, 7, 10, 0)),
        start_date=datetime.date(2027, 1, 4),
        end_date=datetime.date(2027, 2, 26),
        success_measures="窓口の待ち時間を半分に",
    )
    DispatchRequestRole.objects.create(
        request=request,
        role=SkillRole.objects.order_by("pk").first(),
        level=ProficiencyLevel.objects.get(level=2),
    )
    return request


def test_the_request_form_carries_the_documents_fields_in_wareki(client, sent, staff):
    sign_in(client, staff)
    page = client.get(url(sent, "request")).content.decode()
    assert "様式Ⅰ 派遣依頼書" in page
    assert "令和8年（2026年）5月7日" in page  # sent, in 和暦
    assert "令和9年（2027年）1月4日 – 令和9年（2027年）2月26日" in page
    assert "広島県知事　殿" in page and "神石高原町長" in page
    for field in (
        sent.title,
        sent.situation,
        sent.goals,
        "窓口の待ち時間を半分に",
        "2日（合計4日）",
        "神石 職員",
    ):
        assert field in page
    assert str(sent.roles_needed.get()) in page
    detail = client.get(reverse("talentpool:dispatch-detail", args=[sent.pk])).content.decode()
    assert url(sent, "request") in detail and url(sent, "proposal") not in detail


def test_the_proposal_and_acceptance_exist_once_the_request_reaches_them(
    client, sent, staff, coordinator, profiled_talent
):
    sign_in(client, staff)
    assert client.get(url(sent, "proposal")).status_code == 404
    assert client.get(url(sent, "acceptance")).status_code == 404
    assert client.get(url(sent, "anything")).status_code == 404
    talent = profiled_talent.talent_profile
    services.propose_candidates(request=sent, talents=[talent], by=coordinator)
    page = client.get(url(sent, "proposal")).content.decode()
    assert "様式Ⅱ 選定確認書" in page and "神石高原町長　殿" in page and "広島県知事" in page
    assert talent.display_name in page and "空き" in page and "広島 担当" in page
    services.respond_to_proposal(proposal=Proposal.objects.get(request=sent), accept=True, by=profiled_talent)
    detail = client.get(reverse("talentpool:dispatch-detail", args=[sent.pk])).content.decode()
    assert url(sent, "acceptance") in detail
    page = client.get(url(sent, "acceptance")).content.decode()
    assert "様式Ⅲ 受諾確認書" in page and "派遣を受諾します" in page
    answered = timezone.localdate(Proposal.objects.get(request=sent).answered_at)
    assert f"（{answered.year}年）{answered.month}月{answered.day}日" in page
    # The talent sees their acceptance too; they see the request because they were proposed.
    sign_in(client, profiled_talent)
    assert client.get(url(sent, "acceptance")).status_code == 200


def test_the_forms_are_permission_checked_like_the_request(
    client, staff, other_staff, coordinator, reference_data
):
    draft = make_dispatch_request(staff)
    sign_in(client, other_staff)
    assert client.get(url(draft, "request")).status_code == 404
    sign_in(client, coordinator)  # drafts stay the municipality's own
    assert client.get(url(draft, "request")).status_code == 404
    sign_in(client, staff)
    page = client.get(url(draft, "request")).content.decode()
    assert "（未提出）" in page


def test_the_proposal_form_is_flat_in_the_number_of_candidates(
    client, sent, staff, coordinator, django_assert_max_num_queries
):
    sign_in(client, staff)
    services.propose_candidates(request=sent, talents=[TalentFactory()], by=coordinator)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(sent, "proposal")).status_code == 200
    Proposal.objects.filter(request=sent).delete()
    for n, talent in enumerate([TalentFactory(), TalentFactory(), TalentFactory()], start=1):
        Proposal.objects.create(request=sent, talent=talent, rank=n, proposed_by=coordinator, reasons=["x"])
    for n in range(3):
        DispatchRequestRole.objects.create(
            request=sent,
            role=SkillRole.objects.order_by("pk")[n + 1],
            level=ProficiencyLevel.objects.get(level=1),
        )
    with django_assert_max_num_queries(len(few)):
        assert client.get(url(sent, "proposal")).status_code == 200
    with CaptureQueriesContext(connection) as request_form:
        client.get(url(sent, "request"))
    assert len(request_form) <= len(few) + 1
    assert Decimal(sent.days_per_month) == 2
