"""Migration 0012: the 議事次第 of a meeting approved before it was published with that approval, so
its lines are marked approved by the meeting's approver; lines of unapproved meetings stay 準備中."""

from __future__ import annotations

import datetime

import pytest

from tests.council.factories import JST
from tests.council.test_substitute_migration import back_to_the_latest_schema, migrate  # noqa: F401

BEFORE = [("council", "0011_material_version_approval")]
AFTER = [("council", "0012_agenda_item_approval")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_lines_of_approved_meetings_are_approved_with_them():
    apps = migrate(BEFORE)
    Organisation = apps.get_model("portal", "Organisation")
    User = apps.get_model("portal", "User")
    Body = apps.get_model("council", "Body")
    Meeting = apps.get_model("council", "Meeting")
    AgendaItem = apps.get_model("council", "AgendaItem")
    council = Organisation.objects.create(kind="council", name="移行テスト協議会")
    author, approver = User.objects.create(email="a@example.jp"), User.objects.create(email="b@example.jp")
    body = Body.objects.create(council=council, name="移行テスト")
    approved_at = datetime.datetime(2025, 4, 1, 9, 0, tzinfo=JST)
    starts = datetime.datetime(2025, 4, 10, 10, 0, tzinfo=JST)
    announced = Meeting.objects.create(
        body=body, number=1, starts_at=starts, is_online=True, created_by=author, status="announced",
        approval_requested_by=author, approved_by=approver, approved_at=approved_at,
    )  # fmt: skip
    draft = Meeting.objects.create(body=body, number=2, starts_at=starts, is_online=True, created_by=author)
    for meeting in (announced, draft):
        AgendaItem.objects.create(meeting=meeting, position=1, title="開会")

    apps = migrate(AFTER)
    AgendaItem = apps.get_model("council", "AgendaItem")
    rows = AgendaItem.objects.order_by("meeting__number").values_list(
        "status", "approved_by_id", "approved_at"
    )
    assert list(rows) == [("approved", approver.pk, approved_at), ("draft", None, None)]
