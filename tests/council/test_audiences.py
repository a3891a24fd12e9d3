"""Three audiences and the release time: who reads which meeting and material, exact to the minute."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import Audience, Material, Meeting
from tests.council.factories import JST, add_material, make_body, make_meeting
from tests.portal.factories import sign_in

RELEASE = datetime.datetime(2026, 12, 24, 14, 0, tzinfo=JST)


@pytest.fixture
def world(cast):
    secretariat = cast["secretariat"]
    body = make_body()
    announced = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    draft = make_meeting(body, secretariat)
    return {
        "announced": announced,
        "draft": draft,
        "public": add_material(announced, secretariat, number="1"),
        "local": add_material(announced, secretariat, number="2", audience=Audience.LOCAL_GOVERNMENTS),
        "members": add_material(announced, secretariat, number="3", audience=Audience.MEMBERS),
        "scheduled": add_material(announced, secretariat, number="4", release_at=RELEASE),
        "in_draft": add_material(draft, secretariat, number="1"),
    }


def readable(user, world, now=None) -> set[str]:
    names = {obj.pk: name for name, obj in world.items() if isinstance(obj, Material)}
    return {names[pk] for pk in Material.objects.visible_to(user, now).values_list("pk", flat=True)}


BEFORE = RELEASE - datetime.timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (None, {"public"}),
        ("talent", {"public"}),
        ("staff", {"public", "local"}),
        ("other_coordinator", {"public", "local"}),
        ("council_member", {"public", "local", "members"}),
        ("secretariat", {"public", "local", "members", "scheduled", "in_draft"}),
        ("admin_user", {"public", "local", "members", "scheduled", "in_draft"}),
    ],
)
def test_each_audience_reads_only_what_is_released_to_it(world, cast, person, expected):
    user = cast[person] if person else None
    assert readable(user, world, now=BEFORE) == expected


def test_a_scheduled_material_opens_at_its_minute_and_never_before(world, cast):
    assert "scheduled" not in readable(None, world, now=BEFORE)
    assert "scheduled" in readable(None, world, now=RELEASE)
    assert "scheduled" in readable(cast["staff"], world, now=RELEASE)


def test_the_public_file_url_follows_the_same_clock(client, world):
    url = reverse("council:material-file", args=[world["scheduled"].pk, 1])
    with mock.patch.object(timezone, "now", return_value=BEFORE):
        assert client.get(url).status_code == 404
    with mock.patch.object(timezone, "now", return_value=RELEASE):
        response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_meeting_released_later_is_hidden_until_then_with_its_materials(secretariat):
    body = make_body()
    meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED, release_at=RELEASE)
    material = add_material(meeting, secretariat)
    assert not Meeting.objects.visible_to(None, BEFORE).filter(pk=meeting.pk).exists()
    assert not Material.objects.visible_to(None, BEFORE).filter(pk=material.pk).exists()
    assert Meeting.objects.visible_to(None, RELEASE).filter(pk=meeting.pk).exists()
    assert Material.objects.visible_to(None, RELEASE).filter(pk=material.pk).exists()


def test_a_members_only_meeting_is_for_its_council_members(secretariat, council_member, staff):
    meeting = make_meeting(
        make_body(), secretariat, status=Meeting.Status.ANNOUNCED, audience=Audience.MEMBERS
    )
    assert Meeting.objects.visible_to(council_member).filter(pk=meeting.pk).exists()
    assert not Meeting.objects.visible_to(staff).filter(pk=meeting.pk).exists()
    assert not Meeting.objects.visible_to(None).filter(pk=meeting.pk).exists()


def test_the_public_page_shows_public_items_only(client, world):
    response = client.get(reverse("council:meeting-detail", args=[world["announced"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "資料1" in page and "[PDF 1KB]" in page
    for hidden in ("資料2", "資料3", "資料4"):
        assert hidden not in page
    assert client.get(reverse("council:meeting-detail", args=[world["draft"].pk])).status_code == 404


def test_outsiders_get_404_for_member_only_files_and_drafts(client, world, cast):
    staff, council_member = cast["staff"], cast["council_member"]
    members_file = reverse("council:material-file", args=[world["members"].pk, 1])
    draft_file = reverse("council:material-file", args=[world["in_draft"].pk, 1])
    assert client.get(members_file).status_code == 404
    assert client.get(draft_file).status_code == 404
    sign_in(client, staff)
    assert client.get(members_file).status_code == 404
    sign_in(client, council_member)
    response = client.get(members_file)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert client.get(draft_file).status_code == 404


def test_a_public_file_is_cacheable_and_one_of_a_members_only_meeting_is_not(
    client, secretariat, council_member
):
    open_meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    closed_meeting = make_meeting(
        make_body("構成員会合"), secretariat, status=Meeting.Status.ANNOUNCED, audience=Audience.MEMBERS
    )
    public_file = add_material(open_meeting, secretariat)
    public_in_closed = add_material(closed_meeting, secretariat)
    assert client.get(reverse("council:material-file", args=[public_file.pk, 1]))["Cache-Control"] == (
        "public, max-age=300"
    )
    sign_in(client, council_member)
    response = client.get(reverse("council:material-file", args=[public_in_closed.pk, 1]))
    assert response.status_code == 200 and "public" not in response["Cache-Control"]
