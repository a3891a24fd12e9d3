"""Attendance used to name a 代理出席 as free text: migration 0010 turns each such name into a
substitute of the seat (covering the days they stood in) and points the attendance at it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.council.factories import JST

BEFORE = [("council", "0009_commonisation")]
AFTER = [("council", "0010_substitutes")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_free_text_proxies_become_substitutes_of_their_seat():
    apps = migrate(BEFORE)
    Organisation = apps.get_model("portal", "Organisation")
    User = apps.get_model("portal", "User")
    Body = apps.get_model("council", "Body")
    BodyMember = apps.get_model("council", "BodyMember")
    Meeting = apps.get_model("council", "Meeting")
    Attendance = apps.get_model("council", "Attendance")
    council = Organisation.objects.create(kind="council", name="移行テスト協議会")
    user = User.objects.create(email="old@example.jp")
    body = Body.objects.create(council=council, name="移行テスト")
    member = BodyMember.objects.create(
        body=body, name="江藤 聡", affiliation="全国市長会", term_start=datetime.date(2024, 9, 1)
    )
    present = BodyMember.objects.create(
        body=body, name="小野 隆", affiliation="全国町村会", term_start=datetime.date(2024, 9, 1)
    )
    days = [datetime.datetime(2025, m, 10, 8, 30, tzinfo=JST) for m in (4, 6)]
    meetings = [
        Meeting.objects.create(body=body, number=i + 1, starts_at=day, is_online=True, created_by=user)
        for i, day in enumerate(days)
    ]
    for meeting in meetings:
        Attendance.objects.create(
            meeting=meeting, member=member, status="proxy", proxy_name="藤井 学 事務局次長"
        )
        Attendance.objects.create(meeting=meeting, member=present, status="present")

    apps = migrate(AFTER)
    Attendance = apps.get_model("council", "Attendance")
    Substitute = apps.get_model("council", "Substitute")
    substitute = Substitute.objects.get()
    assert (substitute.member_id, substitute.name) == (member.pk, "藤井 学 事務局次長")
    assert (substitute.valid_from, substitute.valid_to) == (
        datetime.date(2025, 4, 10),
        datetime.date(2025, 6, 10),
    )
    proxies = Attendance.objects.filter(status="proxy")
    assert {a.substitute_id for a in proxies} == {substitute.pk}
    assert {a.proxy_name for a in proxies} == {"藤井 学 事務局次長"}
    assert not Attendance.objects.filter(status="present", substitute__isnull=False).exists()
