"""The 負担金 table: the rule set by the lead, shares of the joined municipalities from imported
population, recomputed on withdrawal, and downloadable as formula-safe CSV and XLSX."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.models import AuditEvent, Role
from procurement.exceptions import ProcurementError
from procurement.models import Participant
from procurement.services import costs, surveys
from tests.conftest import JINSEKI, KURE, make_user, org
from tests.portal.factories import sign_in
from tests.procurement.factories import join, make_project, open_survey, set_populations

RULE = {
    "total_amount": 10_000_000,
    "unit": 1,
    "equal_weight": 30,
    "population_weight": 70,
    "volume_weight": 0,
    "population_exponent": Decimal("1.000"),
    "volume_measure": "accounts",
}


@pytest.fixture
def project(coordinator, staff, approver):
    project = open_survey(make_project(coordinator), coordinator)
    kure_staff = make_user("staff@kure.test", role=Role.MUNICIPAL_STAFF, organisation=org(KURE))
    kure_approver = make_user(
        "approver@kure.test", role=Role.MUNICIPAL_APPROVER, organisation=org(KURE), mfa=True
    )
    join(project, JINSEKI, staff=staff, approver=approver)
    join(project, KURE, staff=kure_staff, approver=kure_approver, expected_accounts=300)
    set_populations(coordinator, {JINSEKI: 8_000, KURE: 200_000})
    costs.set_cost_rule(project=project, by=coordinator, values=RULE)
    return project


def test_shares_of_the_joined_municipalities_add_up_to_the_total(project):
    table = costs.cost_table(project)
    assert [(row.municipality.lg_code, row.share) for row in table.rows] == [
        (KURE, 8_230_769),
        (JINSEKI, 1_769_231),
    ]
    assert table.total == 10_000_000 and str(table.reference_date) == "2026-01-01"


def test_a_withdrawal_recomputes_the_shares(project, approver):
    joined = Participant.objects.get(project=project, municipality__lg_code=JINSEKI)
    surveys.decide_participant(
        participant=joined, to=Participant.Status.WITHDRAWN, by=approver, note="予算不成立"
    )
    table = costs.cost_table(project)
    assert [(row.municipality.lg_code, row.share) for row in table.rows] == [(KURE, 10_000_000)]


def test_missing_population_is_named_instead_of_guessed(coordinator, staff, approver):
    project = open_survey(make_project(coordinator), coordinator)
    join(project, JINSEKI, staff=staff, approver=approver)
    costs.set_cost_rule(project=project, by=coordinator, values=RULE)
    table = costs.cost_table(project)
    assert table.rows == [] and "神石高原町" in table.problem


def test_the_rule_is_the_coordinators_and_is_audited_with_old_and_new_values(project, coordinator, staff):
    with pytest.raises(ProcurementError):
        costs.set_cost_rule(project=project, by=staff, values=RULE)
    with pytest.raises(ProcurementError):
        costs.set_cost_rule(project=project, by=coordinator, values={**RULE, "equal_weight": 40})
    with pytest.raises(ProcurementError):
        costs.set_cost_rule(
            project=project, by=coordinator, values={**RULE, "unit": 1000, "total_amount": 1500}
        )
    costs.set_cost_rule(
        project=project, by=coordinator, values={**RULE, "equal_weight": 100, "population_weight": 0}
    )
    event = AuditEvent.objects.for_target(project).filter(verb="procurement.cost_rule_set").first()
    assert event.data["old"]["equal_weight"] == "30" and event.data["new"]["equal_weight"] == "100"
    assert [row.share for row in costs.cost_table(project).rows] == [5_000_000, 5_000_000]


def test_the_rule_form_says_what_is_wrong(client, project, coordinator):
    sign_in(client, coordinator)
    url = reverse("procurement:cost-rule", args=[project.pk])
    data = {**RULE, "equal_weight": 50}
    assert "合計を100%" in client.post(url, data).content.decode()
    assert client.post(url, {**RULE, "volume_weight": 0, "population_exponent": "0.585"}).status_code == 302


def test_participants_and_the_lead_see_and_download_the_table_and_outsiders_do_not(
    client, project, staff, other_staff
):
    sign_in(client, staff)
    page = client.get(reverse("procurement:project-detail", args=[project.pk])).content.decode()
    assert "1,769,231" in page and "10,000,000" in page
    csv = client.get(reverse("procurement:share-csv", args=[project.pk])).content.decode("utf-8-sig")
    assert "345458,神石高原町,8000,40,1769231" in csv and ",合計,,,10000000" in csv
    xlsx = client.get(reverse("procurement:share-xlsx", args=[project.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[2]] == [KURE, "呉市", 200000, 300, 8230769]
    sign_in(client, other_staff)
    assert client.get(reverse("procurement:share-csv", args=[project.pk])).status_code == 404


def test_a_municipality_name_that_looks_like_a_formula_is_written_as_text(client, project, coordinator):
    from portal.models import Organisation

    Organisation.objects.filter(lg_code=JINSEKI).update(name="=HYPERLINK(1)")
    sign_in(client, coordinator)
    csv = client.get(reverse("procurement:share-csv", args=[project.pk])).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv
