"""The coordinator's allocation simulator and each municipality's 負担金 sheet (printable and XLSX)
for its 予算要求, with the population reference date; a municipality reads only its own sheet."""

from __future__ import annotations

import io
from fractions import Fraction

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import AuditEvent, Organisation, Role
from procurement.models import CostRule
from procurement.services import costs
from tests.conftest import HIROSHIMA, JINSEKI, KURE, make_user
from tests.portal.factories import sign_in
from tests.procurement.factories import join, make_project, open_survey, participant, set_populations

RULE = {"total_amount": "3000000", "unit": "1000", "equal_weight": "100", "population_weight": "0",
        "volume_weight": "0", "population_exponent": "1", "volume_measure": "accounts"}  # fmt: skip


def test_the_simulator_shows_every_share_beside_the_saved_one_and_saves_nothing(client, awarded, coordinator):
    sign_in(client, coordinator)
    url = reverse("procurement:cost-simulator", args=[awarded.pk])
    page = client.get(url).content.decode()  # no parameters: the saved rule
    assert "保存済みのルールでの負担金" in page and "2,192,000" in page and "808,000" in page
    page = client.get(url, RULE).content.decode()
    assert "この条件での負担金" in page
    assert page.count("1,500,000") == 2 and "+692,000" in page and "-692,000" in page
    assert "この条件を按分ルールとして保存する" in page
    rule = CostRule.objects.get(project=awarded)
    assert (rule.equal_weight, rule.population_weight) == (50, 50)
    assert AuditEvent.objects.filter(verb="procurement.cost_rule_set").count() == 1  # the fixture's


def test_the_simulator_keeps_what_was_typed_and_says_what_is_wrong(client, awarded, coordinator):
    sign_in(client, coordinator)
    page = client.get(
        reverse("procurement:cost-simulator", args=[awarded.pk]), {**RULE, "equal_weight": "90"}
    ).content.decode()
    assert "均等割・人口割・利用量割の合計を100%にしてください" in page
    assert 'value="90"' in page and "保存済みのルールでの負担金" in page


def test_the_simulator_is_the_coordinators_own(
    client, awarded, staff, other_coordinator, prefecture_approver
):
    url = reverse("procurement:cost-simulator", args=[awarded.pk])
    for person, status in ((staff, 403), (prefecture_approver, 403), (other_coordinator, 404)):
        sign_in(client, person)
        assert client.get(url, RULE).status_code == status


def test_a_municipality_reads_its_own_sheet_with_the_population_reference_date(client, awarded, staff):
    sign_in(client, staff)
    own = reverse("procurement:share-sheet", args=[awarded.pk, JINSEKI])
    page = client.get(own).content.decode()
    assert "負担金の算定書（神石高原町）" in page and "808,000円" in page
    assert "令和8年（2026年）1月1日" in page and "予算要求" in page
    assert client.get(reverse("procurement:share-sheet", args=[awarded.pk, KURE])).status_code == 404
    assert client.get(reverse("procurement:share-sheet-xlsx", args=[awarded.pk, KURE])).status_code == 404
    detail = client.get(reverse("procurement:project-detail", args=[awarded.pk])).content.decode()
    assert own in detail and reverse("procurement:share-sheet", args=[awarded.pk, KURE]) not in detail


def test_the_coordinator_reads_every_sheet_and_the_xlsx_states_share_and_reference_date(
    client, awarded, coordinator
):
    sign_in(client, coordinator)
    detail = client.get(reverse("procurement:project-detail", args=[awarded.pk])).content.decode()
    assert reverse("procurement:share-sheet", args=[awarded.pk, KURE]) in detail
    response = client.get(reverse("procurement:share-sheet-xlsx", args=[awarded.pk, KURE]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["団体名"] == "呉市" and values["負担金（円）"] == 2_192_000
    assert values["人口の基準日"].date().isoformat() == "2026-01-01" and values["人口"] == 200_000


def test_the_sheet_components_add_up_to_the_ideal_share(awarded):
    sheet = costs.share_sheet(participant(awarded, KURE))
    assert [c.label for c in sheet.components] == ["均等割", "人口割"]
    assert sum(c.amount for c in sheet.components) == sheet.row.ideal
    # 均等割 half of 3,000,000 split in two; 人口割 half by population 200,000 : 8,000.
    assert sheet.components[0].amount == 750_000
    assert sheet.components[1].amount == Fraction(1_500_000 * 200_000, 208_000)


def test_the_simulator_and_sheet_queries_do_not_grow(client, coordinator, django_assert_max_num_queries):
    towns = list(
        Organisation.objects.municipalities().filter(prefecture__lg_code=HIROSHIMA).order_by("lg_code")[:7]
    )
    project = open_survey(make_project(coordinator), coordinator, codes=[t.lg_code for t in towns])

    def join_town(town):
        staff = make_user(f"s{town.lg_code}@t.jp", role=Role.MUNICIPAL_STAFF, organisation=town)
        approver = make_user(f"a{town.lg_code}@t.jp", role=Role.MUNICIPAL_APPROVER, organisation=town)
        join(project, town.lg_code, staff=staff, approver=approver)

    for town in towns[:2]:
        join_town(town)
    set_populations(coordinator, {t.lg_code: 1000 * (i + 1) for i, t in enumerate(towns)})
    values = {**{k: int(v) for k, v in RULE.items() if k != "volume_measure"}, "volume_measure": "accounts"}
    costs.set_cost_rule(project=project, by=coordinator, values=values)
    sign_in(client, coordinator)
    urls = [
        reverse("procurement:cost-simulator", args=[project.pk])
        + "?"
        + "&".join(f"{k}={v}" for k, v in RULE.items()),
        reverse("procurement:share-sheet", args=[project.pk, towns[0].lg_code]),
        reverse("procurement:share-sheet-xlsx", args=[project.pk, towns[0].lg_code]),
    ]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts.append(len(few))
    for town in towns[2:]:
        join_town(town)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
