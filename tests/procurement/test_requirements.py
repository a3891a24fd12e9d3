"""Requirement voting: the lead drafts items, joined municipalities vote must / want / not needed,
every vote is traceable to who cast it, and only the lead reads the consolidated matrix."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import AuditEvent, Organisation, Role
from procurement.exceptions import ProcurementError
from procurement.models import Project, Vote
from procurement.services import projects, requirements
from tests.conftest import HIROSHIMA, JINSEKI, KURE, make_user, org
from tests.portal.factories import sign_in
from tests.procurement.factories import join, make_project, open_survey, participant


@pytest.fixture
def project(coordinator, staff, approver):
    project = open_survey(make_project(coordinator), coordinator)
    join(project, JINSEKI, staff=staff, approver=approver)
    project = projects.change_project_stage(
        project=project, stage=Project.Status.REQUIREMENTS, by=coordinator
    )
    requirements.add_requirement(
        project=project, section="申請", text="マイナンバーカードで本人確認", by=coordinator
    )
    requirements.add_requirement(project=project, section="審査", text="決裁の電子化", by=coordinator)
    return project


def test_items_are_numbered_in_order_and_only_the_lead_adds_them(project, staff):
    assert list(project.requirements.order_by("number").values_list("number", "section")) == [
        (1, "申請"),
        (2, "審査"),
    ]
    with pytest.raises(ProcurementError):
        requirements.add_requirement(project=project, section="x", text="y", by=staff)


def test_a_changed_vote_is_audited_with_who_cast_it_and_the_old_and_new_choice(project, staff, approver):
    first, second = project.requirements.order_by("number")
    voter = participant(project)
    requirements.cast_votes(
        participant=voter, votes={first.pk: ("must", "必須です"), second.pk: ("want", "")}, by=staff
    )
    requirements.cast_votes(
        participant=voter, votes={first.pk: ("not_needed", "再検討"), second.pk: ("want", "")}, by=approver
    )
    vote = Vote.objects.get(requirement=first)
    assert (vote.choice, vote.voted_by) == ("not_needed", approver)
    trail = AuditEvent.objects.for_target(first).filter(verb="procurement.requirement_voted")
    assert [(e.actor, e.data["old"], e.data["new"]) for e in trail] == [
        (approver, "must", "not_needed"),
        (staff, None, "must"),
    ]
    assert AuditEvent.objects.for_target(second).filter(verb="procurement.requirement_voted").count() == 1


def test_only_joined_municipalities_vote_and_only_in_the_requirements_stage(project, coordinator, staff):
    kure = make_user("staff@kure.test", role=Role.MUNICIPAL_STAFF, organisation=org(KURE))
    item = project.requirements.first()
    with pytest.raises(ProcurementError):
        requirements.cast_votes(
            participant=participant(project, KURE), votes={item.pk: ("must", "")}, by=kure
        )
    projects.change_project_stage(project=project, stage=Project.Status.RFI, by=coordinator)
    with pytest.raises(ProcurementError):
        requirements.cast_votes(participant=participant(project), votes={item.pk: ("must", "")}, by=staff)


def test_staff_vote_through_the_page_and_the_lead_reads_the_matrix(client, project, staff, coordinator):
    first, second = project.requirements.order_by("number")
    sign_in(client, staff)
    page = client.get(reverse("procurement:requirement-list", args=[project.pk])).content.decode()
    assert "神石高原町として評価します" in page
    assert client.get(reverse("procurement:requirement-matrix", args=[project.pk])).status_code == 403
    response = client.post(
        reverse("procurement:requirement-vote", args=[project.pk]),
        {f"choice_{first.pk}": "must", f"comment_{first.pk}": "窓口で必要", f"choice_{second.pk}": "bogus"},
        follow=True,
    )
    assert "評価の指定が正しくありません" in response.content.decode()
    client.post(
        reverse("procurement:requirement-vote", args=[project.pk]),
        {f"choice_{first.pk}": "must", f"comment_{first.pk}": "窓口で必要"},
    )
    sign_in(client, coordinator)
    matrix = client.get(reverse("procurement:requirement-matrix", args=[project.pk])).content.decode()
    assert "神石高原町" in matrix and "窓口で必要" in matrix and "神石 職員" in matrix


def test_an_outsider_sees_neither_the_items_nor_the_votes(client, project, other_staff, other_coordinator):
    for person in (other_staff, other_coordinator):
        sign_in(client, person)
        assert client.get(reverse("procurement:requirement-list", args=[project.pk])).status_code == 404
        assert client.get(reverse("procurement:requirement-matrix", args=[project.pk])).status_code == 404


def test_the_matrix_queries_do_not_grow(client, coordinator, django_assert_max_num_queries):
    towns = list(
        Organisation.objects.municipalities().filter(prefecture__lg_code=HIROSHIMA).order_by("lg_code")[:8]
    )
    project = open_survey(make_project(coordinator), coordinator, codes=[t.lg_code for t in towns])
    voters = []
    for town in towns:
        staff = make_user(f"s{town.lg_code}@t.jp", role=Role.MUNICIPAL_STAFF, organisation=town)
        approver = make_user(f"a{town.lg_code}@t.jp", role=Role.MUNICIPAL_APPROVER, organisation=town)
        voters.append((join(project, town.lg_code, staff=staff, approver=approver), staff))
    project = projects.change_project_stage(
        project=project, stage=Project.Status.REQUIREMENTS, by=coordinator
    )

    def add_and_vote(count, offset):
        for i in range(count):
            item = requirements.add_requirement(
                project=project, section="共通", text=f"要件{offset + i}", by=coordinator
            )
            for voter, staff in voters:
                voter.project = project
                requirements.cast_votes(participant=voter, votes={item.pk: ("want", "")}, by=staff)

    add_and_vote(2, 0)
    sign_in(client, coordinator)
    url = reverse("procurement:requirement-matrix", args=[project.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_and_vote(10, 2)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
