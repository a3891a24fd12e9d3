"""Projects: created by the lead's coordinator, moved along only by named actions, seen by whom
each stage's plan allows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.models import AuditEvent
from procurement.exceptions import ProcurementError
from procurement.models import Project, Visibility
from procurement.services import projects
from tests.conftest import JINSEKI, KURE, OKAYAMA, org
from tests.portal.factories import sign_in
from tests.procurement.factories import make_project, open_survey, set_visibility


def test_a_coordinator_creates_a_project_for_their_prefecture_and_it_is_audited(coordinator):
    project = make_project(coordinator)
    assert project.status == Project.Status.PLANNING
    assert AuditEvent.objects.for_target(project).get().verb == "procurement.project_created"


def test_nobody_leads_a_project_for_another_prefecture(coordinator):
    with pytest.raises(ProcurementError):
        make_project(coordinator, lead=OKAYAMA)


def test_stages_move_one_step_at_a_time_and_back_only_with_a_reason(coordinator):
    project = open_survey(make_project(coordinator), coordinator)
    project = projects.change_project_stage(
        project=project, stage=Project.Status.REQUIREMENTS, by=coordinator
    )
    with pytest.raises(ProcurementError):
        projects.change_project_stage(project=project, stage=Project.Status.TENDER, by=coordinator)
    with pytest.raises(ProcurementError, match="理由"):
        projects.change_project_stage(project=project, stage=Project.Status.SURVEY, by=coordinator)
    back = projects.change_project_stage(
        project=project, stage=Project.Status.SURVEY, by=coordinator, note="要件の前に再確認"
    )
    assert back.status == Project.Status.SURVEY
    event = AuditEvent.objects.for_target(project).filter(verb="procurement.stage_changed").first()
    assert event.data == {"from": "requirements", "to": "survey"} and event.note == "要件の前に再確認"


def test_the_survey_opens_only_with_a_deadline_and_its_municipalities(coordinator):
    project = make_project(coordinator)
    with pytest.raises(ProcurementError):
        projects.change_project_stage(project=project, stage=Project.Status.SURVEY, by=coordinator)
    project = open_survey(project, coordinator, codes=None)
    assert (
        project.participants.count()
        == org(JINSEKI)
        .prefecture.members_of_prefecture.filter(
            kind__in=["designated_city", "city", "town", "village", "special_ward"]
        )
        .count()
    )


def test_another_prefectures_coordinator_can_neither_see_nor_move_the_project(coordinator, other_coordinator):
    project = make_project(coordinator)
    assert not Project.objects.visible_to(other_coordinator).filter(pk=project.pk).exists()
    with pytest.raises(ProcurementError):
        projects.change_project_stage(project=project, stage=Project.Status.SURVEY, by=other_coordinator)


def test_named_actions_are_offered_to_the_coordinator_only(coordinator, staff):
    project = open_survey(make_project(coordinator), coordinator)
    labels = [str(a.label) for a in project.actions_for(coordinator)]
    assert labels == ["「要件の共通化」に進める", "「企画」に戻す"]
    assert project.actions_for(staff) == []


def test_visibility_follows_the_current_stage_plan(client, coordinator, staff, other_staff):
    project = open_survey(make_project(coordinator), coordinator, codes=(KURE,))
    url = reverse("procurement:project-detail", args=[project.pk])
    sign_in(client, staff)  # 神石高原町 is not invited
    assert client.get(url).status_code == 404
    set_visibility(project, Visibility.LOCAL_GOVERNMENTS)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404
    set_visibility(project, Visibility.PUBLIC)
    page = client.get(url)
    assert page.status_code == 200
    assert "意向調査の結果" not in page.content.decode()  # answers stay with the lead
    set_visibility(project, Visibility.PARTICIPANTS, stage=Project.Status.REQUIREMENTS)
    projects.change_project_stage(project=project, stage=Project.Status.REQUIREMENTS, by=coordinator)
    assert client.get(url).status_code == 404


def test_the_list_shows_only_what_the_person_may_see(client, coordinator, other_staff):
    make_project(coordinator, title="広島の非公開案件")
    public = make_project(coordinator, title="公告中の案件")
    set_visibility(public, Visibility.PUBLIC)
    sign_in(client, other_staff)
    page = client.get(reverse("procurement:project-list")).content.decode()
    assert "公告中の案件" in page and "広島の非公開案件" not in page
    sign_in(client, coordinator)
    page = client.get(
        reverse("procurement:project-list"), {"status": "planning", "q": "非公開"}
    ).content.decode()
    assert "広島の非公開案件" in page and "公告中の案件" not in page


def test_the_coordinator_creates_edits_and_plans_stages_through_the_pages(client, coordinator):
    sign_in(client, coordinator)
    response = client.post(
        reverse("procurement:project-create"),
        {
            "lead_body": org("340006").pk,
            "title": "チャットツール",
            "category": "tool",
            "description": "",
            "method": "dmp",
            "contract_model": "lead_signs",
        },
    )
    project = Project.objects.get(title="チャットツール")
    assert response.status_code == 302 and response["Location"] == reverse(
        "procurement:project-detail", args=[project.pk]
    )
    stages = reverse("procurement:project-stages", args=[project.pk])
    data = {f"{stage}_visibility": "participants" for stage in Project.Status}
    data |= {"tender_visibility": "public", "tender_starts_on": "2027-05-01", "tender_ends_on": "2027-04-01"}
    assert "終了予定日が開始予定日より前" in client.post(stages, data).content.decode()
    data["tender_ends_on"] = "2027-06-30"
    assert client.post(stages, data).status_code == 302
    assert project.stage_plans.get(stage="tender").visibility == Visibility.PUBLIC
    edit = reverse("procurement:project-edit", args=[project.pk])
    client.post(
        edit,
        {
            "title": "チャットツール（改）",
            "category": "tool",
            "method": "dmp",
            "contract_model": "lead_signs",
        },
    )
    assert AuditEvent.objects.for_target(project).filter(verb="procurement.project_changed").get().data[
        "title"
    ] == {
        "old": "チャットツール",
        "new": "チャットツール（改）",
    }


def test_a_refused_stage_move_is_a_message_not_an_error(client, coordinator):
    project = make_project(coordinator)
    sign_in(client, coordinator)
    url = reverse("procurement:project-status", args=[project.pk])
    response = client.post(url, {"status": "closed"}, follow=True)
    assert "進められません" in response.content.decode()
    response = client.post(url, {"status": "nonsense"}, follow=True)
    assert "段階の指定が正しくありません" in response.content.decode()


def test_opening_the_survey_is_its_own_page_not_a_stage_button(client, coordinator):
    project = make_project(coordinator)
    assert project.actions_for(coordinator) == []  # planning -> survey needs a deadline and municipalities
    sign_in(client, coordinator)
    page = client.get(reverse("procurement:project-detail", args=[project.pk])).content.decode()
    assert reverse("procurement:survey-open", args=[project.pk]) in page
    assert 'value="survey"' not in page
    project = open_survey(project, coordinator)
    assert [a.to for a in project.actions_for(coordinator)] == ["requirements", "planning"]
