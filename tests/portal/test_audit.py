import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from portal.audit import record
from portal.models import AuditEvent, Organisation
from portal.models.audit import AuditAppendOnlyError
from tests.conftest import HIROSHIMA
from tests.portal.factories import sign_in


@pytest.fixture
def event(coordinator):
    return record(
        Organisation.objects.get(lg_code=HIROSHIMA),
        "framework.updated",
        actor=coordinator,
        scope=Organisation.objects.get(lg_code=HIROSHIMA),
        note="test",
    )


def test_an_event_records_actor_target_scope_and_note(event, coordinator):
    event.refresh_from_db()
    assert event.actor == coordinator
    assert event.target_repr == "広島県"
    assert event.scope.lg_code == HIROSHIMA
    assert event.note == "test"


def test_events_cannot_be_changed_through_the_orm(event):
    event.note = "rewritten"
    with pytest.raises(AuditAppendOnlyError):
        event.save()
    with pytest.raises(AuditAppendOnlyError):
        event.delete()
    with pytest.raises(AuditAppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(AuditAppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_events_cannot_be_changed_by_raw_sql_either(event):
    for statement in ("UPDATE portal_auditevent SET note = 'x'", "DELETE FROM portal_auditevent"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    event.refresh_from_db()
    assert event.note == "test"


def test_unregistered_verbs_are_refused(db, reference_data):
    with pytest.raises(ValueError, match="unregistered"):
        record(None, "something.else")


def test_audit_log_shows_only_events_of_the_coordinators_prefecture(
    client, coordinator, other_coordinator, event
):
    okayama = Organisation.objects.get(lg_code="330001")
    record(okayama, "framework.updated", actor=other_coordinator, scope=okayama, note="okayama-only")
    sign_in(client, coordinator)
    body = client.get("/audit/").content.decode()
    assert "広島県" in body
    assert "okayama-only" not in body


def test_the_request_ip_is_recorded(client, coordinator):
    sign_in(client, coordinator)
    framework_url = f"/frameworks/{HIROSHIMA}/status/"
    client.post(framework_url, {"status": "building", "note": "開始"}, REMOTE_ADDR="203.0.113.9")
    event = AuditEvent.objects.get(verb="framework.status_changed")
    assert event.ip_address == "203.0.113.9"
    assert event.note == "開始"


def test_behind_a_trusted_proxy_the_last_forwarded_hop_is_recorded(client, coordinator, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    sign_in(client, coordinator)
    client.post(
        f"/frameworks/{HIROSHIMA}/status/",
        {"status": "building"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",
    )
    assert AuditEvent.objects.get(verb="framework.status_changed").ip_address == "203.0.113.7"
