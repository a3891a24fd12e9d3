"""Point 7 of the issue: the contracts (one for the lead, or one per joined participant with its share)
recorded at the contract stage, and the participants' meeting log of the operation stage."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from portal.models import AuditEvent
from procurement.exceptions import ProcurementError
from procurement.models import Contract, Meeting, Participant, Project, Visibility
from procurement.services import contracts, projects
from tests.conftest import JINSEKI, KURE, org
from tests.portal.factories import sign_in
from tests.procurement.factories import make_project, open_survey, participant, set_visibility
from tests.procurement.test_awards_and_ocds import validate_package
from tests.procurement.test_queries import queries

SIGNED = datetime.date(2026, 12, 1)


def test_each_participant_signs_its_own_contract_for_its_share(client, awarded, coordinator):
    lines = contracts.contract_lines(awarded)
    assert [(line.buyer.lg_code, line.amount) for line in lines] == [(KURE, 2_192_000), (JINSEKI, 808_000)]
    sign_in(client, coordinator)
    url = reverse("procurement:contract-create", args=[awarded.pk])
    assert "2,192,000" in client.get(url).content.decode()
    response = client.post(url, {"buyer": org(JINSEKI).pk, "number": "神契-12", "signed_on": "2026-12-01"})
    assert response.status_code == 302
    contract = Contract.objects.get(project=awarded)
    assert (contract.buyer.lg_code, contract.amount, contract.number) == (JINSEKI, 808_000, "神契-12")
    event = AuditEvent.objects.for_target(awarded).get(verb="procurement.contract_recorded")
    assert event.data["amount"] == 808_000 and event.data["buyer"] == "神石高原町"
    page = client.get(reverse("procurement:project-detail", args=[awarded.pk])).content.decode()
    assert "神契-12" in page and "未記録" in page  # 呉市 has not signed yet


def test_the_lead_signs_one_contract_for_the_award(awarded, coordinator):
    Project.objects.filter(pk=awarded.pk).update(contract_model=Project.ContractModel.LEAD_SIGNS)
    awarded.refresh_from_db()
    (line,) = contracts.contract_lines(awarded)
    assert (line.buyer, line.amount) == (awarded.lead_body, 3_000_000)
    contracts.record_contract(
        project=awarded, buyer_id=awarded.lead_body_id, number="広契-1", signed_on=SIGNED, by=coordinator
    )
    with pytest.raises(ProcurementError):  # a participant signs nothing when the lead does
        contracts.record_contract(
            project=awarded, buyer_id=org(JINSEKI).pk, number="x", signed_on=SIGNED, by=coordinator
        )
    assert Contract.objects.get(project=awarded).amount == 3_000_000


def test_contracts_are_recorded_by_the_lead_at_the_contract_stage_only(
    client, awarded, coordinator, approver
):
    with pytest.raises(ProcurementError):
        contracts.record_contract(
            project=awarded, buyer_id=org(JINSEKI).pk, number="x", signed_on=SIGNED, by=approver
        )
    moved = projects.change_project_stage(project=awarded, stage=Project.Status.OPERATION, by=coordinator)
    with pytest.raises(ProcurementError):
        contracts.record_contract(
            project=moved, buyer_id=org(JINSEKI).pk, number="x", signed_on=SIGNED, by=coordinator
        )
    sign_in(client, coordinator)
    assert client.get(reverse("procurement:contract-create", args=[moved.pk])).status_code == 403
    assert not Contract.objects.exists()


def test_the_ocds_contract_carries_its_signature_date_and_stays_valid(client, awarded, coordinator):
    contracts.record_contract(
        project=awarded, buyer_id=org(KURE).pk, number="呉契-3", signed_on=SIGNED, by=coordinator
    )
    set_visibility(awarded, Visibility.PUBLIC)
    package = client.get(reverse("procurement:project-ocds", args=[awarded.pk])).json()
    assert validate_package(package) == []
    kure, jinseki = package["releases"][0]["contracts"]
    assert kure["dateSigned"] == "2026-12-01T00:00:00+09:00" and "dateSigned" not in jinseki


@pytest.fixture
def operating(awarded, coordinator):
    return projects.change_project_stage(project=awarded, stage=Project.Status.OPERATION, by=coordinator)


def test_the_lead_keeps_the_meeting_log_and_participants_read_it(client, operating, coordinator, staff):
    jinseki = Participant.objects.get(project=operating, municipality__lg_code=JINSEKI)
    sign_in(client, coordinator)
    response = client.post(
        reverse("procurement:meeting-create", args=[operating.pk]),
        {
            "held_on": "2027-01-15",
            "title": "第1回運用会議",
            "attendees": [jinseki.pk],
            "minutes": "障害報告を共有",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(project=operating)
    assert list(meeting.attendees.all()) == [jinseki]
    assert AuditEvent.objects.for_target(operating).filter(verb="procurement.meeting_recorded").exists()
    sign_in(client, staff)
    page = client.get(reverse("procurement:meeting-list", args=[operating.pk]))
    assert page.status_code == 200
    assert "第1回運用会議" in page.content.decode() and "障害報告を共有" in page.content.decode()
    assert reverse("procurement:meeting-create", args=[operating.pk]) not in page.content.decode()
    assert client.get(reverse("procurement:meeting-create", args=[operating.pk])).status_code == 403


def test_meetings_are_recorded_in_operation_with_joined_attendees_only(awarded, operating, coordinator):
    values = {"held_on": SIGNED, "title": "t", "minutes": "m"}
    with pytest.raises(ProcurementError):  # before operation
        contracts.record_meeting(
            project=Project(pk=awarded.pk, lead_body=awarded.lead_body, status=Project.Status.CONTRACT),
            attendees=[], by=coordinator, **values,
        )  # fmt: skip
    outsider = participant(open_survey(make_project(coordinator, title="別の案件"), coordinator), JINSEKI)
    with pytest.raises(ProcurementError):  # 神石高原町's row in another project
        contracts.record_meeting(project=operating, attendees=[outsider], by=coordinator, **values)
    assert not Meeting.objects.exists()


def test_the_meeting_list_queries_do_not_grow(client, operating, coordinator, django_assert_max_num_queries):
    joined = list(Participant.objects.joined().filter(project=operating))
    values = {"title": "定例会", "minutes": "議事", "by": coordinator, "attendees": joined}
    contracts.record_meeting(project=operating, held_on=SIGNED, **values)
    sign_in(client, coordinator)
    url = reverse("procurement:meeting-list", args=[operating.pk])
    few = queries(client, url)
    for day in range(2, 12):
        contracts.record_meeting(project=operating, held_on=SIGNED.replace(day=day), **values)
    with django_assert_max_num_queries(few):
        assert len(client.get(url).context["meetings"]) == 11
