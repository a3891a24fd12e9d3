"""Point 10 of the issue: recording an award warns (without blocking) when a pool talent affiliated
with the supplier was dispatched to one of the participants in the last 12 months."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from portal.dates import today
from portal.models import AuditEvent
from procurement.models import Project
from procurement.services import awards, projects
from talentpool.models import DispatchRequest, Talent
from tests.conftest import JINSEKI, KURE, org
from tests.portal.factories import sign_in
from tests.procurement.factories import join, make_project, open_survey
from tests.talentpool.factories import TalentFactory, make_dispatch_request

VALUES = {"supplier_name": "株式会社テスト", "supplier_number": "", "initial_amount": 1_000_000,
          "annual_amount": 100_000, "awarded_on": datetime.date(2026, 11, 1)}  # fmt: skip


@pytest.fixture
def at_award(coordinator, staff, approver):
    """A project at the award stage that 神石高原町 joined (呉市 was invited and did not answer)."""
    project = open_survey(make_project(coordinator), coordinator)
    join(project, JINSEKI, staff=staff, approver=approver)
    for stage in Project.ORDER[2:7]:
        project = projects.change_project_stage(project=project, stage=stage, by=coordinator)
    return project


def dispatch(staff, *, affiliation_name="株式会社 テスト", municipality=JINSEKI, days_ago=40, status=None):
    talent = TalentFactory(
        display_name="山田 花子", affiliation=Talent.Affiliation.VENDOR, affiliation_name=affiliation_name
    )
    return make_dispatch_request(
        staff,
        municipality=org(municipality),
        status=status or DispatchRequest.Status.COMPLETED,
        talent=talent,
        start_date=today() - datetime.timedelta(days=days_ago + 30),
        end_date=today() - datetime.timedelta(days=days_ago),
    )


def test_an_affiliate_dispatched_to_a_participant_is_named_in_the_warning_and_the_audit_note(
    at_award, coordinator, staff
):
    request = dispatch(staff)
    award = awards.record_award(project=at_award, values=VALUES, by=coordinator)
    (conflict,) = award.conflicts
    assert conflict.talent_name == "山田 花子" and conflict.municipality_name == "神石高原町"
    assert (conflict.start_date, conflict.end_date) == (request.start_date, request.end_date)
    event = AuditEvent.objects.for_target(at_award).get(verb="procurement.award_recorded")
    (note,) = event.data["conflicts"]
    assert "山田 花子" in note and "神石高原町" in note and request.start_date.isoformat() in note


@pytest.mark.parametrize(
    "kwargs",
    [
        {"affiliation_name": "株式会社ほか"},  # another company
        {"municipality": KURE},  # not a joined participant
        {"days_ago": 400},  # over 12 months ago
        {"status": DispatchRequest.Status.PENDING_APPROVAL},  # never booked
    ],
)
def test_no_warning_without_all_three(at_award, coordinator, staff, kwargs):
    dispatch(staff, **kwargs)
    assert awards.record_award(project=at_award, values=VALUES, by=coordinator).conflicts == []
    event = AuditEvent.objects.for_target(at_award).get(verb="procurement.award_recorded")
    assert event.data["conflicts"] == []


def test_the_award_page_warns_and_still_records(client, at_award, coordinator, staff):
    dispatch(staff, affiliation_name="株式会社ﾃｽﾄ")  # half-width: the same company, folded
    sign_in(client, coordinator)
    url = reverse("procurement:award-edit", args=[at_award.pk])
    response = client.post(url, {**VALUES, "awarded_on": "2026-11-01"})
    assert response.status_code == 302 and response.url == url
    assert at_award.award.supplier_name == "株式会社テスト"
    page = client.get(url).content.decode()
    assert "利益相反のおそれ" in page and "山田 花子" in page and "神石高原町" in page


def test_the_award_page_of_an_unrelated_supplier_says_nothing(client, at_award, coordinator):
    sign_in(client, coordinator)
    url = reverse("procurement:award-edit", args=[at_award.pk])
    response = client.post(url, {**VALUES, "awarded_on": "2026-11-01"})
    assert response.url == reverse("procurement:project-detail", args=[at_award.pk])
    assert "利益相反のおそれ" not in client.get(url).content.decode()
