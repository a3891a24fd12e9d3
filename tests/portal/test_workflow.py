"""transition(): the one way a status changes — locked, permitted, allowed by the model, audited."""

import pytest
from django.db import transaction

from portal import services
from portal.exceptions import PortalError
from portal.models import AuditEvent, RegionalFramework
from portal.workflow import transition
from tests.conftest import HIROSHIMA
from tests.portal.factories import sign_in


@pytest.fixture
def framework(reference_data):
    return RegionalFramework.objects.get(prefecture__lg_code=HIROSHIMA)


def test_a_transition_saves_and_audits_from_to_actor_scope_and_note(coordinator, framework):
    start = framework.status
    with transaction.atomic():
        moved = transition(
            framework,
            to="building",
            by=coordinator,
            verb="framework.status_changed",
            scope=framework.prefecture,
        )
    assert start == "not_started" and moved.status == "building"
    event = AuditEvent.objects.get(verb="framework.status_changed")
    assert (event.actor, event.scope, event.data) == (
        coordinator,
        framework.prefecture,
        {"from": "not_started", "to": "building"},
    )


def test_a_move_the_model_does_not_allow_is_refused_and_nothing_is_written(coordinator, framework):
    with pytest.raises(PortalError, match="未着手"), transaction.atomic():
        transition(framework, to="operating", by=coordinator, verb="framework.status_changed")
    framework.refresh_from_db()
    assert framework.status == "not_started"
    assert not AuditEvent.objects.filter(verb="framework.status_changed").exists()


def test_someone_the_action_does_not_allow_is_refused_by_the_service_itself(other_coordinator, framework):
    with pytest.raises(PortalError):
        services.change_framework_status(framework=framework, status="building", by=other_coordinator)
    framework.refresh_from_db()
    assert framework.status == "not_started"


def test_an_action_that_needs_a_reason_refuses_an_empty_one(coordinator, framework):
    services.change_framework_status(framework=framework, status="building", by=coordinator)
    with pytest.raises(PortalError, match="理由"):
        services.change_framework_status(framework=framework, status="not_started", by=coordinator, note=" ")
    services.change_framework_status(
        framework=framework, status="not_started", by=coordinator, note="予算未確保"
    )
    framework.refresh_from_db()
    assert framework.status == "not_started"


@pytest.mark.django_db(transaction=True)
def test_a_transition_outside_a_transaction_is_a_programming_error(coordinator, framework):
    with pytest.raises(RuntimeError, match="inside a transaction"):
        transition(framework, to="building", by=coordinator, verb="framework.status_changed")


def test_the_page_offers_exactly_the_named_actions_this_person_may_take(
    client, coordinator, staff, framework
):
    assert [a.label for a in framework.actions_for(coordinator)] == ["構築を始める"]
    assert framework.actions_for(staff) == []
    sign_in(client, coordinator)
    page = client.get(f"/frameworks/{HIROSHIMA}/").content.decode()
    assert 'value="building"' in page and "構築を始める" in page
    assert 'value="operating"' not in page
    response = client.post(f"/frameworks/{HIROSHIMA}/status/", {"status": "building"}, follow=True)
    assert "体制を「構築中」にしました。" in response.content.decode()
