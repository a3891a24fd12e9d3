"""Requirement voting: the lead drafts items, joined municipalities vote must / want / not needed,
every vote is traceable to who cast it, and only the lead reads the consolidated matrix."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.dates import today
from portal.models import AuditEvent, Notification, Organisation, Role
from procurement.exceptions import ProcurementError
from procurement.models import Project, StagePlan, Vote
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


def set_stage_plan(project, stage, **values):
    StagePlan.objects.update_or_create(project=project, stage=stage, defaults=values)


def decide(project, number, to, by, note="理由", **kwargs):
    item = project.requirements.select_related("project").get(number=number)
    return requirements.decide_requirement(requirement=item, to=to, by=by, note=note, **kwargs)


def test_adopting_merging_and_dropping_record_why_and_who_on_the_row_and_in_the_audit_trail(
    project, coordinator
):
    requirements.add_requirement(project=project, section="申請", text="公的個人認証", by=coordinator)
    adopted = decide(project, 1, "adopted", coordinator, "全団体が必須")
    merged = decide(project, 3, "merged", coordinator, "要件1と同じ趣旨", merge_into=1)
    dropped = decide(project, 2, "dropped", coordinator, "予算を超える")
    assert (adopted.status, adopted.decision_reason, adopted.decided_by) == (
        "adopted",
        "全団体が必須",
        coordinator,
    )
    assert (merged.status, merged.merged_into) == ("merged", adopted)
    assert dropped.decision_reason == "予算を超える"
    trail = AuditEvent.objects.for_target(merged).get(verb="procurement.requirement_decided")
    assert (trail.actor, trail.note, trail.data["from"], trail.data["to"], trail.data["merged_into"]) == (
        coordinator, "要件1と同じ趣旨", "proposed", "merged", 1
    )  # fmt: skip


def test_a_decision_needs_a_reason_the_lead_a_live_target_and_the_right_stage(
    project, coordinator, staff, other_coordinator
):
    with pytest.raises(ProcurementError, match="理由"):
        decide(project, 1, "adopted", coordinator, note="  ")
    for outsider in (staff, other_coordinator):
        with pytest.raises(ProcurementError):
            decide(project, 1, "adopted", outsider)
    with pytest.raises(ProcurementError, match="統合先"):
        decide(project, 1, "merged", coordinator)  # no target
    with pytest.raises(ProcurementError, match="統合先"):
        decide(project, 1, "merged", coordinator, merge_into=1)  # itself
    decide(project, 2, "dropped", coordinator)
    with pytest.raises(ProcurementError, match="統合先"):
        decide(project, 1, "merged", coordinator, merge_into=2)  # into a dropped one
    decide(project, 1, "adopted", coordinator)
    with pytest.raises(ProcurementError):
        decide(project, 1, "dropped", coordinator)  # adopted → dropped only by reopening first
    for stage in (Project.Status.RFI, Project.Status.SPECIFICATION, Project.Status.TENDER):
        project = projects.change_project_stage(project=project, stage=stage, by=coordinator)
    with pytest.raises(ProcurementError):
        decide(project, 1, "proposed", coordinator)  # decided before the tender


def test_a_target_with_merged_items_cannot_be_reopened_before_them(project, coordinator):
    decide(project, 1, "adopted", coordinator)
    decide(project, 2, "merged", coordinator, merge_into=1)
    with pytest.raises(ProcurementError, match="統合された要件"):
        decide(project, 1, "proposed", coordinator)
    decide(project, 2, "proposed", coordinator)
    reopened = decide(project, 1, "proposed", coordinator, note="再検討")
    assert (reopened.status, reopened.decision_reason) == ("proposed", "再検討")
    assert project.requirements.get(number=2).merged_into is None


def test_each_specification_line_names_who_asked_for_it_with_the_votes_of_merged_items(
    project, coordinator, staff, approver
):
    kure_staff = make_user("staff@kure.test", role=Role.MUNICIPAL_STAFF, organisation=org(KURE))
    kure_approver = make_user("approver@kure.test", role=Role.MUNICIPAL_APPROVER, organisation=org(KURE))
    project = projects.change_project_stage(
        project=project, stage=Project.Status.SURVEY, by=coordinator, note="呉市の回答を待つ"
    )
    join(project, KURE, staff=kure_staff, approver=kure_approver)
    project = projects.change_project_stage(
        project=project, stage=Project.Status.REQUIREMENTS, by=coordinator
    )
    first, second = project.requirements.order_by("number")
    requirements.cast_votes(
        participant=participant(project), votes={first.pk: ("want", ""), second.pk: ("must", "")}, by=staff
    )
    requirements.cast_votes(
        participant=participant(project, KURE),
        votes={first.pk: ("not_needed", ""), second.pk: ("want", "")},
        by=kure_staff,
    )
    decide(project, 1, "adopted", coordinator, "電子化の前提")
    decide(project, 2, "merged", coordinator, "本人確認と一体で調達", merge_into=1)
    lines, others = requirements.specification(project)
    (line,) = lines
    assert line.requirement.number == 1 and [s.number for s in line.sources] == [2]
    # 神石高原町: want on 1, must on 2 (merged) → must; 呉市: not needed on 1, want on 2 → want.
    assert [m.lg_code for m in line.must] == [JINSEKI] and [m.lg_code for m in line.want] == [KURE]
    assert [o.number for o in others] == [2]


def test_the_lead_decides_on_the_matrix_and_the_specification_page_names_the_municipalities(
    client, project, coordinator, staff
):
    first = project.requirements.get(number=1)
    requirements.cast_votes(participant=participant(project), votes={first.pk: ("must", "")}, by=staff)
    sign_in(client, coordinator)
    matrix = reverse("procurement:requirement-matrix", args=[project.pk])
    assert "採否を決める" in client.get(matrix).content.decode()
    decide_url = reverse("procurement:requirement-decide", args=[first.pk])
    page = client.post(decide_url, {"status": "adopted", "note": ""}, follow=True).content.decode()
    assert "理由を入力してください" in page
    page = client.post(
        decide_url, {"status": "adopted", "note": "全団体の必須"}, follow=True
    ).content.decode()
    assert "要件を採用しました" in page and "全団体の必須" in page
    spec = client.get(reverse("procurement:specification", args=[project.pk])).content.decode()
    assert "必須とした団体" in spec and "神石高原町" in spec and "全団体の必須" in spec
    sign_in(client, staff)  # a participant sees the lines and how many asked, not who
    spec = client.get(reverse("procurement:specification", args=[project.pk])).content.decode()
    assert "必須とした団体の数</dt><dd>1</dd>" in spec and "必須とした団体</dt>" not in spec
    assert client.post(decide_url, {"status": "proposed", "note": "x"}).status_code == 403


def test_the_specification_queries_do_not_grow(
    client, project, coordinator, staff, django_assert_max_num_queries
):
    def add(count, offset):
        for i in range(count):
            item = requirements.add_requirement(
                project=project, section="共通", text=f"要件{offset + i}", by=coordinator
            )
            requirements.cast_votes(participant=participant(project), votes={item.pk: ("must", "")}, by=staff)
            decide(project, item.number, "adopted", coordinator)

    add(2, 0)
    sign_in(client, coordinator)
    url = reverse("procurement:specification", args=[project.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(8, 2)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_votes_are_asked_for_and_wait_on_the_dashboard_until_given(client, coordinator, staff, approver):
    project = open_survey(make_project(coordinator), coordinator)
    join(project, JINSEKI, staff=staff, approver=approver)
    deadline = today() + datetime.timedelta(days=10)
    set_stage_plan(project, Project.Status.REQUIREMENTS, ends_on=deadline)
    requirements.add_requirement(project=project, section="申請", text="電子署名", by=coordinator)
    requirements.add_requirement(project=project, section="申請", text="決済", by=coordinator)
    project = projects.change_project_stage(
        project=project, stage=Project.Status.REQUIREMENTS, by=coordinator
    )
    told = Notification.objects.filter(event="procurement.votes_requested", target_id=str(project.pk))
    assert set(told.values_list("recipient", flat=True)) == {staff.pk, approver.pk}
    sign_in(client, staff)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert (
        "評価待ちの要件" in page
        and "未評価 2件" in page
        and f"期限 {deadline.isoformat()}（あと10日）" in page
    )
    first, second = project.requirements.order_by("number")
    voter = participant(project)
    requirements.cast_votes(participant=voter, votes={first.pk: ("must", "")}, by=staff)
    assert "未評価 1件" in client.get(reverse("portal:dashboard")).content.decode()
    requirements.cast_votes(participant=voter, votes={second.pk: ("want", "")}, by=staff)
    assert "評価待ちの要件はありません" in client.get(reverse("portal:dashboard")).content.decode()


def test_undecided_items_wait_on_the_leads_dashboard(client, project, coordinator, other_coordinator):
    sign_in(client, coordinator)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "採否が未定の要件" in page and f"{project.title}: 未定 2件" in page
    decide(project, 1, "adopted", coordinator)
    decide(project, 2, "dropped", coordinator)
    assert "採否が未定の要件はありません" in client.get(reverse("portal:dashboard")).content.decode()
    sign_in(client, other_coordinator)
    assert project.title not in client.get(reverse("portal:dashboard")).content.decode()
