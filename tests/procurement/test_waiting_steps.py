"""Every waiting step reaches its people: the 負担金 sheet each joined municipality confirms (and is
asked again when a recomputation changes its share), the consolidation of requirements that someone
other than its submitter approves (publishing it), and the reminders before the votes' deadline. A
municipality never sees another's votes or budget flag before the consolidation is published."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.dates import today
from portal.models import AuditEvent, Notification, Role
from procurement.exceptions import ProcurementError
from procurement.models import Consolidation, Participant, Project, ShareConfirmation, StagePlan
from procurement.services import costs, projects, requirements, surveys
from tests.conftest import JINSEKI, KURE, make_user, org
from tests.portal.factories import sign_in
from tests.procurement.factories import join, make_project, open_survey, participant

RULE = {"total_amount": 3_000_000, "unit": 1000, "equal_weight": 100, "population_weight": 0,
        "volume_weight": 0, "population_exponent": 1, "volume_measure": "accounts"}  # fmt: skip


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


@pytest.fixture
def kure(db, reference_data):
    """Staff and approver of 呉市 (広島県)."""
    staff = make_user("staff@kure.test", name="呉 職員", role=Role.MUNICIPAL_STAFF, organisation=org(KURE))
    approver = make_user(
        "approver@kure.test", name="呉 課長", role=Role.MUNICIPAL_APPROVER, organisation=org(KURE), mfa=True
    )
    return staff, approver


@pytest.fixture
def ruled(coordinator, staff, approver):
    """A survey 神石高原町 has joined, with the cost rule set: its sheet asks for 3,000,000円."""
    project = open_survey(make_project(coordinator), coordinator)
    join(project, JINSEKI, staff=staff, approver=approver)
    costs.set_cost_rule(project=project, by=coordinator, values={**RULE, "confirm_by": days(10)})
    return project


def sheet_of(project, code=JINSEKI) -> ShareConfirmation:
    return ShareConfirmation.objects.select_related("participant__project", "participant__municipality").get(
        participant__project=project, participant__municipality__lg_code=code
    )


def told(event: str) -> list[int]:
    return list(Notification.objects.filter(event=event).order_by("pk").values_list("recipient", flat=True))


# -- 負担金 sheet confirmation ---------------------------------------------------------------------


def test_setting_the_rule_asks_the_approver_who_confirms_on_the_sheet_and_leaves_the_dashboard(
    client, ruled, coordinator, approver
):
    sheet = sheet_of(ruled)
    assert (sheet.status, sheet.amount, sheet.previous_amount, sheet.deadline) == (
        "requested", 3_000_000, None, days(10)
    )  # fmt: skip
    assert "均等割100%" in sheet.rule_summary
    assert told("procurement.share_confirmation_requested") == [approver.pk]
    assert (
        AuditEvent.objects.for_target(sheet).filter(verb="procurement.share_confirmation_requested").exists()
    )
    sign_in(client, approver)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert (
        "確認待ちの負担金" in page
        and "3,000,000円" in page
        and f"期限 {days(10).isoformat()}（あと10日）" in page
    )
    sheet_url = reverse("procurement:share-sheet", args=[ruled.pk, JINSEKI])
    assert "負担金を確認した" in client.get(sheet_url).content.decode()
    response = client.post(reverse("procurement:share-confirm", args=[ruled.pk, JINSEKI]))
    assert response.status_code == 302 and response.url == sheet_url
    sheet.refresh_from_db()
    assert (sheet.status, sheet.confirmed_by) == ("confirmed", approver)
    event = AuditEvent.objects.for_target(sheet).get(verb="procurement.share_confirmed")
    assert (event.actor, event.data["amount"]) == (approver, 3_000_000)
    assert "確認待ちの負担金はありません" in client.get(reverse("portal:dashboard")).content.decode()
    sign_in(client, coordinator)
    page = client.get(reverse("procurement:project-detail", args=[ruled.pk])).content.decode()
    assert "負担金の確認" in page and "確認済み" in page and approver.full_name in page


def test_only_the_municipalitys_approver_confirms_its_sheet(ruled, coordinator, staff, prefecture_approver):
    sheet = sheet_of(ruled)
    for person in (staff, coordinator, prefecture_approver):
        with pytest.raises(ProcurementError):
            costs.confirm_share(confirmation=sheet, by=person)
    assert sheet_of(ruled).status == ShareConfirmation.Status.REQUESTED


def test_a_join_that_changes_the_share_resets_the_confirmation_and_tells_the_old_and_new_amount(
    ruled, coordinator, staff, approver, kure
):
    costs.confirm_share(confirmation=sheet_of(ruled), by=approver)
    join(ruled, KURE, staff=kure[0], approver=kure[1])
    sheet = sheet_of(ruled)
    assert (sheet.status, sheet.amount, sheet.previous_amount, sheet.confirmed_by) == (
        "requested", 1_500_000, 3_000_000, None
    )  # fmt: skip
    audit = AuditEvent.objects.for_target(sheet).get(verb="procurement.share_recomputed")
    assert (audit.data["old"], audit.data["new"], audit.data["to"]) == (3_000_000, 1_500_000, "requested")
    last = Notification.objects.filter(event="procurement.share_confirmation_requested", recipient=approver)
    assert last.latest("pk").context.items() >= {"amount": "1,500,000", "previous": "3,000,000"}.items()
    kure_sheet = sheet_of(ruled, KURE)
    assert (kure_sheet.status, kure_sheet.amount, kure_sheet.previous_amount) == (
        "requested",
        1_500_000,
        None,
    )
    assert set(told("procurement.share_confirmation_requested")[-2:]) == {approver.pk, kure[1].pk}
    # Withdrawing gives 神石高原町 the whole again: asked once more, with the amounts.
    kure_row = participant(ruled, KURE)
    surveys.decide_participant(participant=kure_row, to=Participant.Status.WITHDRAWN, by=kure[1], note="予算")
    sheet = sheet_of(ruled)
    assert (sheet.amount, sheet.previous_amount) == (3_000_000, 1_500_000)
    # A rule change that leaves every amount as it was asks nobody again.
    costs.confirm_share(confirmation=sheet, by=approver)
    before = Notification.objects.count()
    costs.set_cost_rule(project=ruled, by=coordinator, values={**RULE, "confirm_by": days(20)})
    assert (sheet_of(ruled).status, Notification.objects.count()) == ("confirmed", before)


def test_unconfirmed_sheets_are_reminded_once_when_the_deadline_is_near(ruled, approver):
    assert costs.remind_share_confirmations() == 0  # 10 days away; reminders start 3 days before
    on = days(7)
    assert costs.remind_share_confirmations(on=on) == 1
    assert costs.remind_share_confirmations(on=on) == 0
    assert told("procurement.share_reminder") == [approver.pk]


def test_another_municipality_can_neither_read_nor_confirm_the_sheet(client, ruled, kure, other_staff):
    for person in (kure[1], other_staff):
        sign_in(client, person)
        assert client.post(reverse("procurement:share-confirm", args=[ruled.pk, JINSEKI])).status_code == 404
    assert sheet_of(ruled).status == ShareConfirmation.Status.REQUESTED


def test_the_project_page_with_confirmations_stays_flat(
    client, coordinator, staff, approver, kure, django_assert_max_num_queries
):
    project = open_survey(make_project(coordinator), coordinator)
    join(project, JINSEKI, staff=staff, approver=approver)
    costs.set_cost_rule(project=project, by=coordinator, values=RULE)
    sign_in(client, coordinator)
    url = reverse("procurement:project-detail", args=[project.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    join(project, KURE, staff=kure[0], approver=kure[1])
    costs.confirm_share(confirmation=sheet_of(project, KURE), by=kure[1])
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


# -- the consolidation of requirements -------------------------------------------------------------


@pytest.fixture
def voted(coordinator, staff, approver, kure):
    """At the requirements stage, 神石高原町 and 呉市 (budget not secured) joined and voted on one item."""
    project = open_survey(make_project(coordinator), coordinator)
    join(project, JINSEKI, staff=staff, approver=approver)
    join(project, KURE, staff=kure[0], approver=kure[1], budget_secured=False)
    project = projects.change_project_stage(
        project=project, stage=Project.Status.REQUIREMENTS, by=coordinator
    )
    item = requirements.add_requirement(project=project, section="申請", text="電子署名", by=coordinator)
    requirements.cast_votes(participant=participant(project), votes={item.pk: ("want", "")}, by=staff)
    requirements.cast_votes(
        participant=participant(project, KURE), votes={item.pk: ("must", "呉の意見")}, by=kure[0]
    )
    return project


def adopt_all(project, by):
    for item in project.requirements.all():
        requirements.decide_requirement(requirement=item, to="adopted", by=by, note="要望が多い")


def test_the_consolidation_waits_until_every_item_is_decided(voted, coordinator):
    with pytest.raises(ProcurementError, match="採否が未定"):
        requirements.move_consolidation(project=voted, to=Consolidation.Status.SUBMITTED, by=coordinator)


def test_whoever_asks_for_the_consolidations_approval_cannot_approve_or_return_it(
    client, voted, coordinator, prefecture_approver, staff, approver, kure
):
    adopt_all(voted, coordinator)
    requirements.move_consolidation(project=voted, to=Consolidation.Status.SUBMITTED, by=coordinator)
    assert told("procurement.consolidation_submitted") == [prefecture_approver.pk]
    for to in (Consolidation.Status.PUBLISHED, Consolidation.Status.RETURNED):
        with pytest.raises(ProcurementError, match="ご自身が承認を依頼した要件の取りまとめは"):
            requirements.move_consolidation(project=voted, to=to, by=coordinator, note="自分で")
    sign_in(client, coordinator)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "承認待ちの要件の取りまとめはありません" in page
    response = client.post(
        reverse("procurement:consolidation-status", args=[voted.pk]), {"status": "published"}
    )
    assert response.status_code == 302
    assert Consolidation.objects.get(project=voted).status == Consolidation.Status.SUBMITTED
    matrix = client.get(reverse("procurement:requirement-matrix", args=[voted.pk])).content.decode()
    assert "検討中に戻す" not in matrix and "取りまとめを承認して公表する" not in matrix
    # While it waits, the decisions it consolidates are frozen.
    with pytest.raises(ProcurementError, match="採否はもう変えられません"):
        requirements.decide_requirement(
            requirement=voted.requirements.get(), to="proposed", by=coordinator, note="再検討"
        )
    sign_in(client, prefecture_approver)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "承認待ちの要件の取りまとめ" in page and voted.title in page
    matrix = client.get(reverse("procurement:requirement-matrix", args=[voted.pk])).content.decode()
    assert "取りまとめを承認して公表する" in matrix
    client.post(reverse("procurement:consolidation-status", args=[voted.pk]), {"status": "published"})
    consolidation = Consolidation.objects.get(project=voted)
    assert (consolidation.status, consolidation.decided_by) == ("published", prefecture_approver)
    assert consolidation.published_at is not None
    verbs = AuditEvent.objects.for_target(consolidation).values_list("verb", "actor")
    assert set(verbs) == {
        ("procurement.consolidation_submitted", coordinator.pk),
        ("procurement.consolidation_published", prefecture_approver.pk),
    }
    assert set(told("procurement.consolidation_published")) == {
        staff.pk, approver.pk, *(u.pk for u in kure), coordinator.pk
    }  # fmt: skip


def test_a_returned_consolidation_goes_back_to_its_submitter_with_the_reason(
    voted, coordinator, prefecture_approver
):
    adopt_all(voted, coordinator)
    requirements.move_consolidation(project=voted, to=Consolidation.Status.SUBMITTED, by=coordinator)
    with pytest.raises(ProcurementError, match="理由"):
        requirements.move_consolidation(
            project=voted, to=Consolidation.Status.RETURNED, by=prefecture_approver
        )
    returned = requirements.move_consolidation(
        project=voted, to=Consolidation.Status.RETURNED, by=prefecture_approver, note="根拠を追記"
    )
    assert (returned.status, returned.return_reason) == ("returned", "根拠を追記")
    assert told("procurement.consolidation_returned") == [coordinator.pk]
    again = requirements.move_consolidation(project=voted, to=Consolidation.Status.SUBMITTED, by=coordinator)
    assert (again.status, again.return_reason) == ("submitted", "")


def test_a_municipality_sees_neither_anothers_votes_nor_its_budget_flag_until_publication(
    client, voted, coordinator, prefecture_approver, staff
):
    sign_in(client, staff)  # 神石高原町

    def pages() -> dict[str, tuple[int, str]]:
        names = {
            "project-detail": "procurement:project-detail",
            "requirements": "procurement:requirement-list",
            "matrix": "procurement:requirement-matrix",
            "specification": "procurement:specification",
            "csv": "procurement:share-csv",
            "ocds": "procurement:project-ocds",
        }
        seen = {}
        for key, name in names.items():
            response = client.get(reverse(name, args=[voted.pk]))
            seen[key] = (
                response.status_code,
                response.content.decode() if response.status_code == 200 else "",
            )
        response = client.get(reverse("procurement:share-xlsx", args=[voted.pk]))
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        seen["xlsx"] = (
            response.status_code,
            repr([list(row) for row in book.active.iter_rows(values_only=True)]),
        )
        return seen

    for key, (status, body) in pages().items():
        assert "呉の意見" not in body, key
        assert "未確保" not in body and "budget" not in body.lower(), key
        if key == "matrix":
            assert status == 403
    assert "呉市" not in pages()["specification"][1]
    adopt_all(voted, coordinator)
    requirements.move_consolidation(project=voted, to=Consolidation.Status.SUBMITTED, by=coordinator)
    assert "呉市" not in pages()["specification"][1]  # submitted is not published
    requirements.move_consolidation(project=voted, to=Consolidation.Status.PUBLISHED, by=prefecture_approver)
    after = pages()
    assert "呉市" in after["specification"][1]  # who asked for each line, once published
    assert after["matrix"][0] == 403  # never the comments, never the budget flags
    for key, (_status, body) in after.items():
        assert "呉の意見" not in body and "未確保" not in body, key


# -- votes due -------------------------------------------------------------------------------------


def test_voters_are_reminded_once_before_the_requirements_stage_ends(coordinator, staff, approver):
    project = open_survey(make_project(coordinator), coordinator)
    join(project, JINSEKI, staff=staff, approver=approver)
    StagePlan.objects.create(project=project, stage=Project.Status.REQUIREMENTS, ends_on=days(10))
    project = projects.change_project_stage(
        project=project, stage=Project.Status.REQUIREMENTS, by=coordinator
    )
    requirements.add_requirement(project=project, section="申請", text="電子署名", by=coordinator)
    assert surveys.remind_voters() == 0
    assert surveys.remind_voters(on=days(7)) == 1
    assert surveys.remind_voters(on=days(8)) == 0
    assert sorted(told("procurement.votes_reminder")) == sorted([staff.pk, approver.pk])
    note = Notification.objects.get(event="procurement.votes_reminder", recipient=staff)
    assert note.context["count"] == 1


def test_a_late_joiner_at_the_requirements_stage_is_asked_for_its_votes(coordinator, staff, approver, kure):
    project = open_survey(make_project(coordinator), coordinator)
    join(project, JINSEKI, staff=staff, approver=approver)
    project = projects.change_project_stage(
        project=project, stage=Project.Status.REQUIREMENTS, by=coordinator
    )
    late = surveys.decide_participant(
        participant=participant(project, KURE), to=Participant.Status.LATE_REQUESTED, by=kure[1]
    )
    before = set(told("procurement.votes_requested"))
    surveys.decide_participant(participant=late, to=Participant.Status.CONFIRMED, by=coordinator)
    assert set(told("procurement.votes_requested")) - before == {kure[0].pk, kure[1].pk}


def test_the_new_reminders_are_in_the_beat_schedule_and_their_tasks_run(db):
    from portal.celery import app
    from procurement.tasks import send_share_reminders, send_vote_reminders

    schedule = app.conf.beat_schedule
    assert schedule["procurement-vote-reminders"]["task"] == "procurement.tasks.send_vote_reminders"
    assert schedule["procurement-share-reminders"]["task"] == "procurement.tasks.send_share_reminders"
    assert (send_vote_reminders.delay().get(), send_share_reminders.delay().get()) == (0, 0)
