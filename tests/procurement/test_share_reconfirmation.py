"""A population import that changes a joined municipality's population changes the 人口割 shares: the
approvers are asked again, with the old and the new amount, as after a join or a withdrawal. Projects
whose shares it cannot change, or that are past their contracts, are left alone; so is everyone when
the import changes no figure; and a second delivery of the signal asks nobody twice."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from portal import services as portal_services
from portal.models import AuditEvent, Notification, PopulationImport, User
from portal.registry import population_applied
from procurement.models import Project, ShareConfirmation
from procurement.services import costs, projects
from tests.conftest import HIROSHIMA, JINSEKI, KURE, org
from tests.portal.factories import sign_in
from tests.procurement.factories import join, make_project, open_survey

EQUAL = {"total_amount": 3_000_000, "unit": 1000, "equal_weight": 100, "population_weight": 0,
         "volume_weight": 0, "population_exponent": 1, "volume_measure": "accounts"}  # fmt: skip


def kure_approver() -> User:
    return User.objects.get(email="approver@kure.test")  # made by the awarded fixture


def sheet_of(project, code=JINSEKI) -> ShareConfirmation:
    return ShareConfirmation.objects.select_related("participant__project", "participant__municipality").get(
        participant__project=project, participant__municipality__lg_code=code
    )


def confirm_all(project, *people) -> None:
    for code, person in zip((JINSEKI, KURE), people, strict=False):
        costs.confirm_share(confirmation=sheet_of(project, code), by=person)


def import_populations(by, figures: dict[str, int], on: datetime.date, capture) -> PopulationImport:
    data = ("lg_code,population\n" + "".join(f"{code},{value}\n" for code, value in figures.items())).encode()
    preview = portal_services.preview_population_import(
        data=data, file_name="pop.csv", reference_date=on, prefecture=org(HIROSHIMA), by=by
    )
    with capture(execute=True):
        portal_services.apply_population_import(population_import=preview, by=by)
    return preview


def test_an_import_that_changes_a_participants_population_asks_its_approver_again(
    client,
    awarded,
    coordinator,
    approver,
    staff,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    confirm_all(awarded, approver, kure_approver())
    old = sheet_of(awarded).amount
    equal = open_survey(make_project(coordinator, title="均等割の案件"), coordinator, codes=[JINSEKI])
    join(equal, JINSEKI, staff=staff, approver=approver)
    costs.set_cost_rule(project=equal, by=coordinator, values=EQUAL)
    confirm_all(equal, approver)
    ids = [org(JINSEKI).pk, org(KURE).pk]
    with django_assert_num_queries(1):  # however many municipalities the import changed
        assert list(Project.objects.sharing_by_population(ids)) == [awarded]

    done = import_populations(
        coordinator,
        {JINSEKI: 16_000, KURE: 200_000},
        datetime.date(2027, 1, 1),
        django_capture_on_commit_callbacks,
    )

    sheet = sheet_of(awarded)
    new = next(r.share for r in costs.cost_table(awarded).rows if r.municipality.lg_code == JINSEKI)
    assert new != old
    assert (sheet.status, sheet.amount, sheet.previous_amount, sheet.confirmed_by) == (
        "requested", new, old, None
    )  # fmt: skip
    assert str(sheet.reference_date) == "2027-01-01"
    audit = AuditEvent.objects.for_target(sheet).get(verb="procurement.share_recomputed")
    assert (audit.actor, audit.data["old"], audit.data["new"], audit.data["population_import"]) == (
        coordinator, old, new, done.pk
    )  # fmt: skip
    told = Notification.objects.filter(event="procurement.share_confirmation_requested", recipient=approver)
    assert told.latest("pk").context.items() >= {"amount": f"{new:,}", "previous": f"{old:,}"}.items()
    # 呉市's figure did not change, but its share did (the population part is split anew): asked too.
    assert (sheet_of(awarded, KURE).status, sheet_of(awarded, KURE).previous_amount) == (
        "requested",
        3_000_000 - old,
    )
    # The equal-share project is not touched.
    assert sheet_of(equal).status == "confirmed"
    assert (
        not AuditEvent.objects.for_target(sheet_of(equal))
        .filter(verb="procurement.share_recomputed")
        .exists()
    )
    sign_in(client, approver)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "確認待ちの負担金" in page and f"{new:,}円" in page

    # A second delivery of the same signal changes nothing.
    before = (Notification.objects.count(), AuditEvent.objects.count())
    population_applied.send(
        sender=PopulationImport,
        population_import=done,
        organisation_ids=frozenset({org(JINSEKI).pk}),
        by=coordinator,
    )
    assert (Notification.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("figures", "on"),
    [
        ({JINSEKI: 8_000, KURE: 200_000}, datetime.date(2026, 1, 1)),  # the same figures again
        ({JINSEKI: 8_000, KURE: 200_000}, datetime.date(2027, 1, 1)),  # a newer date, same figures
        ({JINSEKI: 50_000, KURE: 1}, datetime.date(2025, 1, 1)),  # older than the figures in use
    ],
)
def test_an_import_that_changes_no_figure_in_use_asks_nobody(
    awarded, coordinator, approver, figures, on, django_capture_on_commit_callbacks
):
    confirm_all(awarded, approver, kure_approver())
    last_notification, last_audit = Notification.objects.latest("pk").pk, AuditEvent.objects.latest("pk").pk
    import_populations(coordinator, figures, on, django_capture_on_commit_callbacks)
    # The import tells its uploader and writes its own audit rows; procurement adds none.
    assert not Notification.objects.filter(
        pk__gt=last_notification, event__startswith="procurement."
    ).exists()
    assert not AuditEvent.objects.filter(pk__gt=last_audit, verb__startswith="procurement.").exists()
    assert {sheet_of(awarded).status, sheet_of(awarded, KURE).status} == {"confirmed"}


def test_a_project_past_its_contracts_keeps_its_confirmed_shares(
    awarded, coordinator, approver, django_capture_on_commit_callbacks
):
    confirm_all(awarded, approver, kure_approver())
    running = projects.change_project_stage(project=awarded, stage=Project.Status.OPERATION, by=coordinator)
    import_populations(
        coordinator, {JINSEKI: 16_000}, datetime.date(2027, 1, 1), django_capture_on_commit_callbacks
    )
    assert {sheet_of(running).status, sheet_of(running, KURE).status} == {"confirmed"}
    assert (
        Project.Status.CONTRACT in Project.SHARES_MATTER
        and Project.Status.OPERATION not in Project.SHARES_MATTER
    )
