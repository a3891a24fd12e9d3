"""Fixtures shared by joint procurement's tests."""

from __future__ import annotations

import datetime

import pytest

from procurement.models import Project
from procurement.services import awards, costs, projects
from tests.conftest import JINSEKI, KURE, make_user, org
from tests.procurement.factories import join, make_project, open_survey, set_populations


@pytest.fixture
def awarded(coordinator, staff, approver):
    """A project in the contract stage: 神石高原町 and 呉市 joined, cost rule set, award recorded."""
    project = open_survey(make_project(coordinator), coordinator)
    kure_staff = make_user("staff@kure.test", role="municipal_staff", organisation=org(KURE))
    kure_approver = make_user(
        "approver@kure.test", role="municipal_approver", organisation=org(KURE), mfa=True
    )
    join(project, JINSEKI, staff=staff, approver=approver)
    join(project, KURE, staff=kure_staff, approver=kure_approver)
    set_populations(coordinator, {JINSEKI: 8_000, KURE: 200_000})
    costs.set_cost_rule(
        project=project,
        by=coordinator,
        values={"total_amount": 3_000_000, "unit": 1000, "equal_weight": 50, "population_weight": 50,
                "volume_weight": 0, "population_exponent": 1, "volume_measure": "accounts"},
    )  # fmt: skip
    for stage in Project.ORDER[2:7]:
        project = projects.change_project_stage(project=project, stage=stage, by=coordinator)
    assert project.status == Project.Status.AWARD
    awards.record_award(
        project=project,
        by=coordinator,
        values={
            "supplier_name": "株式会社テスト",
            "supplier_number": "1234567890123",
            "initial_amount": 3_000_000,
            "annual_amount": 1_200_000,
            "awarded_on": datetime.date(2026, 11, 1),
        },
    )
    return projects.change_project_stage(project=project, stage=Project.Status.CONTRACT, by=coordinator)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Document files go to a temporary folder, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
