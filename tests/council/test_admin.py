"""The council's Django admin: every change audited; meetings only through the portal's pages."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from council.models import Body, BodyMember, Meeting
from portal.admin import AuditedModelAdmin
from portal.models import AuditEvent
from tests.council.factories import make_body, make_meeting, seat
from tests.portal.factories import sign_in


def test_every_admin_of_the_council_is_audited():
    council = [(m, a) for m, a in admin.site._registry.items() if m._meta.app_label == "council"]
    assert {m for m, _a in council} == {Body, BodyMember, Meeting}
    assert all(isinstance(a, AuditedModelAdmin) for _m, a in council)


def test_a_seat_changed_in_the_admin_is_audited_in_the_councils_scope(client, admin_user):
    body = make_body()
    member = seat(body, name="青木 誠")
    sign_in(client, admin_user)
    response = client.post(
        reverse("admin:council_bodymember_change", args=[member.pk]),
        {
            "body": body.pk,
            "name": "青木 誠",
            "affiliation": "デジタル庁 統括官",
            "position": "chair",
            "term_start": "2024-09-01",
            "term_end": "",
            "user": "",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="admin.changed")
    assert event.scope == body.council and set(event.data["fields"]) == {"affiliation", "position"}


@pytest.mark.parametrize("action", ["add", "change"])
def test_meetings_are_read_only_in_the_admin(client, admin_user, secretariat, action):
    meeting = make_meeting(make_body(), secretariat)
    sign_in(client, admin_user)
    url = (
        reverse("admin:council_meeting_add")
        if action == "add"
        else reverse("admin:council_meeting_change", args=[meeting.pk])
    )
    before = AuditEvent.objects.count()
    assert client.post(url, {"status": "held"}).status_code == 403
    assert AuditEvent.objects.count() == before
