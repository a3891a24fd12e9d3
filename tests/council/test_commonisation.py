"""The commonisation pipeline (共通化): candidates move step by step with the decision and the meeting
where it was taken, leave for joint procurement or are 見送り with a reason, are read by their
audience, and a candidate routed to joint procurement links to the procurement projects (through
procurement's services) that realise it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from council import services
from council.events import council_sections
from council.models import Audience, Candidate, CandidateStep, CouncilError, Meeting
from portal.models import AuditEvent, Notification, Organisation
from procurement.models import StagePlan, Visibility
from tests.council.factories import make_body, make_meeting, seat
from tests.portal.factories import sign_in
from tests.procurement.factories import make_project

pytestmark = pytest.mark.django_db


def proposer() -> Organisation:
    return Organisation.objects.get_or_create(kind=Organisation.Kind.ASSOCIATION, name="全国市長会")[0]


def candidate(by, *, body=None, audience=Audience.PUBLIC, **fields) -> Candidate:
    return services.create_candidate(
        body=body or make_body(),
        by=by,
        title=fields.pop("title", "電子申請システムの共通化"),
        description="各団体の電子申請を共通基盤に集約する",
        proposer=proposer(),
        audience=audience,
        non_disclosure_reason="" if audience == Audience.PUBLIC else "検討途中のため",
        **fields,
    )


def public_project(coordinator, title="情報セキュリティクラウドの共同調達"):
    project = make_project(coordinator, title=title)
    StagePlan.objects.update_or_create(
        project=project, stage=project.status, defaults={"visibility": Visibility.PUBLIC}
    )
    return project


def test_a_candidate_walks_the_pipeline_each_step_keeping_its_decision_and_meeting(cast):
    secretariat = cast["secretariat"]
    item = candidate(secretariat)
    meeting = make_meeting(item.body, secretariat)
    for status, at in [
        (Candidate.Status.EFFECT, meeting),
        (Candidate.Status.FEASIBILITY, None),
        (Candidate.Status.POLICY, None),
        (Candidate.Status.CONSENTED, meeting),
        (Candidate.Status.PROMOTING, None),
    ]:
        item = services.change_candidate_status(
            candidate=item, status=status, by=secretariat, note=f"{status}と決定", meeting=at
        )
    steps = list(item.steps.order_by("pk"))
    assert [s.to_status for s in steps] == [
        "candidate",
        "effect",
        "feasibility",
        "policy",
        "consented",
        "promoting",
    ]
    assert [s.meeting_id for s in steps] == [None, meeting.pk, None, None, meeting.pk, None]
    assert steps[2].decision == "feasibilityと決定" and steps[2].from_status == "effect"
    audited = AuditEvent.objects.filter(verb="council.candidate_status_changed").order_by("pk").last()
    assert audited.data == {"from": "consented", "to": "promoting", "meeting": None}
    # 推進 is the end of the pipeline: nothing moves it on.
    with pytest.raises(CouncilError):
        services.change_candidate_status(candidate=item, status="dropped", by=secretariat, note="x")


def test_no_step_is_skipped_and_every_step_needs_its_decision(cast):
    secretariat = cast["secretariat"]
    item = candidate(secretariat)
    with pytest.raises(CouncilError, match="変更できません"):
        services.change_candidate_status(candidate=item, status="policy", by=secretariat, note="飛ばす")
    with pytest.raises(CouncilError, match="理由"):
        services.change_candidate_status(candidate=item, status="effect", by=secretariat, note=" ")
    item.refresh_from_db()
    assert item.status == "candidate" and item.steps.count() == 1


def test_dropping_needs_a_reason_and_a_dropped_candidate_may_be_taken_up_again(cast):
    secretariat = cast["secretariat"]
    item = candidate(secretariat)
    with pytest.raises(CouncilError, match="理由"):
        services.change_candidate_status(candidate=item, status="dropped", by=secretariat)
    item = services.change_candidate_status(
        candidate=item, status="dropped", by=secretariat, note="効果が小さいため"
    )
    assert item.steps.last().decision == "効果が小さいため"
    item = services.change_candidate_status(candidate=item, status="candidate", by=secretariat, note="再提案")
    assert item.status == "candidate"


def test_only_the_bodys_secretariat_moves_a_candidate_and_only_at_the_bodys_meetings(cast):
    secretariat = cast["secretariat"]
    item = candidate(secretariat)
    for outsider in (cast["council_member"], cast["coordinator"]):
        with pytest.raises(CouncilError):
            services.change_candidate_status(candidate=item, status="effect", by=outsider, note="x")
    with pytest.raises(CouncilError):
        candidate(cast["council_member"])
    elsewhere = make_meeting(make_body("ワーキンググループ"), secretariat)
    with pytest.raises(CouncilError, match="この会議体の会議"):
        services.change_candidate_status(
            candidate=item, status="effect", by=secretariat, note="x", meeting=elsewhere
        )


def test_reaching_the_policy_draft_asks_the_members_for_consent_and_sits_on_their_dashboard(cast, rf):
    secretariat, member = cast["secretariat"], cast["council_member"]
    item = candidate(secretariat)
    seat(item.body, member)
    item = services.change_candidate_status(candidate=item, status="effect", by=secretariat, note="a")
    item = services.change_candidate_status(candidate=item, status="feasibility", by=secretariat, note="b")
    assert not Notification.objects.filter(event="council.candidate_consent_requested").exists()
    services.change_candidate_status(candidate=item, status="policy", by=secretariat, note="c")
    assert Notification.objects.get(event="council.candidate_consent_requested").recipient == member
    request = rf.get("/dashboard/")
    request.user = member
    section = next(s for s in council_sections(request) if s["title"] == "同意を待つ推進方針案")
    assert [i["label"] for i in section["items"]] == [item.title]
    request.user = secretariat
    waiting = next(s for s in council_sections(request) if s["title"] == "次の判断を待つ共通化候補")
    assert [i["label"] for i in waiting["items"]] == [item.title]
    assert waiting["items"][0]["since"] == item.steps.last().decided_at


def test_the_secretariat_sees_a_joint_procurement_candidate_until_a_project_is_linked(cast, rf):
    secretariat = cast["secretariat"]
    item = candidate(secretariat)
    done = services.change_candidate_status(candidate=item, status="dropped", by=secretariat, note="見送り")
    routed = candidate(secretariat, title="共同調達へ回す候補")
    routed = services.change_candidate_status(
        candidate=routed, status="joint_procurement", by=secretariat, note="県の共同調達で"
    )
    request = rf.get("/dashboard/")
    request.user = secretariat

    def waiting():
        section = next(s for s in council_sections(request) if s["title"] == "次の判断を待つ共通化候補")
        return [i["label"] for i in section["items"]]

    assert waiting() == [routed.title] and done.title not in waiting()
    services.link_project(candidate=routed, by=secretariat, project_id=public_project(cast["coordinator"]).pk)
    assert waiting() == []


def test_a_routed_candidate_links_only_projects_its_secretariat_can_see(cast):
    secretariat, coordinator = cast["secretariat"], cast["coordinator"]
    item = candidate(secretariat)
    visible = public_project(coordinator)
    hidden = make_project(coordinator, title="非公開の案件")
    with pytest.raises(CouncilError):  # not routed to joint procurement yet
        services.link_project(candidate=item, by=secretariat, project_id=visible.pk)
    item = services.change_candidate_status(
        candidate=item, status="joint_procurement", by=secretariat, note="共同調達で実現"
    )
    with pytest.raises(CouncilError, match="一覧から"):
        services.link_project(candidate=item, by=secretariat, project_id=hidden.pk)
    services.link_project(candidate=item, by=secretariat, project_id=visible.pk)
    with pytest.raises(CouncilError, match="すでに"):
        services.link_project(candidate=item, by=secretariat, project_id=visible.pk)
    assert [pk for pk, _label in services.linkable_projects(secretariat, item)] == []
    assert [p["title"] for p in services.linked_projects(AnonymousUser(), item)] == [visible.title]
    # Once the project's stage is no longer public, the candidate page no longer names it to the public.
    StagePlan.objects.filter(project=visible).update(visibility=Visibility.PARTICIPANTS)
    assert services.linked_projects(AnonymousUser(), item) == []
    assert AuditEvent.objects.filter(verb="council.candidate_project_linked").count() == 1


def test_audiences_decide_who_reads_a_candidate(cast):
    secretariat = cast["secretariat"]
    public = candidate(secretariat, title="公開の候補")
    local = candidate(secretariat, title="自治体向けの候補", audience=Audience.LOCAL_GOVERNMENTS)
    members = candidate(secretariat, title="構成員のみの候補", audience=Audience.MEMBERS)

    def titles(user):
        return set(Candidate.objects.visible_to(user).values_list("title", flat=True))

    everything = {public.title, local.title, members.title}
    assert titles(AnonymousUser()) == titles(cast["talent"]) == {public.title}
    assert titles(cast["staff"]) == {public.title, local.title}
    assert titles(cast["council_member"]) == everything
    assert titles(secretariat) == titles(cast["admin_user"]) == everything


def test_the_list_groups_candidates_by_stage_and_the_page_shows_the_timeline(client, cast):
    secretariat = cast["secretariat"]
    item = candidate(secretariat)
    meeting = make_meeting(item.body, secretariat, status=Meeting.Status.ANNOUNCED)
    services.change_candidate_status(
        candidate=item, status="effect", by=secretariat, note="効果検証に着手", meeting=meeting
    )
    candidate(secretariat, body=item.body, title="公金収納の共通化")
    page = client.get(reverse("council:candidate-list", args=[item.body.pk])).content.decode()
    assert page.index('<h2 id="stage-1">候補') < page.index("公金収納の共通化")
    assert page.index("公金収納の共通化") < page.index("効果検証<span") < page.index(item.title)
    page = client.get(reverse("council:candidate-detail", args=[item.pk])).content.decode()
    assert "効果検証に着手" in page and "全国市長会の提案を共通化候補として登録" in page
    assert reverse("council:meeting-detail", args=[meeting.pk]) in page
    assert "次の段階へ" not in page  # the public sees no actions
    page = client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()
    assert (
        "この会議で決定した共通化候補" in page and reverse("council:candidate-detail", args=[item.pk]) in page
    )


def test_a_meeting_the_reader_may_not_open_is_not_named_on_the_timeline(client, cast):
    secretariat = cast["secretariat"]
    item = candidate(secretariat)
    draft = make_meeting(item.body, secretariat)  # a draft: only the secretariat reads it
    services.change_candidate_status(
        candidate=item, status="effect", by=secretariat, note="着手", meeting=draft
    )
    url = reverse("council:candidate-detail", args=[item.pk])
    assert reverse("council:meeting-detail", args=[draft.pk]) not in client.get(url).content.decode()
    sign_in(client, secretariat)
    assert reverse("council:meeting-detail", args=[draft.pk]) in client.get(url).content.decode()


def test_the_secretariat_registers_moves_and_links_through_the_pages(client, cast):
    secretariat = cast["secretariat"]
    body = make_body()
    meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    sign_in(client, secretariat)
    url = reverse("council:candidate-create", args=[body.pk])
    response = client.post(
        url, {"title": "", "description": "説明", "proposer": proposer().pk, "audience": "members"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "説明" in page and "非公開の理由を入力してください" in page
    response = client.post(
        url, {"title": "窓口予約", "description": "説明", "proposer": proposer().pk, "audience": "public"}
    )
    item = Candidate.objects.get(title="窓口予約")
    assert response.url == reverse("council:candidate-detail", args=[item.pk])
    page = client.get(response.url).content.decode()
    assert "「効果検証」に進める" in page and "都道府県の共同調達へ回す" in page and "見送る" in page
    status_url = reverse("council:candidate-status", args=[item.pk])
    client.post(status_url, {"status": "effect", "note": ""})
    item.refresh_from_db()
    assert item.status == "candidate"
    client.post(status_url, {"status": "joint_procurement", "note": "県で調達", "meeting": meeting.pk})
    item.refresh_from_db()
    assert item.status == "joint_procurement"
    assert CandidateStep.objects.get(candidate=item, to_status="joint_procurement").meeting == meeting
    project = public_project(cast["coordinator"])
    page = client.get(reverse("council:candidate-detail", args=[item.pk])).content.decode()
    assert "共同調達案件を紐付ける" in page and project.title in page
    client.post(reverse("council:candidate-link", args=[item.pk]), {"project": project.pk})
    page = client.get(reverse("council:candidate-detail", args=[item.pk])).content.decode()
    assert reverse("procurement:project-detail", args=[project.pk]) in page


def test_council_code_knows_procurement_only_through_its_link_services():
    root = Path(__file__).resolve().parents[2] / "council"
    used = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("procurement"):
                used.add(node.module)
            elif isinstance(node, ast.Import):
                used |= {a.name for a in node.names if a.name.startswith("procurement")}
    assert used == {"procurement.services.links"}
